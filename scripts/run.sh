#!/usr/bin/env bash
# Sets up and runs CxBot on this machine: a local Redis (AOF on, data in .run/redis) and the bot on
# http://127.0.0.1:${PORT:-3978}. Stops the Redis it started when the bot exits.
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
cleanup() { [ -n "$started_redis" ] && kill "$started_redis" 2>/dev/null || true; }
trap cleanup EXIT

dotnet build src/CxBot.Host -c Release -v q -nologo >&2
cat >&2 <<MSG
run: CxBot is starting on http://127.0.0.1:$PORT — the bot's endpoint is POST /api/messages.
run: talk to it with the curl in README.md ("Talk to it"). Ctrl+C stops it.
MSG
ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" dotnet run --project src/CxBot.Host -c Release --no-build -- --urls "http://127.0.0.1:$PORT"
