#!/usr/bin/env bash
# Builds the Teams app package a tenant admin uploads: teams/manifest.json with the bot's app id filled
# in, plus the two icons, zipped flat (Teams rejects a package whose files sit in a folder).
# Usage: MicrosoftAppId=<the Azure Bot's app id> scripts/teams-package.sh [output.zip]
#        or scripts/teams-package.sh --app-id <id> [output.zip]
set -euo pipefail
cd "$(dirname "$0")/.."

app_id="${MicrosoftAppId:-}"
if [ "${1:-}" = "--app-id" ]; then app_id="${2:-}"; shift 2; fi
out="${1:-.run/cxbot-teams.zip}"

if ! [[ "$app_id" =~ ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$ ]]; then
  echo "teams-package: set MicrosoftAppId (or pass --app-id) to the bot's Microsoft App ID, a GUID; got '${app_id}'" >&2
  exit 2
fi
for f in teams/manifest.json teams/color.png teams/outline.png; do
  [ -f "$f" ] || { echo "teams-package: missing $f (icons: python3 teams/make-icons.py)" >&2; exit 1; }
done

mkdir -p "$(dirname "$out")"
python3 - "$app_id" "$out" <<'PY'
import json, sys, zipfile
app_id, out = sys.argv[1], sys.argv[2]
manifest = open("teams/manifest.json", encoding="utf-8").read().replace("{{MicrosoftAppId}}", app_id)
json.loads(manifest)  # refuse to package a manifest that is not valid JSON
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("manifest.json", manifest)
    z.write("teams/color.png", "color.png")
    z.write("teams/outline.png", "outline.png")
PY
echo "teams-package: wrote $out (upload it in Teams: Apps > Manage your apps > Upload an app)"
