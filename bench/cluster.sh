#!/usr/bin/env bash
# bench/cluster.sh (run as CLUSTER=1 bash bench/run.sh) — scale-out: two CxBot hosts behind a
# round-robin balancer, on a Redis Cluster of three masters on loopback, with the same driver and
# channel sink as bench/run.sh. Prints turns/s and latency per concurrency and checks that every
# answer the driver's turns produced is on the answer streams exactly once.
#
# Knobs: DURATION (15) WARMUP (5) CONCURRENCIES ("16 64") HOSTS (2) SHARDS (16) SKIP_BUILD=1
#        SHARED_BENCH (../shared/bench) OUT (bench/results/cluster-<UTC stamp>)
# Every wait is bounded; every process started here is stopped by its PID on exit.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
SHARED_BENCH="${SHARED_BENCH:-$REPO/../shared/bench}"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-5}"
CONCURRENCIES="${CONCURRENCIES:-16 64}"
HOSTS="${HOSTS:-2}"
SHARDS="${SHARDS:-16}"
PREFIX=bench
OUT="${OUT:-$HERE/results/cluster-$(date -u +%Y%m%dT%H%M%SZ)}"
BENCH_WORK="${BENCH_WORK:-$HERE/.work}"
mkdir -p "$OUT" "$BENCH_WORK"
TMP="$(mktemp -d /tmp/cxbot-cluster.XXXXXX)"

