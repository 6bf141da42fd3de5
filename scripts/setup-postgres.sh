#!/usr/bin/env bash
# Installs PostgreSQL 15 (Debian's packages) for the response store and its tests, if missing.
# The tests and scripts/run.sh start servers of their own from /usr/lib/postgresql/15/bin (data in a
# temp folder or .run/postgres); the package's own cluster is not used. Idempotent.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
if [ ! -x "$PG_BIN/initdb" ] || [ ! -f /usr/share/postgresql/15/extension/unaccent.control ]; then
  echo "setup: installing PostgreSQL 15 (Debian packages)" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql-15 postgresql-client-15 >/dev/null \
    || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql postgresql-client >/dev/null
fi
[ -x "$PG_BIN/initdb" ] || { echo "setup: PostgreSQL 15 is required at $PG_BIN (Debian bookworm's postgresql)" >&2; exit 1; }
id postgres >/dev/null 2>&1 || { echo "setup: the postgres user is missing (the Debian package creates it)" >&2; exit 1; }
