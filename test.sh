#!/usr/bin/env bash
# Runs every test (unit, integration against real SQLite files, real processes and browsers) on the
# embedded SQLite store, then the same suite on PostgreSQL: a private server started here in a
# temporary folder on a free port (or the one SURVEY_TEST_POSTGRES names). It ends with one plain
# line "N passed, N failed" counting both runs, read from the test results, so that a run which
# executed no test cannot pass unnoticed.
#   SURVEY_TEST_STORES=sqlite ./test.sh    only the SQLite run
set -uo pipefail
cd "$(dirname "$0")"

# Front-end packages: the design system the sites serve, and SurveyJS to check the expression vectors against.
npm ci --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }

RESULTS="$PWD/TestResults"
rm -rf "$RESULTS"
stores="${SURVEY_TEST_STORES:-sqlite postgresql}"
status=0
pg_dir=""
pg_why=""
skipped=""

# A PostgreSQL server of the tests' own: initdb and pg_ctl from Debian's packages, run as the
# postgres user when this script runs as root (the server refuses root), trust on loopback only.
start_postgres() {
  local bin
  bin="$(pg_config --bindir 2>/dev/null || true)"
  [ -x "$bin/initdb" ] || bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ ! -x "$bin/initdb" ] || [ ! -x "$bin/pg_ctl" ]; then
    pg_why="no PostgreSQL server programs (initdb, pg_ctl) were found"; return 1
  fi
  local as=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { pg_why="running as root, and there is no postgres user to run the server as"; return 1; }
    as=(runuser -u postgres --)
  fi
  pg_dir="$(mktemp -d /tmp/survey-test-pg.XXXXXX)"
  [ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 40000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done
  "${as[@]}" "$bin/initdb" -D "$pg_dir/data" -U survey --auth=trust -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 \
    || { pg_why="initdb failed: $(tail -n 3 "$pg_dir/initdb.log")"; return 1; }
  # A test server: no waiting for the disk (a crash loses nothing the tests need), room for many test databases' connections.
  "${as[@]}" "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
    -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { pg_why="the server did not start: $(tail -n 3 "$pg_dir/server.log")"; return 1; }
  PG_BIN="$bin"; PG_AS=("${as[@]}")
  export PATH="$bin:$PATH"
  export SURVEY_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=survey;Database=postgres"
}

stop_postgres() {
  if [ -n "$pg_dir" ] && [ -d "$pg_dir/data" ]; then
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$pg_dir"
  fi
}
trap stop_postgres EXIT

for store in $stores; do
  case "$store" in
    sqlite)
      SURVEY_TEST_POSTGRES="" dotnet test Survey.sln --logger "trx;LogFileName=sqlite.trx" --results-directory "$RESULTS" "$@" || status=1
      ;;
    postgresql)
      if [ -z "${SURVEY_TEST_POSTGRES:-}" ]; then
        if ! start_postgres; then
          echo "PostgreSQL run skipped: $pg_why. Install PostgreSQL (apt-get install postgresql) or set SURVEY_TEST_POSTGRES to a server's connection string, and run ./test.sh again."
          skipped="postgresql"
          continue
        fi
      fi
      echo "PostgreSQL run on ${SURVEY_TEST_POSTGRES%%;Username*}"
      dotnet test Survey.sln --logger "trx;LogFileName=postgresql.trx" --results-directory "$RESULTS" "$@" || status=1
      ;;
    *) echo "unknown store in SURVEY_TEST_STORES: $store"; status=1 ;;
  esac
done

passed=0; failed=0; executed=0
for store in $stores; do
  [ "$store" = "$skipped" ] && continue
  trx="$RESULTS/$store.trx"
  if [ ! -f "$trx" ]; then
    echo "$store: no test results were written"
    failed=$((failed + 1)); status=1
    continue
  fi
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  p="$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")"
  f="$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")"
  e="$(sed -E 's/.* executed="([0-9]+)".*/\1/' <<<"$counters")"
  echo "$store: $p passed, $f failed"
  passed=$((passed + p)); failed=$((failed + f)); executed=$((executed + e))
done
if [ "$executed" = "0" ]; then
  echo "No test was executed."
  status=1
  failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
exit $status
