#!/usr/bin/env bash
# Starts the whole platform: the public site (Survey.Api) on 127.0.0.1:5080 and the back office
# (Survey.Web) on 127.0.0.1:5090, sharing data/survey.db. On the very first start it loads the
# leader-mobility demo and creates an admin login, whose password is printed this once.
# Settings can be overridden with environment variables, e.g. ConnectionStrings__Survey=/srv/survey.db.
set -euo pipefail
cd "$(dirname "$0")"

DB="${ConnectionStrings__Survey:-$PWD/data/survey.db}"
export ConnectionStrings__Survey="$DB"
API_URL="${SURVEY_API_URL:-http://127.0.0.1:5080}"
WEB_URL="${SURVEY_WEB_URL:-http://127.0.0.1:5090}"
export Survey__PublicBaseUrl="${Survey__PublicBaseUrl:-$API_URL}"

npm ci --no-audit --no-fund --loglevel=error
dotnet build Survey.sln -c Release -v quiet -nologo
# Each site runs with its project folder as content root, where its wwwroot (and the design system) is.
API="dotnet Survey.Api/bin/Release/net10.0/Survey.Api.dll --contentRoot $PWD/Survey.Api"
WEB="dotnet Survey.Web/bin/Release/net10.0/Survey.Web.dll --contentRoot $PWD/Survey.Web"
# The command line takes the command first.
CLI="dotnet Survey.Web/bin/Release/net10.0/Survey.Web.dll"

if [ ! -f "$DB" ]; then
  echo "First start: loading the leader-mobility demo into $DB ..."
  $CLI seed-demo --responses 300
  ADMIN_EMAIL="admin@demo.example"
  PASSWORD="$($CLI create-user --email "$ADMIN_EMAIL" --role admin | tail -n 1)"
  echo
  echo "=================================================================="
  echo " Back office: $WEB_URL"
  echo " Log in as:   $ADMIN_EMAIL"
  echo " Password:    $PASSWORD"
  echo " (shown this once; create more users with"
  echo "  dotnet run --project Survey.Web -- create-user --email E --role R)"
  echo "=================================================================="
  echo
fi

$API --urls "$API_URL" &
API_PID=$!
trap 'kill $API_PID 2>/dev/null || true' EXIT INT TERM
echo "Public site:  $API_URL"
echo "Back office:  $WEB_URL"
$WEB --urls "$WEB_URL"
