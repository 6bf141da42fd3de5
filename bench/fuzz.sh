#!/usr/bin/env bash
# bench/fuzz.sh — random-input fuzzing of the answer reader (AnswerReader.Read) and the survey file
# loader (SurveyLoader.Parse over mutated copies of dialogs/*.yaml) for a fixed time budget.
# Not run in CI: it is part of the benchmark command.
#
#   bash bench/fuzz.sh                       # 60 s, half per target
#   FUZZ_SECONDS=600 bash bench/fuzz.sh      # longer
#   FUZZ_SEED=1234 bash bench/fuzz.sh        # replay a run (the seed is printed)
#   bash bench/fuzz.sh reduce <crash file>   # shrink a crashing survey file to the lines that matter
#
# Knobs: FUZZ_SECONDS (60) FUZZ_SEED (random) FUZZ_OUT (bench/results/fuzz-<UTC stamp>) SKIP_BUILD=1
# Exit 0 when no exception escaped and no call took longer than the slow limit; 1 otherwise, with
# each distinct crash written to FUZZ_OUT/crash-*.txt and a summary in FUZZ_OUT/fuzz.json.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
export FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
export FUZZ_OUT="${FUZZ_OUT:-$HERE/results/fuzz-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$FUZZ_OUT"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  dotnet build "$HERE/Fuzz/Fuzz.csproj" -c Release -nologo -v q >/dev/null
fi
dotnet "$HERE/Fuzz/bin/Release/net10.0/Fuzz.dll" "$REPO" "$@"
