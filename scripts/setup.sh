#!/usr/bin/env bash
# Installs what CxBot needs on a fresh Debian machine with the .NET SDK, and nothing that is already there.
# Idempotent: safe to run before every run or test.
set -euo pipefail

need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v redis-cli >/dev/null || need+=(redis-tools)
if [ "${#need[@]}" -gt 0 ]; then
  echo "setup: installing ${need[*]} (Debian packages)" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
bash "$(dirname "$0")/setup-postgres.sh"
command -v dotnet >/dev/null || { echo "setup: the .NET SDK 10 is required (dotnet not on PATH)" >&2; exit 1; }
bash "$(dirname "$0")/setup-webchat.sh"
