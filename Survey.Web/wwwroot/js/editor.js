// The question editor's comfort: the show-if condition checked as it is typed (the same parser as
// on save), and the question saved as the draft in the background while it is edited, with the
// same revision check as the Save button. Listeners sit on the document, so they keep working when
// backoffice.js replaces the page's main part after a list button.
let checkTimer = null;
let saveTimer = null;
let saving = Promise.resolve();
let inFlight = 0;
let stopped = false;

const form = () => document.getElementById("question-form");

async function checkCondition(input) {
  const status = document.getElementById("condition-check");
  const f = form();
  if (!status || !f) return;
  const url = new URL(f.dataset.checkUrl, window.location.origin);
  url.searchParams.set("expression", input.value);
  url.searchParams.set("name", input.dataset.checkName || "");
  try {
    const result = await (await fetch(url, { credentials: "same-origin" })).json();
    status.textContent = result.message;
    status.classList.toggle("bo-error-text", !result.ok);
  } catch {
    status.textContent = "";
  }
}

// Sends the form to the Autosave handler; the answer says whether the draft took it, and its new revision.
async function autosave() {
  const f = form();
  if (!f || stopped || !f.dataset.autosaveUrl) return;
  const status = document.getElementById("autosave-status");
  const body = new FormData(f);
  body.set("Action", "save");
  try {
    const response = await fetch(f.dataset.autosaveUrl, { method: "POST", body, credentials: "same-origin" });
    const result = await response.json();
    if (result.revision !== undefined) {
      for (const r of document.querySelectorAll('input[name="Revision"]')) r.value = result.revision;
    }
    if (response.status === 409) stopped = true;
    if (status) {
      status.textContent = result.message;
      status.classList.toggle("bo-error-text", !result.saved);
    }
  } catch {
    if (status) status.textContent = status.dataset.failed || "";
  }
}

function scheduleSave() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    inFlight++;
    saving = saving.then(autosave).finally(() => { inFlight--; });
  }, 1200);
}

document.addEventListener("input", (event) => {
  if (!event.target.closest("#question-form")) return;
  if (event.target.id === "Input_VisibleIf") {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(() => checkCondition(event.target), 400);
  }
  scheduleSave();
});
document.addEventListener("change", (event) => {
  if (event.target.closest("#question-form")) scheduleSave();
});
// A list button changed the form in place: save what it now holds.
document.addEventListener("inplace:replaced", () => { if (form()) scheduleSave(); });
// The Save button sends the form the ordinary way; no background save may overtake it, and one on
// its way is waited for, so Save carries the revision that save made (not an older one, which the
// server would refuse as someone else's change).
document.addEventListener("submit", (event) => {
  if (event.target.id !== "question-form" || event.submitter?.value !== "save") return;
  clearTimeout(saveTimer);
  if (inFlight === 0) return;
  event.preventDefault();
  const submitter = event.submitter;
  saving.then(() => event.target.requestSubmit(submitter));
}, true);

// The builder's value list shows the values of the question chosen, nothing else.
function showValuesOf(questionSelect) {
  const values = document.getElementById("BuildValue");
  if (!values) return;
  for (const group of values.querySelectorAll("optgroup")) {
    const mine = group.dataset.question === questionSelect.value;
    group.hidden = !mine;
    group.disabled = !mine;
  }
  if (values.selectedOptions[0]?.parentElement?.disabled) values.value = "";
}
document.addEventListener("change", (event) => { if (event.target.id === "BuildQuestion") showValuesOf(event.target); });
document.addEventListener("inplace:replaced", () => { const q = document.getElementById("BuildQuestion"); if (q) showValuesOf(q); });
const builderQuestion = document.getElementById("BuildQuestion");
if (builderQuestion) showValuesOf(builderQuestion);

// Focus the error summary after a failed save, so a screen reader hears it at once.
document.getElementById("error-summary")?.focus();
