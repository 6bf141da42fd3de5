#!/usr/bin/env node
'use strict';
// Reads a speedscope file converted from a dotnet-trace thread-time trace and prints where the busy
// threads spent their time. The sampler records every thread, blocked or not, so samples whose leaf
// is a wait (thread pool idling, Redis and socket loops parked, the finalizer) are set aside first:
// what is left approximates CPU time. Prints top frames (exclusive and inclusive) overall, of
// CxBot's own code and of the Bot Framework SDK, and busy time per module.
//
//   node bench/lib/profile.js trace.speedscope.json [topN]
const fs = require('fs');

const file = process.argv[2];
const topN = Number(process.argv[3] || 25);
const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
const frames = doc.shared.frames.map((f) => f.name);

const WAITING = [
  /Monitor\.Wait\(/, /WaitHandle\.Wait/, /LowLevelLifoSemaphore\.Wait/, /LowLevelSpinWaiter\.Wait/, /SpinWait\.SpinOnce/,
  /Thread\.Sleep/, /Interop\+Sys\.(Read|WaitForSocketEvents|Poll)\(/, /Thread\.<PollGC>/, /GC\.RunFinalizers/,
  /SemaphoreSlim\.Wait/, /ManualResetEventSlim\.Wait/, /Task\.SpinThenBlockingWait/, /Task\.InternalWait/,
];
const isWaiting = (name) => WAITING.some((re) => re.test(name));
const shortName = (name) => {
  const bang = name.indexOf('!');
  const method = bang >= 0 ? name.slice(bang + 1) : name;
  return method.replace(/\((.{0,60}).*$/, (m, a) => `(${a}${a.length >= 60 ? '…' : ''})`);
};
const moduleOf = (name) => (name.includes('!') ? name.slice(0, name.indexOf('!')) : '(native or unresolved)');
const isOurs = (name) => /^CxBot\./.test(moduleOf(name));
const isSdk = (name) => /^Microsoft\.(Bot|Rest)\./.test(moduleOf(name));

const callers = new Map();
const typeOf = (name) => shortName(name).replace(/\(.*$/, '').replace(/\.[^.]*$/, '');
const callerChain = (stack, top) => {
  const chain = [];
  for (let i = top - 1; i >= 0 && chain.length < 3; i--) {
    const n = frames[stack[i]];
    if (/^(System\.Private\.CoreLib|System\.Linq|System\.Collections|System\.Runtime)!/.test(n) && chain.length === 0 && typeOf(n) === typeOf(frames[stack[top]])) continue;
    chain.push(shortName(n).replace(/\(.*$/, ''));
  }
  return chain.join(' ← ');
};
const exclusive = new Map(); const inclusive = new Map(); const modules = new Map();
let busy = 0; let waiting = 0; let native = 0;
const add = (m, k, v) => m.set(k, (m.get(k) || 0) + v);

for (const p of doc.profiles) {
  if (p.type !== 'evented') continue;
  const stack = [];
  let last = null;
  const account = (at) => {
    if (last === null || stack.length === 0) return;
    const dt = at - last;
    if (dt <= 0) return;
    // The exporter ends every stack with a pseudo-frame: CPU_TIME (running managed code) or
    // UNMANAGED_CODE_TIME (in native code: blocked, or in a system call or the GC). The real leaf is below it.
    let top = stack.length - 1;
    const pseudo = /^(CPU_TIME|UNMANAGED_CODE_TIME)$/.test(frames[stack[top]]) ? frames[stack[top]] : null;
    if (pseudo) top--;
    if (top < 0) { waiting += dt; return; }
    const leaf = frames[stack[top]];
    if (isWaiting(leaf) || /^Thread \(|^Threads$/.test(leaf)) { waiting += dt; return; }
    // In native code, a thread is working only in unresolved native frames (the runtime, the GC) or
    // socket system calls; anywhere else (a lock's kernel wait, a parked scheduler) it is blocked.
    if (pseudo === 'UNMANAGED_CODE_TIME' && !/^\?|Interop\+Sys\.(Send|Recv|Receive|Write|Read)|SocketPal\./.test(leaf)) { waiting += dt; return; }
    // Unresolved native code right under the socket engine's loop is epoll_wait: the loop parked.
    if (/^\?/.test(leaf) && top > 0 && /SocketAsyncEngine\.EventLoop/.test(frames[stack[top - 1]])) { waiting += dt; return; }
    busy += dt;
    if (pseudo === 'UNMANAGED_CODE_TIME') native += dt;
    add(exclusive, stack[top], dt);
    // Who called the leaf: the nearest frames below it from another type, so a hot BCL method shows the product code that asked for it.
    if (!callers.has(stack[top])) callers.set(stack[top], new Map());
    add(callers.get(stack[top]), callerChain(stack, top), dt);
    add(modules, moduleOf(leaf), dt);
    for (const f of new Set(stack.slice(0, top + 1))) add(inclusive, f, dt);
  };
  for (const e of p.events) {
    account(e.at);
    last = e.at;
    if (e.type === 'O') stack.push(e.frame);
    else stack.pop();
  }
}

const pct = (v) => `${((v / busy) * 100).toFixed(1)}%`;
const table = (title, map, filter) => {
  const rows = [...map.entries()].filter(([f]) => !/^(Process64|Thread \(|Threads|\(Non-Activities\))/.test(frames[f]) && filter(frames[f]))
    .sort((a, b) => b[1] - a[1]).slice(0, topN);
  console.log(`\n## ${title}\n`);
  console.log('| share of busy time | frame |\n|---:|---|');
  for (const [f, v] of rows) console.log(`| ${pct(v)} | \`${moduleOf(frames[f])}!${shortName(frames[f])}\` |`);
};

console.log(`# Busy time from ${file}\n`);
console.log(`sampled thread time: busy ${(busy / 1000).toFixed(1)} s (of which in native code ${pct(native)}), waiting ${(waiting / 1000).toFixed(1)} s (set aside)`);
console.log('\n## Busy time by module (exclusive)\n\n| share | module |\n|---:|---|');
for (const [m, v] of [...modules.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`| ${pct(v)} | ${m} |`);
table('Top frames, exclusive', exclusive, () => true);
table('Top frames of CxBot, inclusive', inclusive, isOurs);
table('Top frames of CxBot, exclusive', exclusive, isOurs);
table('Top frames of the Bot Framework SDK, inclusive', inclusive, isSdk);
table('Top frames of the Bot Framework SDK, exclusive', exclusive, isSdk);

console.log('\n## Callers of the top exclusive frames\n');
for (const [f, v] of [...exclusive.entries()].sort((a, b) => b[1] - a[1]).slice(0, Math.min(topN, 15))) {
  console.log(`- ${pct(v)} \`${shortName(frames[f]).replace(/\(.*$/, '')}\``);
  for (const [chain, w] of [...callers.get(f).entries()].sort((a, b) => b[1] - a[1]).slice(0, 3)) console.log(`  - ${pct(w)} ← ${chain}`);
}
