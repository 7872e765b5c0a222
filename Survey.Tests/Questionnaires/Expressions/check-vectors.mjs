// Runs expression-vectors.json through SurveyJS itself (survey-core from npm) and prints each
// vector whose result differs: a condition vector ("expected") through its ConditionRunner, a
// value vector ("value") through its ExpressionRunner, compared as JSON. The date functions run
// at the file's "now" (survey-core's settings.onDateCreated is the clock); the caller sets TZ to
// the file's "timeZone". Exit code 0 when all agree. Used by ExpressionVectorTests.
import { readFileSync } from "node:fs";
import { ConditionRunner, ExpressionRunner, settings } from "survey-core";

const file = process.argv[2];
const { vectors, now } = JSON.parse(readFileSync(file, "utf8"));
settings.onDateCreated = (date, reason, value) => (value ? date : new Date(now));
let failed = 0;
for (const v of vectors) {
  const answers = structuredClone(v.answers);
  const isCondition = "expected" in v;
  const actual = isCondition
    ? new ConditionRunner(v.expression).runValues(answers)
    : JSON.stringify(new ExpressionRunner(v.expression).runValues(answers) ?? null);
  const wanted = isCondition ? v.expected : JSON.stringify(v.value);
  if (actual !== wanted) {
    failed++;
    console.log(`MISMATCH ${JSON.stringify(v.expression)} answers=${JSON.stringify(v.answers)} expected=${wanted} surveyjs=${actual}`);
  }
}
console.log(`${vectors.length - failed} of ${vectors.length} vectors agree with survey-core`);
process.exit(failed === 0 ? 0 : 1);
