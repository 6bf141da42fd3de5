#!/usr/bin/env node
'use strict';
// Gathers one benchmark's readings into results.json and prints the tables (markdown) on stdout.
const fs = require('fs');
const path = require('path');

const out = process.argv[2];
const lines = fs.readFileSync(path.join(out, 'results.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
// Measured interleaved (each concurrency for both bots in turn); shown grouped by persistence and bot.
const order = (l) => [l.persistence === 'aof' ? 1 : 0, { cxbot: 0, candidate: 1 }[l.bot] ?? 2, l.concurrency || 0];
const byOrder = (x, y) => { const a = order(x); const b = order(y); return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; };
const runs = lines.filter((l) => l.kind === 'run').sort(byOrder);
const atRest = lines.filter((l) => l.kind === 'atRest');
const probes = fs.readdirSync(out).filter((f) => /^probe-.*\.json$/.test(f))
  .map((f) => ({ tag: f.replace(/^probe-|\.json$/g, ''), ...JSON.parse(fs.readFileSync(path.join(out, f), 'utf8')) }));
const env = fs.existsSync(path.join(out, 'env.txt')) ? fs.readFileSync(path.join(out, 'env.txt'), 'utf8') : '';

const name = (bot) => ({ cxbot: 'CxBot', candidate: 'CxBot candidate', peer: 'JS SDK peer' }[bot] || bot);
const ours = (bot) => bot !== 'peer';
const persistence = (p) => (p === 'aof' ? 'AOF everysec' : 'off');
const v = (x, d = '-') => (x == null ? d : x);
const kb = (b) => (b == null ? '-' : (b / 1024).toFixed(1));
const ratio = (a, b) => (a != null && b ? Math.round((a / b) * 100) / 100 : null);

const ratios = [];
for (const r of runs.filter((x) => ours(x.bot) && x.concurrency >= 16)) {
  const p = runs.find((x) => x.bot === 'peer' && x.persistence === r.persistence && x.concurrency === r.concurrency);
  if (!p) continue;
  ratios.push({
    bot: r.bot, persistence: r.persistence, concurrency: r.concurrency,
    turnsPerSec: { cxbot: r.turnsPerSec, peer: p.turnsPerSec, ratio: ratio(r.turnsPerSec, p.turnsPerSec) },
    p99Ms: { cxbot: r.latencyMs.p99, peer: p.latencyMs.p99, ratio: ratio(r.latencyMs.p99, p.latencyMs.p99) },
  });
}

fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify({ env, runs, ratios, probes, atRest }, null, 2) + '\n');

const L = [];
L.push(`# CxBot benchmark (${path.basename(out)})`, '');
const settings = /^settings: (.*)$/m.exec(env);
if (settings) L.push(`${settings[1]}; ${(/^nproc: (.*)$/m.exec(env) || [])[1] || '?'} cores, driver, sink and Redis on the same machine.`, '');
L.push('| bot | Redis persistence | c | turns/s | p50 ms | p95 ms | p99 ms | errors | replies/turn | answers recorded | bot CPU ms/turn | CPU % bot / Redis | Redis cmds/turn | Redis round trips/turn | Redis bytes in/turn | alloc KB/turn | load avg |');
L.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---:|---:|---:|---:|---:|');
for (const r of runs) {
  const ans = ours(r.bot) ? `${r.answers.recorded}/${r.answers.expected}${r.answers.ok ? '' : ' ✗'}` : 'n/a';
  L.push(`| ${name(r.bot)} | ${persistence(r.persistence)} | ${r.concurrency} | ${v(r.turnsPerSec)} | ${v(r.latencyMs.p50)} | ${v(r.latencyMs.p95)} | ${v(r.latencyMs.p99)} | ${v(r.errors)} | ${v(r.repliesPerTurn)} | ${ans} | ${v(r.botCpuMsPerTurn)} | ${v(r.cpuPct.bot)} / ${v(r.cpuPct.redis)} | ${v(r.redis.commandsPerTurn)} | ${v(r.redis.roundTripsPerTurn)} | ${v(r.redis.inputBytesPerTurn)} | ${kb(r.allocatedBytesPerTurn)} | ${v(r.loadAverage)} |`);
}
if (ratios.length) {
  L.push('', '## CxBot / peer, same run', '');
  L.push('| bot | Redis persistence | c | turns/s ours | turns/s peer | ratio | p99 ms ours | p99 ms peer | ratio |', '|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const x of ratios) {
    L.push(`| ${name(x.bot)} | ${persistence(x.persistence)} | ${x.concurrency} | ${x.turnsPerSec.cxbot} | ${x.turnsPerSec.peer} | **${v(x.turnsPerSec.ratio)}×** | ${x.p99Ms.cxbot} | ${x.p99Ms.peer} | **${v(x.p99Ms.ratio)}×** |`);
  }
}
if (probes.length) {
  L.push('', '## One conversation, turn by turn (Redis MONITOR on)', '');
  L.push('| bot / persistence | turn | round trips | commands sent | run inside the script | state bytes (STRLEN) | MEMORY USAGE | user state bytes | answers recorded |');
  L.push('|---|---:|---:|---|---|---:|---:|---:|---:|');
  for (const p of probes) {
    for (const s of p.steps) {
      L.push(`| ${p.tag} | ${s.step} | ${s.roundTrips} | ${s.clientCommands} | ${s.scriptCommands || ''} | ${s.stateStrlen} | ${s.stateMemoryUsage} | ${s.userStateStrlen} | ${s.answersAdded} |`);
    }
  }
}
if (atRest.length) {
  L.push('', '## Redis after the runs', '');
  L.push('| bot | Redis persistence | conversations | largest state STRLEN | mean STRLEN | mean MEMORY USAGE (sample) | Redis bytes per conversation at rest (all keys) | of which answer streams | answer entries | AOF bytes |');
  L.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const a of atRest) {
    const s = a.stateSizes || {};
    const perConv = s.count ? Math.round((a.usedMemoryAfter - a.usedMemoryBefore) / s.count) : null;
    const streams = s.count && a.answerStreamBytes ? Math.round(a.answerStreamBytes / s.count) : null;
    L.push(`| ${name(a.bot)} | ${persistence(a.persistence)} | ${v(s.count)} | ${v(s.strlenMax)} | ${v(s.strlenMean)} | ${v(s.memoryUsageMeanSampled)} | ${v(perConv)} | ${v(streams)} | ${ours(a.bot) ? a.answersTotal : 'n/a'} | ${a.persistence === 'aof' ? a.aofDirBytes : '-'} |`);
  }
}
console.log(L.join('\n'));
