// Runs expression-vectors.json through SurveyJS itself (survey-core from npm) and prints each
// vector whose result differs from "expected". Exit code 0 when all agree. Used by
// ExpressionVectorTests so that the vectors stay faithful to the engine they imitate.
import { readFileSync } from "node:fs";
import { ConditionRunner } from "survey-core";

const file = process.argv[2];
const { vectors } = JSON.parse(readFileSync(file, "utf8"));
let failed = 0;
for (const v of vectors) {
  const actual = new ConditionRunner(v.expression).runValues(structuredClone(v.answers));
  if (actual !== v.expected) {
    failed++;
    console.log(`MISMATCH ${JSON.stringify(v.expression)} answers=${JSON.stringify(v.answers)} expected=${v.expected} surveyjs=${actual}`);
  }
}
console.log(`${vectors.length - failed} of ${vectors.length} vectors agree with survey-core`);
process.exit(failed === 0 ? 0 : 1);