PIDS=()
log() { printf '[cluster %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
cleanup() {
  local rc=$? pid
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
free_port() { # a data port whose cluster bus port (+10000) is valid too
  node -e 'const net=require("net");(function t(){const s=net.createServer();s.listen(0,"127.0.0.1",()=>{const p=s.address().port;s.close(()=>{if(p+10000<=65535)console.log(p);else t();});});})()'
}
wait_until() { local secs="$1" i; shift; for i in $(seq 1 $((secs * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }

bash "$REPO/scripts/setup.sh" # redis-server, redis-tools
for d in driver/driver.js sink/sink.js; do [ -f "$SHARED_BENCH/$d" ] || { echo "missing $SHARED_BENCH/$d" >&2; exit 2; }; done
if [ ! -d "$BENCH_WORK/driver/node_modules" ]; then
  mkdir -p "$BENCH_WORK/driver"; cp "$SHARED_BENCH/driver/package.json" "$SHARED_BENCH/driver/package-lock.json" "$BENCH_WORK/driver/"
  (cd "$BENCH_WORK/driver" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then (cd "$REPO" && dotnet build src/CxBot.Host -c Release -v q -nologo) >&2; fi
HOST_DLL="${HOST_DLL:-$REPO/src/CxBot.Host/bin/Release/net10.0/CxBot.Host.dll}"
DRIVER=(env NODE_PATH="$BENCH_WORK/driver/node_modules" node "$SHARED_BENCH/driver/driver.js")

# ---- the cluster: three masters, no replicas, as in the tests (tests/CxBot.Testing/RedisCluster.cs)
NODES=()
for n in 1 2 3; do
  p="$(free_port)"; d="$TMP/node-$p"; mkdir -p "$d"
  redis-server --port "$p" --bind 127.0.0.1 --dir "$d" --daemonize no --save '' --appendonly no \
    --cluster-enabled yes --cluster-config-file "$d/nodes.conf" --logfile "$OUT/redis-$p.log" &
  PIDS+=("$!"); NODES+=("$p")
  wait_until 10 sh -c "[ \"\$(redis-cli -p $p ping)\" = PONG ]" || { log "redis on $p did not start"; exit 1; }
done
redis-cli --cluster create $(printf '127.0.0.1:%s ' "${NODES[@]}") --cluster-replicas 0 --cluster-yes > "$OUT/cluster-create.log" 2>&1
for p in "${NODES[@]}"; do
  wait_until 30 sh -c "redis-cli -p $p cluster info | grep -q cluster_state:ok" || { log "cluster not ok on $p"; exit 1; }
done
CONN="$(printf '127.0.0.1:%s,' "${NODES[@]}")"; CONN="${CONN%,}"
log "cluster: ${NODES[*]}"

# ---- sink, hosts, balancer
SPORT="$(free_port)"
node "$SHARED_BENCH/sink/sink.js" --port "$SPORT" > "$OUT/sink.log" 2>&1 & PIDS+=("$!")
wait_until 10 curl -sf "http://127.0.0.1:$SPORT/healthz" || { log "sink did not start"; exit 1; }
BACKENDS=()
for h in $(seq 1 "$HOSTS"); do
  port="$(free_port)"
  ConnectionStrings__Redis="$CONN" Redis__KeyPrefix="$PREFIX" Redis__AnswerStreamShards="$SHARDS" \
    Logging__LogLevel__Default=Warning DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    dotnet "$HOST_DLL" --urls "http://127.0.0.1:$port" > "$OUT/host-$h.log" 2>&1 & PIDS+=("$!")
  wait_until 60 curl -sf "http://127.0.0.1:$port/healthz" || { log "host $h did not start"; cat "$OUT/host-$h.log" >&2; exit 1; }
  BACKENDS+=(--backend "http://127.0.0.1:$port")
done
BPORT="$(free_port)"
node "$HERE/lib/balancer.js" --port "$BPORT" "${BACKENDS[@]}" > "$OUT/balancer.log" 2>&1 & PIDS+=("$!")
wait_until 10 curl -sf "http://127.0.0.1:$BPORT/healthz" || { log "balancer did not start"; exit 1; }
log "$HOSTS hosts behind the balancer on :$BPORT"

answers_total() { # every shard's stream, asked of the node that owns it (-c follows the MOVED redirect)
  local n t=0 v
  for n in $(seq 0 $((SHARDS - 1))); do v="$(redis-cli -c -p "${NODES[0]}" XLEN "$PREFIX:{s$n}:answers")"; t=$((t + v)); done
  echo "$t"
}

echo "| hosts | c | turns/s | p50 ms | p95 ms | p99 ms | errors | answers expected | answers recorded |" > "$OUT/summary.md"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|" >> "$OUT/summary.md"
for c in $CONCURRENCIES; do
  if [ "$WARMUP" != 0 ]; then
    "${DRIVER[@]}" --url "http://127.0.0.1:$BPORT/api/messages" --service-url "http://127.0.0.1:$SPORT" \
      --concurrency "$c" --duration "$WARMUP" --warmup 0 --verify 0 --quiet > "$OUT/warmup-c$c.json" 2>&1 || true
  fi
  a0="$(answers_total)"
  "${DRIVER[@]}" --url "http://127.0.0.1:$BPORT/api/messages" --service-url "http://127.0.0.1:$SPORT" \
    --concurrency "$c" --duration "$DURATION" --warmup 0 --label "cluster hosts=$HOSTS c=$c" \
    > "$OUT/driver-c$c.json" 2> "$OUT/driver-c$c.log" || log "driver exited $? at c=$c"
  a1="$(answers_total)"
  # Steps 2-5 (NPS, reason, CSAT, CES) each record one answer; step 5 also records the completion.
  node -e '
    const r = require(process.argv[1]); const s = (k) => (r.perStepLatencyMs.find((x) => x.step === k) || { n: 0 }).n;
    const expected = s(2) + s(3) + s(4) + 2 * s(5); const recorded = Number(process.argv[4]);
    console.log(`| ${process.argv[2]} | ${process.argv[3]} | ${r.turnsPerSec} | ${r.latencyMs.p50} | ${r.latencyMs.p95} | ${r.latencyMs.p99} | ${r.errors} | ${expected} | ${recorded} |`);
    if (expected !== recorded) process.exitCode = 3;' "$OUT/driver-c$c.json" "$HOSTS" "$c" "$((a1 - a0))" >> "$OUT/summary.md" \
    || log "c=$c: answers recorded differ from answers expected"
done
curl -sf "http://127.0.0.1:$BPORT/balancer/stats" > "$OUT/balancer-stats.json" || true
cat "$OUT/summary.md"
log "results: $OUT (driver JSON per concurrency, host and Redis logs, balancer-stats.json)"
