#!/usr/bin/env bash
# The web chat's tools on a fresh Debian machine: Node.js and npm (to build the page from the npm
# packages pinned in src/CxBot.Host/WebChat/package-lock.json) and chromium (the browser tests drive it
# headless). Installs the npm packages of the page and of tests/webchat when their lock files changed.
# Idempotent: safe to run before every build or test.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if [ "${#need[@]}" -gt 0 ]; then
  echo "setup-webchat: installing ${need[*]} (Debian packages)" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "setup-webchat: installing chromium (Debian package) for the browser tests" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# npm ci only when package-lock.json is newer than what is installed.
for dir in src/CxBot.Host/WebChat tests/webchat tests/workspace; do
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup-webchat: npm ci in $dir" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
