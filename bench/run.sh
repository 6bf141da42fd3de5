#!/usr/bin/env bash
# bench/run.sh — CxBot against Microsoft's JS SDK peer, in one run, with the same load driver.
#
#   bash bench/run.sh                    # both bots, Redis persistence off and AOF, concurrency 1 16 64,
#                                        # 15 s measured after 5 s warm-up, allocation counters, and a
#                                        # CPU profile of CxBot at c=64 (~7 min on 2 cores)
#   QUICK=1 bash bench/run.sh            # ~1 min smoke run: persistence off, 3 s per concurrency, no profile
#   MODE=cxbot CONCURRENCIES="16" bash bench/run.sh
#   CLUSTER=1 bash bench/run.sh          # scale-out: two hosts + a three-master Redis Cluster (bench/cluster.sh)
#   bash bench/fuzz.sh                   # fuzzing of the answer reader and the survey loader (FUZZ_SECONDS, 60)
#
# Knobs: MODE (both|cxbot|peer) DURATION (15) WARMUP (5) CONCURRENCIES ("1 16 64")
#        PERSISTENCE ("off aof": Redis with no persistence, and AOF appendfsync everysec)
#        ALLOC (1: dotnet-counters reads CxBot's allocations during each measured phase)
#        PROFILE (1: dotnet-trace of CxBot during an extra c=64 run; PROFILE_SECONDS 15)
#        SKIP_BUILD=1 (reuse the last Release build) OUT=<dir> (default bench/results/<UTC stamp>)
#        SHARED_BENCH (default ../shared/bench: its driver, sink and peer are used as they are)
#        HOST_DLL (default: this repository's Release build) CANDIDATE_DLL=<another build's CxBot.Host.dll>,
#        measured in the same run, interleaved, as "candidate"
#        BENCH_WORK (default bench/.work: npm installs of the driver and the peer, kept between runs)
#
# Per bot, persistence mode and concurrency: a warm-up driver run, then a measured driver run with
# counters read around it (bot CPU from /proc, Redis INFO commandstats/stats, answers on the
# streams). Before the load, one probe conversation is held with Redis MONITOR on, to count round
# trips per turn and the state size after each turn. Everything listens on 127.0.0.1, on free
# ports; every process started here is stopped by its PID on exit.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# CLUSTER=1: two hosts behind a round-robin balancer on a three-master Redis Cluster (bench/cluster.sh).
if [ "${CLUSTER:-0}" = 1 ]; then exec bash "$HERE/cluster.sh"; fi
REPO="$(cd "$HERE/.." && pwd)"
SHARED_BENCH="${SHARED_BENCH:-$REPO/../shared/bench}"
if [ "${QUICK:-0}" = 1 ]; then
  DURATION="${DURATION:-3}"; WARMUP="${WARMUP:-1}"; PERSISTENCE="${PERSISTENCE:-off}"
  ALLOC="${ALLOC:-1}"; PROFILE="${PROFILE:-0}"
fi
MODE="${MODE:-both}"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-5}"
CONCURRENCIES="${CONCURRENCIES:-1 16 64}"
PERSISTENCE="${PERSISTENCE:-off aof}"
ALLOC="${ALLOC:-1}"
PROFILE="${PROFILE:-1}"
PROFILE_SECONDS="${PROFILE_SECONDS:-15}"
ALLOC_SECONDS="${ALLOC_SECONDS:-8}"
SHARDS="${SHARDS:-16}"
PREFIX=bench
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="${OUT:-$HERE/results/$STAMP}"
BENCH_WORK="${BENCH_WORK:-$HERE/.work}"
CLK_TCK="$(getconf CLK_TCK)"
export PATH="$PATH:$HOME/.dotnet/tools"

case "$MODE" in
  both) BOTS="cxbot peer" ;; cxbot) BOTS="cxbot" ;; peer) BOTS="peer" ;;
  *) echo "MODE must be both, cxbot or peer" >&2; exit 2 ;;
