// Progressive enhancement of a questionnaire page. Without this script every page works by
// posting the form; with it, conditions show and hide questions at once (using the same trees
// the server evaluates) and answers are saved in the background while the leader types.
import { isTrue } from "./conditions.js";

const stateElement = document.getElementById("survey-state");
const form = document.getElementById("answer-form");
if (stateElement && form) {
  const state = JSON.parse(stateElement.textContent);
  const status = document.getElementById("autosave-status");
  const shownField = form.querySelector('input[name="__shown"]');

  const matchValue = (key, values) => {
    if (!values) return key;
    const found = values.find((v) => String(v) === key);
    return found === undefined ? key : found;
  };

  function readQuestion(q, data) {
    const one = data.get(q.name);
    switch (q.type) {
      case "html": return undefined;
      case "radiogroup":
      case "dropdown": return one ? matchValue(one, q.choices) : undefined;
      case "checkbox": {
        const all = data.getAll(q.name).filter((v) => v);
        return all.length ? all.map((v) => matchValue(v, q.choices)) : undefined;
      }
      case "boolean": return one === "true" ? true : one === "false" ? false : undefined;
      case "rating": return one ? Number(one) : undefined;
      case "matrix": {
        const cells = {};
        for (const row of q.rows) {
          const cell = data.get(q.name + "." + String(row));
          if (cell) cells[String(row)] = matchValue(cell, q.columns);
        }
        return Object.keys(cells).length ? cells : undefined;
      }
      case "ranking": {
        const placed = q.choices
          .map((c) => ({ c, p: Number(data.get(q.name + "." + String(c))) }))
          .filter((x) => x.p > 0)
          .sort((a, b) => a.p - b.p);
        return placed.length === q.choices.length && new Set(placed.map((x) => x.p)).size === placed.length
          ? placed.map((x) => x.c) : undefined;
      }
      case "text":
        if (!one || !one.trim()) return undefined;
        if (q.inputType === "number") {
          const n = Number(one.trim().replace(",", "."));
          return Number.isFinite(n) ? n : undefined; // not a number yet: the server reports it on "Next"
        }
        return one;
      default: return one && one.trim() ? one : undefined;
    }
  }

  // The draft from the server merged with what the form holds now; hidden questions drop out,
  // which can hide others in turn, exactly as the server decides.
  function currentAnswers() {
    const data = new FormData(form);
    const answers = { ...state.answers };
    for (const q of state.questions) {
      delete answers[q.name];
      delete answers[q.name + "-Comment"];
      const value = readQuestion(q, data);
      if (value !== undefined) answers[q.name] = value;
      const other = data.get(q.name + "-Comment");
      if (other && other.trim()) answers[q.name + "-Comment"] = other;
    }
    let visible;
    for (let round = 0; round <= state.questions.length; round++) {
      visible = new Set(state.questions.filter((q) => !q.visibleIf || isTrue(q.visibleIf, answers)).map((q) => q.name));
      const hidden = state.questions.filter((q) => !visible.has(q.name) && answers[q.name] !== undefined);
      if (hidden.length === 0) break;
      for (const q of hidden) { delete answers[q.name]; delete answers[q.name + "-Comment"]; }
    }
    for (const q of state.questions) {
      const otherChosen = [].concat(answers[q.name] ?? []).includes("other");
      if (!otherChosen) delete answers[q.name + "-Comment"];
    }
    return { answers, visible };
  }

  function refresh() {
    const { answers, visible } = currentAnswers();
    for (const q of state.questions) {
      const container = document.getElementById(q.id);
      if (container) container.hidden = !visible.has(q.name);
      const other = container && container.querySelector(".other-text");
      if (other) other.hidden = ![].concat(answers[q.name] ?? []).includes("other");
    }
    shownField.value = state.questions.filter((q) => q.type !== "html" && visible.has(q.name)).map((q) => q.name).join(",");
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

  // "None of these" excludes the other options of a checkbox question, and the other way round.
  form.addEventListener("change", (event) => {
    const box = event.target;
    if (box.type === "checkbox" && box.checked) {
      const group = form.querySelectorAll(`input[type="checkbox"][name="${CSS.escape(box.name)}"]`);
      group.forEach((other) => {
        if (other !== box && (box.dataset.none === "true" || other.dataset.none === "true")) other.checked = false;
      });
    }
    refresh();
    scheduleSave();
  });
  form.addEventListener("input", () => { refresh(); scheduleSave(); });
  form.addEventListener("submit", () => clearTimeout(timer));

  refresh();
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
}
