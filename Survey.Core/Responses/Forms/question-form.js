// The browser half of the question form (QuestionField.razor) that the leaders' pages and the
// interview record share: reads the answers a form holds in the shape the server stores, and shows
// or hides each question by its condition, with the trees the server evaluates (conditions.js).
// The server sends the questions in a <script type="application/json"> element (QuestionViews.ScriptState).
import { isTrue } from "./conditions.js";

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
        return Number.isFinite(n) ? n : undefined; // not a number yet: the server reports it when the form is sent
      }
      return one;
    default: return one && one.trim() ? one : undefined;
  }
}

// The answers given before (state.answers) merged with what the form holds now; hidden questions
// drop out, which can hide others in turn, exactly as the server decides.
export function currentAnswers(state, form) {
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

// Shows the visible questions and hides the rest (the element containerOf gives for each, by
// default the question's own), and each "other" text box with its choice; returns the answers.
export function showVisible(state, form, containerOf = (q) => document.getElementById(q.id)) {
  const { answers, visible } = currentAnswers(state, form);
  for (const q of state.questions) {
    const question = document.getElementById(q.id);
    const container = containerOf(q);
    if (container) container.hidden = !visible.has(q.name);
    const other = question && question.querySelector(".other-text");
    if (other) other.hidden = ![].concat(answers[q.name] ?? []).includes("other");
  }
  return { answers, visible };
}

// "None of these" excludes the other options of a checkbox question, and the other way round.
export function keepNoneExclusive(form, event) {
  const box = event.target;
  if (box.type !== "checkbox" || !box.checked) return;
  const group = form.querySelectorAll(`input[type="checkbox"][name="${CSS.escape(box.name)}"]`);
  group.forEach((other) => {
    if (other !== box && (box.dataset.none === "true" || other.dataset.none === "true")) other.checked = false;
  });
}