esac
# A second CxBot build (say, a branch with a fix) measured in the same run, interleaved with the others.
if [ -n "${CANDIDATE_DLL:-}" ]; then
  [ -f "$CANDIDATE_DLL" ] || { echo "CANDIDATE_DLL $CANDIDATE_DLL not found" >&2; exit 2; }
  BOTS="${BOTS/cxbot/cxbot candidate}"; [[ " $BOTS " == *" candidate "* ]] || BOTS="candidate $BOTS"
fi
is_dotnet() { [ "$1" = cxbot ] || [ "$1" = candidate ]; }
for d in driver/driver.js sink/sink.js peer-js/index.js; do
  [ -f "$SHARED_BENCH/$d" ] || { echo "missing $SHARED_BENCH/$d (set SHARED_BENCH)" >&2; exit 2; }
done
mkdir -p "$OUT" "$BENCH_WORK"
TMP="$(mktemp -d /tmp/cxbot-bench.XXXXXX)"

PIDS=()
log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
stop_pid() { # TERM, wait up to 5 s, then KILL: only processes this script started
  local pid="$1" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }; sleep 0.1; done
  log "pid $pid did not exit after TERM; sending KILL"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
stop_started() {
  local pid="$1" i
  [ -n "$pid" ] || return 0
  stop_pid "$pid"
  for i in "${!PIDS[@]}"; do [ "${PIDS[$i]}" = "$pid" ] && unset 'PIDS[$i]'; done
  return 0
}
cleanup() {
  local rc=$? pid
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && stop_pid "$pid"; done
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_until() { # wait_until <seconds> <cmd...>: poll every 0.1 s, bounded
  local secs="$1" i; shift
  for i in $(seq 1 $((secs * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}
cpu_ticks() { # utime+stime of a pid and its direct children, in clock ticks
  local p t=0 v
  for p in "$1" $(cat /proc/"$1"/task/*/children 2>/dev/null); do
    v=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12+$13}')
    t=$((t + ${v:-0}))
  done
  echo "$t"
}

# ------------------------------------------------------------------ install
bash "$REPO/scripts/setup.sh" # redis-server, redis-tools
command -v node >/dev/null || { echo "node (>= 20.18) is required" >&2; exit 1; }
npm_install() { # npm ci of a shared package into BENCH_WORK/<name>; the code itself is run where it is
  local name="$1" src="$SHARED_BENCH/$1" dst="$BENCH_WORK/$1"
  mkdir -p "$dst"
  if [ ! -d "$dst/node_modules" ] || ! cmp -s "$src/package-lock.json" "$dst/package-lock.json"; then
    log "npm ci for $name in $dst"
    cp "$src/package.json" "$src/package-lock.json" "$dst/"
    (cd "$dst" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
}
npm_install driver
[[ " $BOTS " == *" peer "* ]] && npm_install peer-js
if [[ " $BOTS " == *" cxbot "* || " $BOTS " == *" candidate "* ]]; then
  for tool in dotnet-counters dotnet-trace; do
    if { [ "$tool" = dotnet-counters ] && [ "$ALLOC" = 1 ]; } || { [ "$tool" = dotnet-trace ] && [ "$PROFILE" = 1 ]; }; then
      command -v "$tool" >/dev/null || { log "installing $tool"; dotnet tool install -g "$tool" >&2; }
    fi
  done
  if [ "${SKIP_BUILD:-0}" != 1 ]; then
    log "dotnet build src/CxBot.Host -c Release"
    (cd "$REPO" && dotnet build src/CxBot.Host -c Release -v q -nologo) >&2
  fi
fi
HOST_DLL="${HOST_DLL:-$REPO/src/CxBot.Host/bin/Release/net10.0/CxBot.Host.dll}"
DRIVER=(env NODE_PATH="$BENCH_WORK/driver/node_modules" node "$SHARED_BENCH/driver/driver.js")

{
  echo "date_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc: $(nproc)"
  echo "cpu: $(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
  echo "kernel: $(uname -r)"
  echo "node: $(node --version)"
  echo "dotnet: $(dotnet --version 2>/dev/null || true)"
  echo "redis-server: $(redis-server --version)"
  echo "commit: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || true)$(git -C "$REPO" diff --quiet 2>/dev/null || echo ' (uncommitted changes)')"
  echo "settings: MODE=$MODE DURATION=$DURATION WARMUP=$WARMUP CONCURRENCIES=$CONCURRENCIES PERSISTENCE=$PERSISTENCE ALLOC=$ALLOC PROFILE=$PROFILE"
} > "$OUT/env.txt" 2>&1
log "machine: nproc=$(nproc), node $(node --version), $(redis-server --version | awk '{print $3}'); results in $OUT"

# ------------------------------------------------------------------ processes
start_redis() { # start_redis <off|aof> <port> <name>
  local mode="$1" port="$2" name="$3" dir="$TMP/redis-$3"
  mkdir -p "$dir"
  local args=(--bind 127.0.0.1 --port "$port" --protected-mode yes --daemonize no --dir "$dir"
              --save '' --logfile "$OUT/$name.log" --databases 1)
  if [ "$mode" = aof ]; then args+=(--appendonly yes --appendfsync everysec); else args+=(--appendonly no); fi
  redis-server "${args[@]}" &
  REDIS_PID=$!; PIDS+=("$REDIS_PID")
  wait_until 10 sh -c "[ \"\$(redis-cli -h 127.0.0.1 -p $port ping)\" = PONG ]" || { log "redis did not start"; exit 1; }
}
start_bot() { # start_bot <cxbot|peer> <port> <redis port> <log>
  local bot="$1" port="$2" rport="$3" logf="$4"
  if is_dotnet "$bot"; then
    local dll="$HOST_DLL"; [ "$bot" = candidate ] && dll="$CANDIDATE_DLL"
    # Warning level: a production host does not log every turn to the console.
    ConnectionStrings__Redis="127.0.0.1:$rport" Redis__KeyPrefix="$PREFIX" Redis__AnswerStreamShards="$SHARDS" \
      Logging__LogLevel__Default=Warning DOTNET_CLI_TELEMETRY_OPTOUT=1 \
      dotnet "$dll" --urls "http://127.0.0.1:$port" > "$logf" 2>&1 &
  else
    NODE_PATH="$BENCH_WORK/peer-js/node_modules" PORT="$port" HOST=127.0.0.1 REDIS_URL="redis://127.0.0.1:$rport" \
      NODE_ENV=production node --no-deprecation "$SHARED_BENCH/peer-js/index.js" > "$logf" 2>&1 &
  fi
  BOT_PID=$!; PIDS+=("$BOT_PID")
  wait_until 60 curl -sf "http://127.0.0.1:$port/healthz" || { log "$bot did not start"; cat "$logf" >&2; exit 1; }
}

# ------------------------------------------------------------------ Redis readings
rcli() { redis-cli -h 127.0.0.1 -p "$RPORT" "$@"; }
answers_total() { # entries on CxBot's answer streams {prefix}:{sN}:answers (0 for the peer, which records none)
  local n
  for n in $(seq 0 $((SHARDS - 1))); do echo "XLEN $PREFIX:{s$n}:answers"; done | rcli | awk '{s+=$1} END{print s+0}'
}
redis_snapshot() { # one JSON object: commandstats calls, net bytes, used memory
  { rcli info commandstats; rcli info stats; rcli info memory; } | tr -d '\r' | node -e '
    const t=require("fs").readFileSync(0,"utf8"); const o={commands:{}};
    for (const l of t.split("\n")) {
      let m=/^cmdstat_([^:]+):calls=(\d+)/.exec(l); if (m) { o.commands[m[1]]=Number(m[2]); continue; }
      m=/^(total_net_input_bytes|total_net_output_bytes|used_memory|total_commands_processed):(\d+)$/.exec(l); if (m) o[m[1]]=Number(m[2]);
    }
    console.log(JSON.stringify(o));'
}
conv_pattern() { is_dotnet "$1" && echo "$PREFIX:*:conv:*" || echo "webchat/conversations/*"; }
state_sizes() { # STRLEN and MEMORY USAGE of every conversation key: max, mean, count
  rcli --scan --pattern "$(conv_pattern "$1")" > "$TMP/keys.txt" || true
  if [ ! -s "$TMP/keys.txt" ]; then echo '{"count":0}'; return; fi
  awk '{print "STRLEN \"" $0 "\""}' "$TMP/keys.txt" | rcli > "$TMP/strlen.txt"
  shuf -n 500 "$TMP/keys.txt" 2>/dev/null | awk '{print "MEMORY USAGE \"" $0 "\""}' | rcli > "$TMP/mem.txt"
  node -e '
    const fs=require("fs"); const num=(f)=>fs.readFileSync(f,"utf8").trim().split("\n").map(Number).filter((x)=>x>=0);
    const s=num(process.argv[1]), m=num(process.argv[2]); const mean=(a)=>a.length?Math.round(a.reduce((x,y)=>x+y,0)/a.length):null;
    console.log(JSON.stringify({count:s.length,strlenMax:Math.max(...s),strlenMean:mean(s),memoryUsageMeanSampled:mean(m),memoryUsageMaxSampled:m.length?Math.max(...m):null}));' \
    "$TMP/strlen.txt" "$TMP/mem.txt"
}

# ------------------------------------------------------------------ the probe conversation
activity_json() { # activity_json <conversation> <user> <activity id> <text> <service url>
  local now; now="$(date -u +%Y-%m-%dT%H:%M:%S.000Z)"
  printf '{"type":"message","id":"%s","timestamp":"%s","channelId":"webchat","serviceUrl":"%s","from":{"id":"%s","name":"Probe","role":"user"},"recipient":{"id":"bot","name":"CxBot","role":"bot"},"conversation":{"id":"%s","conversationType":"personal"},"text":"%s","textFormat":"plain","locale":"en-US"}' \
    "$3" "$now" "$5" "$2" "$1" "$4"
}
probe() { # probe <bot> <bot port> <sink port> <out json>: one conversation, Redis MONITOR on
  local bot="$1" bport="$2" sport="$3" outf="$4" conv="probe-$RANDOM$RANDOM" user="probe-user-$RANDOM" step=0 text
  local mon="$TMP/monitor.txt" sizes="$TMP/probe-sizes.jsonl"
  : > "$sizes"
  # A throwaway conversation first, so the probe sees neither the bot's first connection nor its
  # first script load.
  local w
  for w in 1 2; do
    curl -sf -o /dev/null -X POST "http://127.0.0.1:$bport/api/messages" -H 'content-type: application/json' \
      --data "$(activity_json "$conv-w" "$user-w" "$conv-w-t$w" "$([ $w = 1 ] && echo hi || echo 9)" "http://127.0.0.1:$sport")"
  done
  redis-cli -h 127.0.0.1 -p "$RPORT" monitor > "$mon" & local MON_PID=$!; PIDS+=("$MON_PID")
  wait_until 5 test -s "$mon" || { log "redis MONITOR did not start"; exit 1; }
  # The driver's steps, with an open answer of our own: the survey's path is the same.
  for text in hi 9 "The parcel came a day late but the courier was friendly and careful." 4 6; do
    step=$((step + 1))
    local a0; a0=$(answers_total)
    rcli echo "probe-begin-$step" >/dev/null
    curl -sf -o /dev/null -X POST "http://127.0.0.1:$bport/api/messages" -H 'content-type: application/json' \
      --data "$(activity_json "$conv" "$user" "$conv-t$step" "$text" "http://127.0.0.1:$sport")"
    rcli echo "probe-end-$step" >/dev/null
    local a1; a1=$(answers_total)
    local key="" strlen=0 mem=0 ukey="" ustrlen=0 umem=0
    key="$(rcli --scan --pattern "*:$conv" | head -1)"
    [ -n "$key" ] || key="$(rcli --scan --pattern "*/$conv/" | head -1)"
    ukey="$(rcli --scan --pattern "*/users/$user/" | head -1)"
    [ -n "$key" ] && { strlen=$(rcli strlen "$key"); mem=$(rcli memory usage "$key"); }
    [ -n "$ukey" ] && { ustrlen=$(rcli strlen "$ukey"); umem=$(rcli memory usage "$ukey"); }
    printf '{"step":%d,"text":"%s","answersAdded":%d,"stateStrlen":%d,"stateMemoryUsage":%d,"userStateStrlen":%d,"userStateMemoryUsage":%d}\n' \
      "$step" "${text:0:24}" "$((a1 - a0))" "${strlen:-0}" "${mem:-0}" "${ustrlen:-0}" "${umem:-0}" >> "$sizes"
  done
  stop_started "$MON_PID"
  node - "$mon" "$sizes" "$bot" > "$outf" <<'EOF'
const fs = require('fs');
const [mon, sizes, bot] = process.argv.slice(2);
const lines = fs.readFileSync(mon, 'utf8').split('\n');
const steps = fs.readFileSync(sizes, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
// MONITOR prints a client's command as `ts [db ip:port] "CMD" ...` and one run inside a script as `ts [db lua] "CMD" ...`.
let cur = null; const per = {};
for (const l of lines) {
  const m = /^\d+\.\d+ \[\d+ ([^\]]+)\] "([^"]+)"(?: "([^"]*)")?/.exec(l);
  if (!m) continue;
  const [, who, cmdRaw, arg] = m; const cmd = cmdRaw.toLowerCase();
  if (cmd === 'echo' && /^probe-begin-\d+$/.test(arg || '')) { cur = Number(arg.split('-')[2]); per[cur] = { client: [], script: [] }; continue; }
  if (cmd === 'echo' && /^probe-end-\d+$/.test(arg || '')) { cur = null; continue; }
  if (cur === null) continue;
  (who === 'lua' ? per[cur].script : per[cur].client).push(cmd);
}
for (const s of steps) {
  const p = per[s.step] || { client: [], script: [] };
  s.roundTrips = p.client.length; s.clientCommands = p.client.join(' '); s.scriptCommands = p.script.join(' ');
  s.commands = p.client.length + p.script.length;
}
const mean = (k) => Math.round(steps.reduce((a, s) => a + s[k], 0) / steps.length * 100) / 100;
const scriptCalls = steps.reduce((a, s) => a + s.clientCommands.split(' ').filter((c) => c === 'eval' || c === 'evalsha').length, 0);
const scriptInner = steps.reduce((a, s) => a + (s.scriptCommands ? s.scriptCommands.split(' ').length : 0), 0);
console.log(JSON.stringify({
  bot, steps,
  roundTripsPerTurn: mean('roundTrips'), commandsPerTurn: mean('commands'),
  commandsInsideScriptPerScriptCall: scriptCalls ? Math.round(scriptInner / scriptCalls * 100) / 100 : 0,
  maxStateStrlen: Math.max(...steps.map((s) => s.stateStrlen)), maxStateMemoryUsage: Math.max(...steps.map((s) => s.stateMemoryUsage)),
  maxUserStateStrlen: Math.max(...steps.map((s) => s.userStateStrlen)),
  answersPerStep: steps.map((s) => s.answersAdded),
}));
EOF
}

# ------------------------------------------------------------------ runs
# Both bots are up side by side (each with its own Redis and sink) and measured in turns at each
# concurrency, so whatever else the machine is doing weighs on both alike.
declare -A R_PORT S_PORT B_PORT R_PID S_PID B_PID BASE_MEM
use_stack() { # use_stack <tag>: point the helpers (rcli, …) at that bot's processes
  RPORT="${R_PORT[$1]}"; SPORT="${S_PORT[$1]}"; BPORT="${B_PORT[$1]}"
  REDIS_PID="${R_PID[$1]}"; SINK_PID="${S_PID[$1]}"; BOT_PID="${B_PID[$1]}"
}
start_stack() { # start_stack <bot> <persistence>
  local bot="$1" persistence="$2" tag="$1-$2"
  RPORT="$(free_port)"; SPORT="$(free_port)"; BPORT="$(free_port)"
  start_redis "$persistence" "$RPORT" "redis-$tag"
  node "$SHARED_BENCH/sink/sink.js" --port "$SPORT" > "$OUT/sink-$tag.log" 2>&1 &
  SINK_PID=$!; PIDS+=("$SINK_PID")
  wait_until 10 curl -sf "http://127.0.0.1:$SPORT/healthz" || { log "sink did not start"; exit 1; }
  start_bot "$bot" "$BPORT" "$RPORT" "$OUT/bot-$tag.log"
  R_PORT[$tag]="$RPORT"; S_PORT[$tag]="$SPORT"; B_PORT[$tag]="$BPORT"
  R_PID[$tag]="$REDIS_PID"; S_PID[$tag]="$SINK_PID"; B_PID[$tag]="$BOT_PID"
  log "$tag: redis pid $REDIS_PID :$RPORT ($persistence), sink pid $SINK_PID :$SPORT, bot pid $BOT_PID :$BPORT"
  BASE_MEM[$tag]="$(redis_snapshot | node -e 'console.log(JSON.parse(require("fs").readFileSync(0,"utf8")).used_memory)')"
  probe "$bot" "$BPORT" "$SPORT" "$OUT/probe-$tag.json"
  log "$tag probe: $(node -e 'const p=require(process.argv[1]);console.log(`round trips/turn ${p.steps.map(s=>s.roundTrips).join("/")}, state bytes ${p.steps.map(s=>s.stateStrlen).join("/")}, answers ${p.answersPerStep.join("/")}`)' "$OUT/probe-$tag.json")"
}
measure() { # measure <bot> <persistence> <concurrency>
  local bot="$1" persistence="$2" c="$3" tag="$1-$2"
  use_stack "$tag"
  local label="$bot redis=$persistence c=$c"
  # The warm-up is its own driver run, so the counters read around the measured run see only its turns.
  if [ "$WARMUP" != 0 ]; then
    "${DRIVER[@]}" --url "http://127.0.0.1:$BPORT/api/messages" --service-url "http://127.0.0.1:$SPORT" \
      --concurrency "$c" --duration "$WARMUP" --warmup 0 --verify 0 --quiet --label "warm-up $label" \
      > "$OUT/warmup-$tag-c$c.json" 2>&1 || log "warm-up driver exited $? for $tag c=$c"
  fi
  local COUNTERS_PID=""
  if is_dotnet "$bot" && [ "$ALLOC" = 1 ]; then
    rm -f "$OUT/counters-$tag-c$c.csv"
    # dotnet-counters saves its file only when it stops by itself: give it the run's length and some.
    TZ=UTC dotnet-counters collect -p "$BOT_PID" --refresh-interval 1 --format csv -o "$OUT/counters-$tag-c$c.csv" \
      --counters 'System.Runtime[dotnet.gc.heap.total_allocated]' --duration "$(printf '00:00:%02d:%02d' $(((DURATION + 4) / 60)) $(((DURATION + 4) % 60)))" \
      < /dev/null > "$OUT/counters-$tag-c$c.log" 2>&1 &
    COUNTERS_PID=$!; PIDS+=("$COUNTERS_PID")
    sleep 1 # the session needs a moment to attach before the first reading
  fi
  local r0 a0 b0 rc0 w0 t0 r1 a1 b1 rc1 w1 t1 drc
  r0="$(redis_snapshot)"; a0="$(answers_total)"
  b0=$(cpu_ticks "$BOT_PID"); rc0=$(cpu_ticks "$REDIS_PID"); w0=$(date +%s.%N); t0=$(date -u +%s.%N)
  set +e
  timeout $((DURATION + 120)) "${DRIVER[@]}" --url "http://127.0.0.1:$BPORT/api/messages" \
    --service-url "http://127.0.0.1:$SPORT" --concurrency "$c" --duration "$DURATION" --warmup 0 --label "$label" \
    > "$OUT/driver-$tag-c$c.json" 2> "$OUT/driver-$tag-c$c.log"
  drc=$?
  set -e
  b1=$(cpu_ticks "$BOT_PID"); rc1=$(cpu_ticks "$REDIS_PID"); w1=$(date +%s.%N); t1=$(date -u +%s.%N)
  r1="$(redis_snapshot)"; a1="$(answers_total)"
  if [ -n "$COUNTERS_PID" ]; then
    wait "$COUNTERS_PID" || log "dotnet-counters exited $? (see $OUT/counters-$tag-c$c.log)"
    stop_started "$COUNTERS_PID"
  fi
  cat "$OUT/driver-$tag-c$c.log" >&2
  [ "$drc" -eq 0 ] || log "driver exited $drc for $tag c=$c (see $OUT/driver-$tag-c$c.log)"
  node "$HERE/lib/measure.js" --driver "$OUT/driver-$tag-c$c.json" --probe "$OUT/probe-$tag.json" \
    --bot "$bot" --persistence "$persistence" --concurrency "$c" --driver-exit "$drc" \
    --clk-tck "$CLK_TCK" --wall "$(awk -v a="$w0" -v b="$w1" 'BEGIN{print b-a}')" \
    --bot-ticks "$((b1 - b0))" --redis-ticks "$((rc1 - rc0))" --redis-before "$r0" --redis-after "$r1" \
    --answers "$((a1 - a0))" --counters "$OUT/counters-$tag-c$c.csv" --from "$t0" --to "$t1" \
    --loadavg "$(cut -d' ' -f1 /proc/loadavg)" >> "$RESULTS_JSONL"
}
profile_cxbot() { # profile_cxbot <persistence>: CPU then allocations of CxBot under an extra c=64 run
  local tag="cxbot-$1"
  use_stack "$tag"
  log "$tag: profiling the turn path at c=64 for $PROFILE_SECONDS s (dotnet-trace, sampled thread stacks), then allocations for $ALLOC_SECONDS s"
  "${DRIVER[@]}" --url "http://127.0.0.1:$BPORT/api/messages" --service-url "http://127.0.0.1:$SPORT" \
    --concurrency 64 --duration $((PROFILE_SECONDS + ALLOC_SECONDS + 10)) --warmup 0 --verify 0 --label "profile $tag" \
    > "$OUT/driver-profile.json" 2> "$OUT/driver-profile.log" &
  local PROF_DRIVER=$!; PIDS+=("$PROF_DRIVER")
  sleep 2 # let the load reach its steady state before sampling
  dotnet-trace collect -p "$BOT_PID" --duration "00:00:00:$(printf '%02d' "$PROFILE_SECONDS")" \
    -o "$OUT/cxbot-c64.nettrace" > "$OUT/dotnet-trace.log" 2>&1 || log "dotnet-trace failed (see $OUT/dotnet-trace.log)"
  # Then the allocations, with their types and stacks (a sample about every 100 KB).
  dotnet-trace collect -p "$BOT_PID" --profile gc-verbose --duration "00:00:00:$(printf '%02d' "$ALLOC_SECONDS")" \
    -o "$OUT/cxbot-c64-alloc.nettrace" > "$OUT/dotnet-trace-alloc.log" 2>&1 || log "dotnet-trace (gc-verbose) failed"
  wait "$PROF_DRIVER" || true
  stop_started "$PROF_DRIVER"
  if [ -s "$OUT/cxbot-c64.nettrace" ]; then
    dotnet-trace report "$OUT/cxbot-c64.nettrace" topN -n 40 > "$OUT/profile-exclusive.txt" 2>&1 || true
    dotnet-trace report "$OUT/cxbot-c64.nettrace" topN -n 60 --inclusive > "$OUT/profile-inclusive.txt" 2>&1 || true
    dotnet-trace convert --format Speedscope "$OUT/cxbot-c64.nettrace" -o "$OUT/cxbot-c64" > /dev/null 2>&1 || true
    [ -s "$OUT/cxbot-c64.speedscope.json" ] && node "$HERE/lib/profile.js" "$OUT/cxbot-c64.speedscope.json" 25 > "$OUT/profile.md"
  fi
  if [ -s "$OUT/cxbot-c64-alloc.nettrace" ] && (cd "$REPO" && dotnet build bench/AllocReport -c Release -v q -nologo > "$TMP/allocreport-build.log" 2>&1); then
    dotnet "$HERE/AllocReport/bin/Release/net10.0/AllocReport.dll" "$OUT/cxbot-c64-alloc.nettrace" 25 > "$OUT/allocations.md" 2>&1 || true
  fi
  log "profile: $OUT/profile.md (busy threads only), $OUT/allocations.md, $OUT/profile-{exclusive,inclusive}.txt; open $OUT/cxbot-c64.speedscope.json in speedscope.app"
}
at_rest() { # at_rest <bot> <persistence>: what stays in Redis after the runs
  local bot="$1" persistence="$2" tag="$1-$2" sizes end_mem stream_bytes=0 aof_bytes=0
  use_stack "$tag"
  sizes="$(state_sizes "$bot")"
  end_mem="$(redis_snapshot | node -e 'console.log(JSON.parse(require("fs").readFileSync(0,"utf8")).used_memory)')"
  if is_dotnet "$bot"; then
    stream_bytes="$(for n in $(seq 0 $((SHARDS - 1))); do echo "MEMORY USAGE $PREFIX:{s$n}:answers SAMPLES 0"; done | rcli | awk '{s+=$1} END{print s+0}')"
  fi
  [ "$persistence" = aof ] && aof_bytes="$(du -sb "$TMP/redis-redis-$tag" | cut -f1)"
  printf '{"kind":"atRest","bot":"%s","persistence":"%s","stateSizes":%s,"usedMemoryBefore":%s,"usedMemoryAfter":%s,"answersTotal":%s,"answerStreamBytes":%s,"aofDirBytes":%s}\n' \
    "$bot" "$persistence" "$sizes" "${BASE_MEM[$tag]}" "$end_mem" "$(answers_total)" "$stream_bytes" "$aof_bytes" >> "$RESULTS_JSONL"
  stop_started "$BOT_PID"; stop_started "$SINK_PID"; stop_started "$REDIS_PID"
}

RESULTS_JSONL="$OUT/results.jsonl"; : > "$RESULTS_JSONL"
PROFILED=0
for persistence in $PERSISTENCE; do
  for bot in $BOTS; do start_stack "$bot" "$persistence"; done
  for c in $CONCURRENCIES; do
    for bot in $BOTS; do measure "$bot" "$persistence" "$c"; done
  done
  if [[ " $BOTS " == *" cxbot "* ]] && [ "$PROFILE" = 1 ] && [ "$PROFILED" = 0 ]; then
    PROFILED=1
    profile_cxbot "$persistence"
  fi
  for bot in $BOTS; do at_rest "$bot" "$persistence"; done
done

node "$HERE/lib/report.js" "$OUT" > "$OUT/summary.md"
cat "$OUT/summary.md"
log "results: $OUT/results.json, $OUT/summary.md (raw driver output, probes, counters, logs beside them)"
