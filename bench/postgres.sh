#!/usr/bin/env bash
# A PostgreSQL server of the benchmarks' own, durable as a real one (fsync and synchronous commit
# on, the defaults), in a temporary folder: bench/postgres.sh start | stop.
# start prints the connection string to give the benchmark as --db.
set -euo pipefail
dir="${SURVEY_BENCH_PG:-/tmp/survey-bench-pg}"
port="${SURVEY_BENCH_PG_PORT:-55433}"
bin="$(pg_config --bindir 2>/dev/null || true)"
[ -x "$bin/initdb" ] || bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
as=()
if [ "$(id -u)" = 0 ]; then as=(runuser -u postgres --); fi
case "${1:-}" in
  start)
    if [ ! -d "$dir/data" ]; then
      mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres "$dir"
      "${as[@]}" "$bin/initdb" -D "$dir/data" -U survey --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=1GB" start >/dev/null
    "$bin/psql" -h 127.0.0.1 -p "$port" -U survey -d postgres -qc "CREATE DATABASE survey_bench" 2>/dev/null || true
    echo "Host=127.0.0.1;Port=$port;Username=survey;Database=survey_bench"
    ;;
  stop)
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null
    rm -rf "$dir"
    ;;
  *) echo "usage: bench/postgres.sh start | stop"; exit 2 ;;
esac
