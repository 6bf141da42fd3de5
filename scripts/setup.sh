#!/usr/bin/env bash
# Installs what CxBot needs on a fresh Debian machine with the .NET SDK, and nothing that is already there.
# Idempotent: safe to run before every run or test.
set -euo pipefail

if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
  echo "setup: installing redis-server and redis-tools (Debian packages)" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server redis-tools >/dev/null
fi
bash "$(dirname "$0")/setup-postgres.sh"
command -v dotnet >/dev/null || { echo "setup: the .NET SDK 10 is required (dotnet not on PATH)" >&2; exit 1; }
bash "$(dirname "$0")/setup-webchat.sh"
