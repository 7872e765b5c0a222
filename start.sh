#!/usr/bin/env bash
# Starts the whole platform: the public site (Survey.Api) on 127.0.0.1:5080 and the back office
# (Survey.Web) on 127.0.0.1:5090, sharing data/survey.db. On the very first start it loads the
# leader-mobility demo and creates an admin login, whose password is printed this once.
# It runs the release (publish.sh), rebuilt only when a source file changed since the last one, so a
# second start takes seconds and needs neither the SDK's build nor the npm registry. SIGTERM or
# Ctrl-C stops both sites.
# Settings can be overridden with environment variables, e.g. ConnectionStrings__Survey=/srv/survey.db.
set -euo pipefail
cd "$(dirname "$0")"

DB="${ConnectionStrings__Survey:-$PWD/data/survey.db}"
export ConnectionStrings__Survey="$DB"
API_URL="${SURVEY_API_URL:-http://127.0.0.1:5080}"
WEB_URL="${SURVEY_WEB_URL:-http://127.0.0.1:5090}"
export Survey__PublicBaseUrl="${Survey__PublicBaseUrl:-$API_URL}"

./publish.sh --if-changed >/dev/null
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)"
release="$PWD/dist/survey-$version"
# The command line takes the command first.
CLI=(dotnet "$release/web/Survey.Web.dll")

if [ "$DB" = "${DB#Host=}" ] && [ ! -f "$DB" ]; then
  echo "First start: loading the leader-mobility demo into $DB ..."
  "${CLI[@]}" seed-demo --responses 300
  ADMIN_EMAIL="admin@demo.example"
  PASSWORD="$("${CLI[@]}" create-user --email "$ADMIN_EMAIL" --role admin | tail -n 1)"
  echo
  echo "=================================================================="
  echo " Back office: $WEB_URL"
  echo " Log in as:   $ADMIN_EMAIL"
  echo " Password:    $PASSWORD"
  echo " (shown this once; create more users with"
  echo "  $release/survey create-user --email E --role R)"
  echo "=================================================================="
  echo
fi

dotnet "$release/api/Survey.Api.dll" --urls "$API_URL" &
api=$!
dotnet "$release/web/Survey.Web.dll" --urls "$WEB_URL" &
web=$!
stop() {
  trap - TERM INT
  kill -TERM "$api" "$web" 2>/dev/null || true
  wait "$api" "$web" 2>/dev/null || true
  exit 0
}
trap stop TERM INT
echo "Public site:  $API_URL"
echo "Back office:  $WEB_URL"
# Should either site stop by itself, the other is stopped too.
wait -n "$api" "$web" || true
stop
