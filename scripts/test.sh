#!/usr/bin/env bash
# Sets up and runs every test: unit tests, tests against a real redis-server on loopback (started by
# the tests themselves on free ports), and end-to-end tests through the bot's real HTTP endpoint.
# Ends with one line "Tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build CxBot.sln -c Release -nologo -v q
out="$(mktemp)"
set +e
dotnet test CxBot.sln -c Release --no-build --nologo --blame-hang-timeout 10m -- RunConfiguration.TreatNoTestsAsError=true 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}
set -e
passed=$(grep -oE 'Passed: +[0-9]+' "$out" | awk '{s+=$2} END{print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$out" | awk '{s+=$2} END{print s+0}')
rm -f "$out"
echo "Tests: $passed passed, $failed failed"
if [ "$rc" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
