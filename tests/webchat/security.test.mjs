import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { baseUrl, mintToken, rest } from './directline-client.mjs';

async function started() {
  const { body: grant } = await mintToken({ locale: 'en-US' });
  const start = await rest('/v3/directline/conversations', grant.token, { method: 'POST' });
  assert.equal(start.status, 201, 'a new conversation is created');
  return { grant, start: start.body };
}

function open(url, headers = {}) {
  return new Promise(resolve => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve({ opened: true, socket }));
    socket.once('unexpected-response', (request, response) => {
      // With this listener, ws leaves the refused request open: end it, or Node waits for the server's keep-alive.
      request.destroy();
      resolve({ opened: false, status: response.statusCode });
    });
    socket.once('error', () => resolve({ opened: false, status: 0 }));
  });
}

test('a token opens its own conversation only: another id is 403 with a Direct Line error body', async () => {
  const mine = await started();
  const theirs = await started();
  for (const [method, path] of [
    ['GET', `/v3/directline/conversations/${theirs.grant.conversationId}/activities?watermark=`],
    ['GET', `/v3/directline/conversations/${theirs.grant.conversationId}?watermark=`],
    ['POST', `/v3/directline/conversations/${theirs.grant.conversationId}/activities`]
  ]) {
    const response = await rest(path, mine.grant.token, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: method === 'POST' ? JSON.stringify({ type: 'message', text: 'hello', from: { id: 'x' } }) : undefined
    });
    assert.equal(response.status, 403, `${method} ${path}`);
    assert.equal(typeof response.body.error.code, 'string');
    assert.equal(typeof response.body.error.message, 'string');
  }
  const theirLog = await rest(`/v3/directline/conversations/${theirs.grant.conversationId}/activities?watermark=`, theirs.grant.token);
  assert.equal(theirLog.body.activities.filter(a => a.from.role === 'user').length, 0, 'nothing was posted into their conversation');
});

test('calls without a valid token are refused, and starting twice answers 200 for the existing conversation', async () => {
  const { grant } = await started();
  assert.equal((await rest('/v3/directline/conversations', 'not-a-token', { method: 'POST' })).status, 401);
  const forged = grant.token.slice(0, -4) + (grant.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  assert.equal((await rest(`/v3/directline/conversations/${grant.conversationId}/activities`, forged)).status, 401);
  const again = await rest('/v3/directline/conversations', grant.token, { method: 'POST' });
  assert.equal(again.status, 200);
  assert.equal(again.body.conversationId, grant.conversationId);
});

test('a refreshed token names the same conversation and user and works', async () => {
  const { grant } = await started();
  const refreshed = await rest('/v3/directline/tokens/refresh', grant.token, { method: 'POST' });
  assert.equal(refreshed.status, 200);
  assert.equal(refreshed.body.conversationId, grant.conversationId);
  assert.ok(refreshed.body.expires_in > 0);
  const payload = JSON.parse(Buffer.from(refreshed.body.token.split('.')[1], 'base64url'));
  assert.equal(payload.user, grant.userId);
  const log = await rest(`/v3/directline/conversations/${grant.conversationId}/activities?watermark=`, refreshed.body.token);
  assert.equal(log.status, 200);
});

test('a stream address works once, and only for this site or an allowed origin', async () => {
  const { start } = await started();
  const foreign = await open(start.streamUrl, { Origin: 'https://attacker.example' });
  assert.equal(foreign.opened, false);
  assert.equal(foreign.status, 403);
  const own = await open(start.streamUrl, { Origin: baseUrl });
  assert.equal(own.opened, true);
  own.socket.close();
  const replayed = await open(start.streamUrl, { Origin: baseUrl });
  assert.equal(replayed.opened, false, 'the ticket was used');
});
