#!/usr/bin/env bash
# Makes the release: dist/survey-<version>/ and dist/survey-<version>.tar.gz, which run on a machine
# with only the ASP.NET Core runtime (no SDK, no npm, no internet):
#   api/      the public site (Survey.Api), published with its static files, compressed at build time
#   web/      the back office (Survey.Web), the same
#   survey    the command line (./survey create-user ..., ./survey backup --to FILE)
#   migrations/, deploy/ (systemd units, the nginx site, the environment file), README.md, docs/
# For Linux on x64 processors unless SURVEY_RID names another runtime (linux-arm64, linux-musl-x64, ...):
# the native libraries (SQLite, SkiaSharp) of that platform only, instead of all of them (470 MB).
#   ./publish.sh               always builds
#   ./publish.sh --if-changed  only when a source file is newer than the last release (start.sh uses this)
set -euo pipefail
cd "$(dirname "$0")"

version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)"
rid="${SURVEY_RID:-linux-x64}"
name="survey-$version"
out="dist/$name"
stamp="dist/.$name.built"

if [ "${1:-}" = "--if-changed" ] && [ -f "$stamp" ] && [ -f "dist/$name.tar.gz" ]; then
  newer="$(find Survey.Api Survey.Web Survey.Core migrations deploy docs package-lock.json Directory.Build.props Directory.Build.targets \
    Directory.Packages.props publish.sh README.md -type f -newer "$stamp" -not -path '*/bin/*' -not -path '*/obj/*' \
    -not -path '*/wwwroot/lib/*' 2>/dev/null | head -n 1)"
  [ -z "$newer" ] && exit 0
  echo "Rebuilding the release: $newer changed"
fi

# The design system comes from npm; the registry is needed only when it is not installed yet or package-lock.json changed.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

rm -rf "$out" "dist/$name.tar.gz" "$stamp"
mkdir -p "$out"
for site in Api Web; do
  dir="$(echo "$site" | tr '[:upper:]' '[:lower:]')"
  dotnet publish "Survey.$site" -c Release -r "$rid" --self-contained false -o "$out/$dir" -p:UseAppHost=false --nologo -v quiet
done
cp -r migrations deploy docs README.md "$out/"
cat > "$out/survey" <<'LAUNCHER'
#!/bin/sh
# The platform's command line (the back office's commands): ./survey create-user --email E --role admin
# It reads the same configuration as the sites: /etc/survey/survey.env when it exists, then the environment.
here="$(dirname "$(readlink -f "$0")")"
if [ -r /etc/survey/survey.env ]; then set -a; . /etc/survey/survey.env; set +a; fi
exec dotnet "$here/web/Survey.Web.dll" "$@"
LAUNCHER
chmod +x "$out/survey"
tar -C dist -czf "dist/$name.tar.gz" "$name"
touch "$stamp"
echo "dist/$name.tar.gz"
