#!/usr/bin/env node
'use strict';
// One measured run as one JSON line: the driver's figures plus what run.sh read around the run
// (bot CPU, Redis counters, answers on the streams, allocations). No dependencies.
const fs = require('fs');

function args(argv) {
  const o = {};
  for (let i = 2; i < argv.length; i += 2) o[argv[i].replace(/^--/, '')] = argv[i + 1];
  return o;
}
const round = (x, d = 2) => (x == null || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d);

const a = args(process.argv);
const text = fs.readFileSync(a.driver, 'utf8').trim().split('\n').pop() || '{}';
let d;
try { d = JSON.parse(text); } catch { d = { parseError: text.slice(0, 300) }; }
const probe = JSON.parse(fs.readFileSync(a.probe, 'utf8'));
const before = JSON.parse(a['redis-before']);
const after = JSON.parse(a['redis-after']);
const turns = d.turns || 0;
const perTurn = (x) => (turns ? x / turns : null);

// Redis: INFO commandstats counts the commands a script runs as well as the EVAL/EVALSHA itself. The
// round trips are the commands clients sent: the total less what ran inside scripts (per script call,
// as counted by MONITOR in the probe conversation). Our own INFO/ECHO reads are left out.
const ours = new Set(['info', 'echo', 'monitor', 'xlen', 'scan', 'strlen', 'memory|usage', 'ping', 'config|resetstat']);
const commands = {};
let total = 0;
for (const [name, calls] of Object.entries(after.commands)) {
  if (ours.has(name)) continue;
  const n = calls - (before.commands[name] || 0);
  if (n > 0) { commands[name] = round(perTurn(n), 3); total += n; }
}
const scriptCalls = (after.commands.eval || 0) - (before.commands.eval || 0) + (after.commands.evalsha || 0) - (before.commands.evalsha || 0);
const insideScripts = scriptCalls * (probe.commandsInsideScriptPerScriptCall || 0);

// Answers: every turn the driver posted should have recorded what the probe saw that step record.
const perStep = (d.perStepLatencyMs || []).map((s) => s.n || 0);
const expectedAnswers = perStep.reduce((sum, n, i) => sum + n * (probe.answersPerStep[i] || 0), 0);
const answers = Number(a.answers);

// Allocations: dotnet-counters writes the bytes allocated in each 1 s interval, stamped (UTC, to the
// second) at the interval's end. Sum the intervals that overlap the measured run; the host is idle
// around it (a few tens of KB/s), so the edges add little.
let allocatedBytes = null;
if (a.counters && fs.existsSync(a.counters)) {
  const rows = fs.readFileSync(a.counters, 'utf8').trim().split('\n').slice(1);
  const from = Number(a.from); const to = Number(a.to);
  let sum = 0; let seen = 0;
  for (const r of rows) {
    const f = r.split(',');
    if (!/total_allocated/.test(f[2] || '')) continue;
    const m = /^(\d+)\/(\d+)\/(\d+) (\d+:\d+:\d+)$/.exec(f[0]);
    if (!m) continue;
    const end = Date.parse(`${m[3]}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}T${m[4]}Z`) / 1000;
    if (!(end > from && end - 1 < to)) continue;
    const v = Number(f[f.length - 1]);
    if (Number.isFinite(v)) { sum += v; seen++; }
  }
  if (seen) allocatedBytes = sum;
}

const tck = Number(a['clk-tck']);
const wall = Number(a.wall);
const lat = d.latencyMs || {};
console.log(JSON.stringify({
  kind: 'run',
  bot: a.bot,
  persistence: a.persistence,
  concurrency: Number(a.concurrency),
  driverExit: Number(a['driver-exit']),
  turns,
  errors: d.errors,
  errorsByKind: d.errorsByKind,
  elapsedS: d.elapsedS,
  turnsPerSec: d.turnsPerSec,
  conversationsPerSec: d.conversationsPerSec,
  latencyMs: { p50: lat.p50, p95: lat.p95, p99: lat.p99, max: lat.max, mean: lat.mean },
  repliesPerTurn: d.sink ? d.sink.repliesPerTurn : null,
  verify: d.verify ? `${d.verify.ok}/${d.verify.sampled}` : null,
  botCpuMsPerTurn: round(perTurn((Number(a['bot-ticks']) / tck) * 1000), 3),
  cpuPct: { bot: round((Number(a['bot-ticks']) / tck / wall) * 100, 1), redis: round((Number(a['redis-ticks']) / tck / wall) * 100, 1), driver: d.driverCpuPct },
  redis: {
    commandsPerTurn: round(perTurn(total), 3),
    roundTripsPerTurn: round(perTurn(total - insideScripts), 3),
    commandsByName: commands,
    inputBytesPerTurn: round(perTurn(after.total_net_input_bytes - before.total_net_input_bytes), 1),
    outputBytesPerTurn: round(perTurn(after.total_net_output_bytes - before.total_net_output_bytes), 1),
  },
  answers: { recorded: answers, expected: expectedAnswers, ok: a.bot === 'peer' || (answers === expectedAnswers && d.errors === 0) },
  allocatedBytesPerTurn: allocatedBytes == null ? null : round(perTurn(allocatedBytes), 0),
  window: { from: Number(a.from), to: Number(a.to) },
  // The machine's 1-minute load average at the end of the run: other work on the cores shows here.
  loadAverage: a.loadavg == null ? null : Number(a.loadavg),
  perStepLatencyMs: d.perStepLatencyMs,
}));
