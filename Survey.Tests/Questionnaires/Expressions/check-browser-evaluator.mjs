// Runs the browser's evaluator (Survey.Core/Responses/Forms/conditions.js) over vectors whose
// expressions the server has already parsed into trees, and prints every disagreement.
// Usage: node check-browser-evaluator.mjs <conditions.js> <trees.json>; TZ set to the vectors' zone.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [modulePath, treesPath] = process.argv.slice(2);
const { isTrue, evaluate } = await import(pathToFileURL(modulePath).href);
const { now, vectors } = JSON.parse(readFileSync(treesPath, "utf8"));
const clock = { now: () => new Date(now) };
let failed = 0;
for (const v of vectors) {
  const answers = structuredClone(v.answers);
  const isCondition = "expected" in v;
  const actual = isCondition ? isTrue(v.tree, answers, clock) : JSON.stringify(evaluate(v.tree, answers, clock) ?? null);
  const wanted = isCondition ? v.expected : JSON.stringify(v.value);
  if (actual !== wanted) {
    failed++;
    console.log(`MISMATCH ${v.expression} answers=${JSON.stringify(v.answers)} expected=${wanted} browser=${actual}`);
  }
}
console.log(`${vectors.length - failed} of ${vectors.length} vectors agree in the browser evaluator`);
process.exit(failed === 0 ? 0 : 1);
