import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, connect, Inbox, mintToken, post, rest, trackedWebSocket } from './directline-client.mjs';
import { firstQuestion, steps } from './survey-steps.mjs';

// A second host process on the same Redis and signing key: two processes behind one address.
const secondUrl = process.env.CXBOT_URL_SECOND;
const sequenceOf = id => Number(id.split('|')[1]);

test('two hosts serve one conversation: posts to one reach the socket on the other, and a client can move between them', async () => {
  assert.ok(secondUrl, 'CXBOT_URL_SECOND: a second host on the same Redis');
  const { body: grant } = await mintToken({ locale: 'en-US' });
  const { WebSocket } = trackedWebSocket();
  const onFirst = connect(grant.token, { webSocket: true, WebSocket });
  const inbox = new Inbox(onFirst);
  try {
    firstQuestion(await inbox.botMessage(1));
    // The customer's answers go to the second host; the socket on the first gets the echo and the reply.
    for (const [i, step] of steps.slice(0, 2).entries()) {
      const posted = await fetch(`${secondUrl}/v3/directline/conversations/${grant.conversationId}/activities`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${grant.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: step.answer, from: { id: 'x', role: 'user' }, locale: 'en-US' })
      });
      assert.equal(posted.status, 200);
      const { id } = await posted.json();
      await inbox.until(x => x.activities.find(a => a.id === id), `echo of ${id} pushed from the other host`);
      step.check(await inbox.botMessage(i + 2));
    }
    const seen = inbox.activities.filter(a => a.type !== 'typing');
    assert.deepEqual(seen.map(a => sequenceOf(a.id)), [0, 1, 2, 3, 4]);
  } finally {
    inbox.close();
    onFirst.end();
  }

  // The client moves to the second host with its watermark and carries on from there.
  const reconnect = await rest(`/v3/directline/conversations/${grant.conversationId}?watermark=5`, grant.token);
  assert.equal(reconnect.status, 200);
  const onSecond = connect(grant.token, { webSocket: true, conversationId: grant.conversationId, watermark: '5', domain: `${secondUrl}/v3/directline` });
  const later = new Inbox(onSecond);
  try {
    await post(onSecond, steps[2].answer);
    steps[2].check(await later.botMessage(1));
    assert.deepEqual(later.activities.filter(a => a.type !== 'typing').map(a => sequenceOf(a.id)), [5, 6], 'only what came after its watermark');
  } finally {
    later.close();
    onSecond.end();
  }
  assert.notEqual(baseUrl, secondUrl);
});
