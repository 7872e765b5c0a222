// The interview record without a round trip: the guide's conditions show and hide its questions
// (each with its note) as the interviewer answers, with the trees the server evaluates on save.
// Without this script the record still works: hidden questions appear when it is saved.
import { showVisible, keepNoneExclusive, sendDisabledAnswers } from "../lib/forms/question-form.js";

const stateElement = document.getElementById("survey-state");
const form = document.getElementById("record-form");
if (stateElement && form) {
  const state = JSON.parse(stateElement.textContent);
  // A top-level question hides with its note; one inside a panel hides alone.
  const refresh = () => showVisible(state, form, (q) => (q.parent ? document.getElementById(q.id) : document.getElementById(q.id)?.closest(".bo-interview-question")));
  form.addEventListener("change", (event) => { keepNoneExclusive(form, event); refresh(); });
  form.addEventListener("input", refresh);
  form.addEventListener("submit", () => sendDisabledAnswers(form));
  refresh();
}
