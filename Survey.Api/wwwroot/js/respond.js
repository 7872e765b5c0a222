// Progressive enhancement of a questionnaire page. Without this script every page works by
// posting the form; with it, conditions show and hide questions at once (using the same trees
// the server evaluates) and answers are saved in the background while the leader types.
import { showVisible, keepNoneExclusive, sendDisabledAnswers } from "../lib/forms/question-form.js";

const stateElement = document.getElementById("survey-state");
const form = document.getElementById("answer-form");
if (stateElement && form) {
  const state = JSON.parse(stateElement.textContent);
  const status = document.getElementById("autosave-status");
  const shownField = form.querySelector('input[name="__shown"]');

  function refresh() {
    const { answers, visible } = showVisible(state, form);
    shownField.value = state.questions.filter((q) => q.type !== "html" && q.type !== "panel" && visible.has(q.name)).map((q) => q.name).join(",");
    return answers;
  }

  let timer = null;
  let saving = Promise.resolve();
  function scheduleSave() {
    if (!state.saveUrl) { refresh(); return; } // a preview keeps its answers only when the page is sent
    clearTimeout(timer);
    timer = setTimeout(() => {
      const answers = refresh();
      status.textContent = state.texts.saving;
      saving = saving.then(() => fetch(state.saveUrl, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ answers, page: state.page }),
      }).then((r) => { status.textContent = r.ok ? state.texts.saved : state.texts.notSaved; })
        .catch(() => { status.textContent = state.texts.notSaved; }));
    }, 800);
  }

  form.addEventListener("change", (event) => {
    keepNoneExclusive(form, event);
    refresh();
    scheduleSave();
  });
  form.addEventListener("input", () => { refresh(); scheduleSave(); });
  form.addEventListener("submit", () => { clearTimeout(timer); sendDisabledAnswers(form); });

  // A preview follows the draft: when the editor changes it, the page is made again from the new draft,
  // at once if nothing has been typed here, else on the leader's word (the notice says so).
  if (state.revisionUrl) {
    let typed = false;
    form.addEventListener("input", () => { typed = true; });
    form.addEventListener("change", () => { typed = true; });
    const poll = setInterval(async () => {
      try {
        const r = await fetch(state.revisionUrl, { cache: "no-store" });
        if (!r.ok) return;
        const { revision } = await r.json();
        if (revision === state.revision) return;
        if (!typed) { clearInterval(poll); window.location.reload(); return; }
        status.textContent = state.texts.draftChanged;
      } catch { /* the next round tries again */ }
    }, 2000);
  }

  refresh();
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
}
