// The browser half of the question form (QuestionField.razor) that the leaders' pages and the
// interview record share: reads the answers a form holds in the shape the server stores, and shows
// or hides each question by its condition, with the trees the server evaluates (conditions.js).
// The server sends the questions in a <script type="application/json"> element (QuestionViews.ScriptState).
import { isTrue, evaluate } from "./conditions.js";

const matchValue = (key, values) => {
  if (!values) return key;
  const found = values.find((v) => String(v) === key);
  return found === undefined ? key : found;
};

// How a field's value is read is the question type's to say (QuestionType.ClientReader on the
// server): a new type that answers like an existing one needs nothing here.
function readQuestion(q, data) {
  const one = data.get(q.name);
  switch (q.reader) {
    case "none": return undefined;
    case "choice": return one ? matchValue(one, q.choices) : undefined;
    case "choices": {
      const all = data.getAll(q.name).filter((v) => v);
      return all.length ? all.map((v) => matchValue(v, q.choices)) : undefined;
    }
    case "boolean": return one === "true" ? true : one === "false" ? false : undefined;
    case "number": return one ? Number(one) : undefined;
    case "matrix": {
      const cells = {};
      for (const row of q.rows) {
        const cell = data.get(q.name + "." + String(row));
        if (cell) cells[String(row)] = matchValue(cell, q.columns);
      }
      return Object.keys(cells).length ? cells : undefined;
    }
    case "cells": {
      // Each cell is read as the small question of its column's type that it is.
      const rows = {};
      for (const cell of q.cells || []) {
        const value = readQuestion(cell, data);
        if (value === undefined) continue;
        (rows[cell.row] ??= {})[cell.column] = value;
      }
      return Object.keys(rows).length ? rows : undefined;
    }
    case "rows": {
      // A repeating group: as many rows as the form holds (its count field), each question read under its path (career[2].sector).
      const count = Number(data.get(q.name + ".rows")) || 0;
      if (count === 0) return undefined;
      const rows = [];
      for (let i = 0; i < count; i++) {
        const row = {};
        for (const field of q.template || []) {
          const path = `${q.name}[${i}].${field.name}`;
          const value = readQuestion({ ...field, name: path }, data);
          if (value !== undefined) row[field.name] = value;
          const other = data.get(path + "-Comment");
          if (other && other.trim() && [].concat(value ?? []).includes("other")) row[field.name + "-Comment"] = other;
        }
        rows.push(row);
      }
      return rows;
    }
    case "items": {
      const cells = {};
      for (const item of q.items || []) {
        const text = data.get(q.name + "." + item.name);
        if (!text || !text.trim()) continue;
        const n = Number(text.trim().replace(",", "."));
        if (!item.numeric) cells[item.name] = text;
        else if (Number.isFinite(n)) cells[item.name] = n; // not a number yet: the server reports it when the form is sent
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
      if (q.inputType === "number" || q.inputType === "range") {
        const n = Number(one.trim().replace(",", "."));
        return Number.isFinite(n) ? n : undefined; // not a number yet: the server reports it when the form is sent
      }
      return one;
    default: return one && one.trim() ? one : undefined;
  }
}

const keyOf = (v) => String(v);

// The choices a question offers with these answers (AnswerValidator.OfferedChoices on the server):
// its own or its source's (all, selected or unselected), each choice's visibleIf, choicesVisibleIf
// with {item} the choice; "other" and "none" always. Null when nothing about its choices depends on answers.
export function offeredChoices(q, state, answers) {
  if (!q.choicesVisibleIf && !q.choicesFrom && !q.choiceConditions) return null;
  let keys = (q.choices || []).map(keyOf);
  const conditions = q.choiceConditions || [];
  keys = keys.filter((k, i) => !conditions[i] || !conditions[i].visibleIf || isTrue(conditions[i].visibleIf, answers));
  if (q.choicesFrom && q.choicesFrom.mode !== "all") {
    const chosen = new Set([].concat(answers[q.choicesFrom.question] ?? []).map(keyOf));
    keys = keys.filter((k) => chosen.has(k) === (q.choicesFrom.mode === "selected"));
  }
  if (q.choicesVisibleIf) {
    keys = keys.filter((k) => isTrue(q.choicesVisibleIf, { ...answers, item: (q.choices || []).find((c) => keyOf(c) === k) }));
  }
  const disabled = new Set((q.choices || []).map(keyOf).filter((k, i) => conditions[i] && conditions[i].enableIf && !isTrue(conditions[i].enableIf, answers)));
  return { offered: new Set([...keys, "other", "none"]), disabled };
}

const isReadOnly = (q, answers) => q.readOnly === true || (q.enableIf ? !isTrue(q.enableIf, answers) : false);

// The answers given before (state.answers) merged with what the form holds now. As in survey-core
// and on the server, the answer to a hidden question still counts in conditions (it is dropped only
// when the response is submitted), while a chosen choice no longer offered is taken back at once,
// which can change other conditions. A disabled field sends nothing, so its question keeps its answer.
export function currentAnswers(state, form) {
  const data = new FormData(form);
  const answers = { ...state.answers };
  for (const q of state.questions) {
    const wrapper = document.getElementById(q.id)?.querySelector(":scope > .question-enable");
    if (wrapper && wrapper.disabled) continue;
    delete answers[q.name];
    delete answers[q.name + "-Comment"];
    const value = readQuestion(q, data);
    if (value !== undefined) answers[q.name] = value;
    const other = data.get(q.name + "-Comment");
    if (other && other.trim()) answers[q.name + "-Comment"] = other;
  }
  let visible;
  // What conditions see: the survey's calculated values, then the answers over them (as the server's AnswerLookup).
  const vars = {};
  let scope = { ...answers };
  for (let round = 0; round <= state.questions.length * 2; round++) {
    for (const c of state.calculated || []) {
      let value = evaluate(c.tree, scope);
      if (value instanceof Date) value = value.toJSON();
      vars[c.name] = value;
      scope = { ...vars, ...answers };
    }
    // A panel comes before what it holds, so its visibility is known when its elements are asked about.
    visible = new Set();
    for (const q of state.questions) {
      if ((!q.parent || visible.has(q.parent)) && (!q.visibleIf || isTrue(q.visibleIf, scope))) visible.add(q.name);
    }
    // A panel with nothing visible in it is hidden too (innermost first, as panels nest).
    for (const q of [...state.questions].reverse()) {
      if (q.type === "panel" && !state.questions.some((c) => c.parent === q.name && visible.has(c.name))) visible.delete(q.name);
    }
    let withdrawn = false;
    for (const q of state.questions.filter((q) => visible.has(q.name) && answers[q.name] !== undefined)) {
      const choices = offeredChoices(q, state, scope);
      if (!choices) continue;
      const value = answers[q.name];
      if (Array.isArray(value)) {
        const kept = value.filter((v) => choices.offered.has(keyOf(v)));
        if (kept.length !== value.length) { withdrawn = true; if (kept.length) answers[q.name] = kept; else delete answers[q.name]; }
      } else if (!choices.offered.has(keyOf(value))) { withdrawn = true; delete answers[q.name]; }
    }
    // Expression questions, as the server computes them (a date as its JSON text, nothing for null or NaN).
    for (const q of state.questions.filter((q) => q.expression)) {
      let value = evaluate(q.expression, scope);
      if (value instanceof Date) value = Number.isNaN(value.getTime()) ? undefined : value.toJSON();
      if (value === null || value === "" || (typeof value === "number" && !Number.isFinite(value))) value = undefined;
      if (JSON.stringify(value) !== JSON.stringify(answers[q.name])) {
        withdrawn = true;
        if (value === undefined) delete answers[q.name]; else answers[q.name] = value;
      }
    }
    scope = { ...vars, ...answers };
    if (!withdrawn || round > state.questions.length) break;
  }
  for (const q of state.questions) {
    const otherChosen = [].concat(answers[q.name] ?? []).includes("other");
    if (!otherChosen) delete answers[q.name + "-Comment"];
  }
  return { answers, visible, scope: { ...vars, ...answers } };
}

// Shows the visible questions and hides the rest (the element containerOf gives for each, by
// default the question's own), and each "other" text box with its choice; returns the answers.
export function showVisible(state, form, containerOf = (q) => document.getElementById(q.id)) {
  const { answers, visible, scope } = currentAnswers(state, form);
  for (const q of state.questions) {
    const question = document.getElementById(q.id);
    const container = containerOf(q);
    if (container) container.hidden = !visible.has(q.name);
    if (q.template) showRows(q, answers, scope);
    const other = question && !q.template && question.querySelector(".other-text");
    if (other) other.hidden = ![].concat(answers[q.name] ?? []).includes("other");
    if (!question) continue;
    // enableIf: the field as a whole; requiredIf: the "(optional)" mark.
    const wrapper = question.querySelector(":scope > .question-enable");
    if (wrapper) {
      const disable = isReadOnly(q, scope);
      // A question that becomes disabled keeps the answer it has, as in SurveyJS; its field sends nothing from now on.
      if (disable && !wrapper.disabled) {
        if (answers[q.name] === undefined) delete state.answers[q.name]; else state.answers[q.name] = answers[q.name];
      }
      wrapper.disabled = disable;
    }
    const optional = question.querySelector(".optional");
    if (optional && q.requiredIf) optional.hidden = q.required === true || isTrue(q.requiredIf, scope);
    const choices = offeredChoices(q, state, scope);
    if (choices) {
      for (const item of question.querySelectorAll("[data-choice]")) {
        const offered = choices.offered.has(item.dataset.choice);
        item.hidden = !offered;
        const input = item.matches("option") ? item : item.querySelector("input");
        if (input) {
          input.disabled = !offered || choices.disabled.has(item.dataset.choice);
          if (!offered) { if (input.matches("option")) input.selected = false; else input.checked = false; }
        }
      }
    }
  }
  const lang = document.documentElement.lang === "en" ? "en-GB" : "da-DK";
  for (const q of state.questions.filter((q) => q.expression)) {
    const output = document.getElementById(q.id + "-input");
    if (!output) continue;
    const value = answers[q.name];
    output.textContent = value === undefined ? "–"
      : typeof value === "number" ? value.toLocaleString(lang, { maximumFractionDigits: 2 })
      : typeof value === "boolean" ? state.yesNo[value ? 0 : 1] : String(value);
  }
  // showQuestionNumbers: the visible numbered questions count on from the page's start.
  let number = state.numberStart || 0;
  for (const q of state.questions.filter((q) => q.numbered)) {
    const span = document.getElementById(q.id)?.querySelector(".question-number");
    if (span) span.textContent = visible.has(q.name) ? `${++number}. ` : "";
  }
  return { answers, visible };
}

// Each row of a repeating group shows its questions by their own conditions, with {panel.name} the
// row's answers and {panelIndex} its index from 0 (a matrixdynamic's {row.name} and {rowIndex} from 1:
// q.rowScope), as RowLookup on the server.
function showRows(q, answers, scope) {
  const rows = answers[q.name] || [];
  const names = q.rowScope || { prefix: "panel", index: "panelIndex", base: 0 };
  document.querySelectorAll(`#${CSS.escape(q.id)} .panel-dynamic-row`).forEach((rowElement) => {
    const i = Number(rowElement.dataset.row);
    const row = rows[i] || {};
    const rowScope = { ...scope, [names.prefix]: row, [names.index]: i + names.base };
    (q.template || []).forEach((field, j) => {
      const element = document.getElementById(`${q.id}-p${i}-e${j}`);
      if (!element) return;
      element.hidden = field.visibleIf ? !isTrue(field.visibleIf, rowScope) : false;
      const wrapper = element.querySelector(":scope > .question-enable");
      if (wrapper) wrapper.disabled = isReadOnly(field, rowScope);
      const optional = element.querySelector(".optional");
      if (optional && field.requiredIf) optional.hidden = field.required === true || isTrue(field.requiredIf, rowScope);
      const other = element.querySelector(".other-text");
      if (other) other.hidden = ![].concat(row[field.name] ?? []).includes("other");
    });
  });
}

// A field that enableIf disabled still holds the answer given while it was enabled: it is sent with
// the page (the server keeps a disabled question's answer as the page sends it, or as the draft has it).
export function sendDisabledAnswers(form) {
  form.querySelectorAll("fieldset.question-enable[data-enable-if]").forEach((f) => { f.disabled = false; });
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
