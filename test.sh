#!/usr/bin/env bash
# Runs every test (unit, integration against real SQLite files and real processes) and ends with
# one plain line "N passed, N failed" read from the test results, so that a run which executed
# no test cannot pass unnoticed.
set -uo pipefail
cd "$(dirname "$0")"

# Front-end packages: the design system the sites serve, and SurveyJS to check the expression vectors against.
npm ci --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }

RESULTS="$PWD/TestResults"
rm -rf "$RESULTS"
dotnet test Survey.sln --logger "trx;LogFileName=results.trx" --results-directory "$RESULTS" "$@"
status=$?

TRX="$(find "$RESULTS" -name '*.trx' 2>/dev/null | head -n 1)"
if [ -z "$TRX" ]; then
  echo "No test results were written."
  echo "0 passed, 1 failed"
  exit 1
fi
counters="$(grep -o '<Counters [^>]*>' "$TRX")"
passed="$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")"
failed="$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")"
executed="$(sed -E 's/.* executed="([0-9]+)".*/\1/' <<<"$counters")"
if [ "$executed" = "0" ]; then
  echo "No test was executed."
  status=1
fi
echo "$passed passed, $failed failed"
exit $status
