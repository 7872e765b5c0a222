// Checks a show-if condition while it is typed, using the same parser as on save.
const form = document.getElementById("question-form");
const input = document.getElementById("Input_VisibleIf");
const status = document.getElementById("condition-check");
if (form && input && status) {
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const url = new URL(form.dataset.checkUrl, window.location.origin);
      url.searchParams.set("expression", input.value);
      url.searchParams.set("name", input.dataset.checkName || "");
      try {
        const response = await fetch(url, { credentials: "same-origin" });
        const result = await response.json();
        status.textContent = result.message;
        status.classList.toggle("bo-error-text", !result.ok);
      } catch {
        status.textContent = "";
      }
    }, 400);
  });
}
// Focus the error summary after a failed save, so a screen reader hears it at once.
document.getElementById("error-summary")?.focus();
