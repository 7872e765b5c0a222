// Runs the browser's condition evaluator (Survey.Core/Responses/Forms/conditions.js) over vectors whose
// expressions the server has already parsed into trees, and prints every disagreement.
// Usage: node check-browser-evaluator.mjs <conditions.js> <trees.json>
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [modulePath, treesPath] = process.argv.slice(2);
const { isTrue } = await import(pathToFileURL(modulePath).href);
const vectors = JSON.parse(readFileSync(treesPath, "utf8"));
let failed = 0;
for (const v of vectors) {
  const actual = isTrue(v.tree, structuredClone(v.answers));
  if (actual !== v.expected) {
    failed++;
    console.log(`MISMATCH ${v.expression} answers=${JSON.stringify(v.answers)} expected=${v.expected} browser=${actual}`);
  }
}
console.log(`${vectors.length - failed} of ${vectors.length} vectors agree in the browser evaluator`);
process.exit(failed === 0 ? 0 : 1);
