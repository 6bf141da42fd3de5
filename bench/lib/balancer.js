// A round-robin HTTP balancer on 127.0.0.1: each request goes to the next backend in turn, so one
// conversation's turns land on different hosts, as behind a load balancer without session affinity.
//   node balancer.js --port P --backend http://127.0.0.1:A --backend http://127.0.0.1:B
'use strict';
const http = require('http');

const args = process.argv.slice(2);
const backends = [];
let port = 0;
for (let i = 0; i < args.length; i += 2) {
  if (args[i] === '--port') port = Number(args[i + 1]);
  else if (args[i] === '--backend') backends.push(new URL(args[i + 1]));
  else throw new Error(`unexpected argument ${args[i]}`);
}
if (!port || backends.length === 0) throw new Error('give --port and at least one --backend');

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const served = backends.map(() => 0);
let next = 0;

http.createServer((req, res) => {
  if (req.url === '/balancer/stats') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ backends: backends.map((b, i) => ({ backend: b.origin, requests: served[i] })) }));
    return;
  }
  const i = next; next = (next + 1) % backends.length; served[i]++;
  const b = backends[i];
  const upstream = http.request({ agent, host: b.hostname, port: b.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
    res.writeHead(up.statusCode, up.headers);
    up.pipe(res);
  });
  upstream.on('error', () => { if (!res.headersSent) { res.writeHead(502); } res.end(); });
  req.pipe(upstream);
}).listen(port, '127.0.0.1');
