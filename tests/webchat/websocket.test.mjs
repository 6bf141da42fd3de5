import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mintToken, connect, Inbox, post, rest, trackedWebSocket } from './directline-client.mjs';
import { firstQuestion, steps } from './survey-steps.mjs';

const sequenceOf = id => Number(id.split('|')[1]);

test('a whole survey over the WebSocket stream, with every reply and the watermark arithmetic checked', async () => {
  const { status, body: grant } = await mintToken({ locale: 'en-US' });
  assert.equal(status, 200);
  assert.match(grant.userId, /^dl_/);
  const { WebSocket, sockets } = trackedWebSocket();
  const directLine = connect(grant.token, { webSocket: true, WebSocket });
  const inbox = new Inbox(directLine);
  try {
    firstQuestion(await inbox.botMessage(1));
    assert.equal(sockets.length, 1, 'the activities came over the stream');

    for (const [i, step] of steps.entries()) {
      const id = await post(directLine, step.answer);
      assert.equal(id, `${grant.conversationId}|${String(2 * i + 1).padStart(7, '0')}`);
      // Every client waits for its own message to come back with an id: that is how Web Chat knows it was sent.
      const echo = await inbox.until(x => x.activities.find(a => a.id === id), `echo of ${id}`);
      assert.equal(echo.text, step.answer);
      assert.equal(echo.from.id, grant.userId, 'the user is the token\'s, whatever the client claims');
      assert.ok(echo.channelData.clientActivityID);
      step.check(await inbox.botMessage(i + 2));
    }
    await inbox.until(x => x.activities.some(a => a.type === 'typing' && a.from.role === 'bot'), 'the bot typing');

    // The transcript: 5 bot messages and 4 answers, numbered 0..8, typing never kept.
    const kept = inbox.activities.filter(a => a.type !== 'typing');
    assert.deepEqual(kept.map(a => sequenceOf(a.id)), [...Array(9).keys()]);
    const all = await rest(`/v3/directline/conversations/${grant.conversationId}/activities?watermark=`, grant.token);
    assert.equal(all.status, 200);
    assert.equal(all.body.watermark, '9');
    assert.deepEqual(all.body.activities.map(a => a.id), kept.map(a => a.id));
    const tail = await rest(`/v3/directline/conversations/${grant.conversationId}/activities?watermark=6`, grant.token);
    assert.deepEqual(tail.body.activities.map(a => sequenceOf(a.id)), [6, 7, 8]);
    assert.equal(tail.body.watermark, '9');
    const none = await rest(`/v3/directline/conversations/${grant.conversationId}/activities?watermark=9`, grant.token);
    assert.deepEqual(none.body, { activities: [], watermark: '9' });
  } finally {
    inbox.close();
    directLine.end();
  }
});

test('a dropped socket reconnects with its watermark and receives exactly the activities it missed', async () => {
  const { body: grant } = await mintToken({ locale: 'en-US' });
  const { WebSocket, sockets } = trackedWebSocket();
  const directLine = connect(grant.token, { webSocket: true, WebSocket });
  const inbox = new Inbox(directLine);
  try {
    firstQuestion(await inbox.botMessage(1));
    await post(directLine, steps[0].answer);
    steps[0].check(await inbox.botMessage(2));
    const before = inbox.activities.filter(a => a.type !== 'typing').length;
    assert.equal(before, 3);

    // The network goes: the socket dies without a close handshake.
    sockets[0].terminate();
    await new Promise(resolve => sockets[0].once('close', resolve));
    // While it is down the customer answers (posting is plain HTTP) and the bot replies.
    const id = await post(directLine, steps[1].answer);
    assert.equal(sequenceOf(id), 3);

    steps[1].check(await inbox.botMessage(3));
    assert.equal(sockets.length, 2, 'a new socket was opened');
    const kept = inbox.activities.filter(a => a.type !== 'typing');
    assert.deepEqual(kept.map(a => sequenceOf(a.id)), [0, 1, 2, 3, 4], 'nothing missed, nothing twice');

    // And the survey goes on over the new socket.
    for (const [i, step] of steps.slice(2).entries()) {
      await post(directLine, step.answer);
      step.check(await inbox.botMessage(i + 4));
    }
    assert.deepEqual(inbox.activities.filter(a => a.type !== 'typing').map(a => sequenceOf(a.id)), [...Array(9).keys()]);
  } finally {
    inbox.close();
    directLine.end();
  }
});
