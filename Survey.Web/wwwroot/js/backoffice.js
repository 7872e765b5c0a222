// Comfort on every back-office page; without it the pages work the same, only without the two questions.
// A form with data-confirm asks before it is sent (removing, deleting, publishing).
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
}, true);

// A form with data-warn-unsaved warns before the page is left with changes typed but not saved.
for (const form of document.querySelectorAll("form[data-warn-unsaved]")) {
  let dirty = false;
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("change", () => { dirty = true; });
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });
}

// A form with data-inplace is sent in the background and the main part of the page is replaced by
// the answer, so a change happens where it was made: no reload and no jump to the top. A form with
// data-inplace-actions does so only for its list buttons (name="Action" other than save), and is
// sent the ordinary way otherwise. Focus returns to the same control (by id, or by name and value),
// or to the error summary when the answer has one. Any failure falls back to sending the form.
export async function sendInPlace(form, submitter, body = new FormData(form, submitter)) {
  const response = await fetch(form.action, { method: "POST", body, credentials: "same-origin" });
  const doc = new DOMParser().parseFromString(await response.text(), "text/html");
  const next = doc.getElementById("main");
  const main = document.getElementById("main");
  if (!next || !main) throw new Error("no main in the answer");
  const scroll = window.scrollY;
  main.replaceWith(next);
  document.title = doc.title;
  window.scrollTo(0, scroll);
  const summary = next.querySelector("#error-summary");
  const again = (submitter?.id && next.querySelector("#" + CSS.escape(submitter.id)))
    || (submitter?.name && [...next.querySelectorAll(`[name="${CSS.escape(submitter.name)}"]`)].find((e) => e.value === submitter.value));
  if (summary) summary.focus();
  else if (again && !again.disabled) again.focus({ preventScroll: true });
  else next.focus({ preventScroll: true });
  const status = next.querySelector("#editor-status");
  if (status && response.ok && !summary) status.textContent = status.dataset.saved || "";
  document.dispatchEvent(new CustomEvent("inplace:replaced", { detail: { ok: response.ok, status: response.status } }));
  return response;
}

document.addEventListener("submit", (event) => {
  if (event.defaultPrevented) return;
  const form = event.target;
  const submitter = event.submitter;
  const inPlace = !form.dataset.inplaceOff && form.matches("form[data-inplace]")
    || (form.matches("form[data-inplace-actions]") && submitter?.name === "Action" && submitter.value !== "save");
  if (!inPlace) return;
  event.preventDefault();
  // The form's values (with the button pressed) are read before its buttons are held off against a second press.
  const body = new FormData(form, submitter);
  for (const b of form.querySelectorAll("button")) b.disabled = true;
  sendInPlace(form, submitter, body).catch(() => {
    for (const b of form.querySelectorAll("button")) b.disabled = false;
    form.dataset.inplaceOff = "1";
    form.requestSubmit(submitter);
  });
});
