// The oracle of the differential test (CorpusTests): loads each corpus definition in survey-core,
// sets each of its answer sets, and prints what SurveyJS makes of it, as one JSON array: the visible
// pages, the visible questions, the questions whose answer is required and missing, and the answers
// kept once the survey completes (survey-core clears hidden questions and choices no longer offered).
// Usage: node oracle.mjs <corpus folder>; TZ set by the caller.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { SurveyModel, settings } from "survey-core";

const NOW = "2026-06-15T10:30:00+02:00";
settings.onDateCreated = (date, reason, value) => (value ? date : new Date(NOW));

const folder = process.argv[2];
const results = [];
for (const file of readdirSync(folder).filter((f) => f.endsWith(".json")).sort()) {
  const { definition, answerSets } = JSON.parse(readFileSync(join(folder, file), "utf8"));
  answerSets.forEach((answers, index) => {
    const survey = new SurveyModel(definition);
    survey.data = structuredClone(answers);
    const questions = survey.getAllQuestions(false);
    const visible = questions.filter((q) => q.isVisible && q.isParentVisible && q.page && q.page.isVisible);
    for (const q of visible) q.hasErrors(true);
    const missing = visible.filter((q) => q.errors.some((e) => e.getErrorType() === "required")).map((q) => q.name);
    // A repeating group's rows: the questions visible in each, and those required and missing, by path (career[2].sector).
    const rowQuestions = [];
    const rowMissing = [];
    for (const q of visible.filter((q) => q.getType() === "matrixdynamic")) {
      q.visibleRows.forEach((row, i) => {
        for (const cell of row.cells.filter((c) => c.question.isVisible)) {
          const path = `${q.name}[${i}].${cell.column.name}`;
          rowQuestions.push(path);
          if (cell.question.errors.some((e) => e.getErrorType() === "required")) rowMissing.push(path);
        }
      });
    }
    for (const q of visible.filter((q) => q.getType() === "paneldynamic")) {
      q.panels.forEach((panel, i) => {
        for (const inner of panel.questions.filter((x) => x.isVisible && x.getType() !== "html")) {
          const path = `${q.name}[${i}].${inner.name}`;
          rowQuestions.push(path);
          if (inner.errors.some((e) => e.getErrorType() === "required")) rowMissing.push(path);
        }
      });
    }
    const pages = survey.visiblePages.map((p) => p.name);
    survey.doComplete();
    results.push({
      file, index, pages,
      questions: visible.filter((q) => q.getType() !== "html").map((q) => q.name),
      missing,
      rowQuestions,
      rowMissing,
      data: survey.data,
    });
  });
}
console.log(JSON.stringify(results));
