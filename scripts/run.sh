#!/usr/bin/env bash
# Sets up and runs CxBot on this machine: a local Redis (AOF on, data in .run/redis), a local PostgreSQL
# (data in .run/postgres) and the bot with its web chat on http://127.0.0.1:${PORT:-3978}/.
# Stops the Redis and PostgreSQL it started when the bot exits.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

PORT="${PORT:-3978}"
REDIS_PORT="${REDIS_PORT:-6379}"
mkdir -p .run/redis
started_redis=""
if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$PWD/.run/redis" --appendonly yes --appendfsync everysec \
    --save '' --daemonize no --logfile "$PWD/.run/redis/redis.log" &
  started_redis=$!
  for _ in $(seq 1 100); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  echo "run: Redis on 127.0.0.1:$REDIS_PORT (pid $started_redis, AOF in .run/redis)" >&2
fi
# PostgreSQL for the response store: data in .run/postgres, run as the postgres user (it refuses root).
PG_PORT="${PG_PORT:-5433}"; PG_BIN=/usr/lib/postgresql/15/bin; PG_DATA="$PWD/.run/postgres"
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$PG_DATA"; [ "$(id -u)" -ne 0 ] || chown postgres: "$PG_DATA"
[ -f "$PG_DATA/PG_VERSION" ] || as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
started_pg=""
if ! as_pg "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -q; then
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/postgres.log" -w start -o "-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1" >/dev/null
  started_pg=1; echo "run: PostgreSQL on 127.0.0.1:$PG_PORT (data in .run/postgres)" >&2
fi
as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "select 1 from pg_database where datname = 'cxbot'" | grep -q 1 \
  || as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres cxbot
cleanup() {
  [ -n "$started_redis" ] && kill "$started_redis" 2>/dev/null || true
  [ -n "$started_pg" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

dotnet build src/CxBot.Host -c Release -v q -nologo >&2
cat >&2 <<MSG
run: CxBot is starting. Open the web chat at  http://127.0.0.1:$PORT/
run: channels post to http://127.0.0.1:$PORT/api/messages (see README, "Talk to it"). Ctrl+C stops it.
MSG
# The bot runs as a child the script waits on, so Ctrl+C or a TERM to the script stops the bot first,
# then the EXIT trap stops the Redis and PostgreSQL started above.
ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=cxbot" \
  dotnet run --project src/CxBot.Host -c Release --no-build -- --urls "http://127.0.0.1:$PORT" &
bot=$!
trap 'kill -TERM "$bot" 2>/dev/null; wait "$bot" 2>/dev/null; exit 130' INT TERM
wait "$bot"
