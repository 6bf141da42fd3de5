import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mintToken, connect, Inbox, post, trackedWebSocket } from './directline-client.mjs';
import { firstQuestion, steps } from './survey-steps.mjs';

test('a whole survey over polling, each poll carrying on from the last watermark', async () => {
  const { body: grant } = await mintToken({ locale: 'en-US' });
  const { WebSocket, sockets } = trackedWebSocket();
  const polls = [];
  const directLine = connect(grant.token, { webSocket: false, pollingInterval: 100, WebSocket });
  // Watch the polls DLJS makes, to check it always asks from the watermark it was last given.
  const ajax = directLine.services.ajax;
  directLine.services.ajax = request => {
    const watermark = /\/activities\?watermark=(\d*)$/.exec(request.url ?? '');
    return watermark && request.method === 'GET'
      ? ajax(request).do(response => polls.push({ asked: watermark[1], got: response.response }))
      : ajax(request);
  };
  const inbox = new Inbox(directLine);
  try {
    firstQuestion(await inbox.botMessage(1));
    for (const [i, step] of steps.entries()) {
      const id = await post(directLine, step.answer);
      await inbox.until(x => x.activities.find(a => a.id === id), `echo of ${id}`);
      step.check(await inbox.botMessage(i + 2));
    }
    assert.equal(sockets.length, 0, 'no socket was opened');
    assert.equal(inbox.activities.filter(a => a.type === 'typing').length, 0, 'typing travels over sockets only');
    assert.deepEqual(inbox.activities.map(a => Number(a.id.split('|')[1])), [...Array(9).keys()]);

    let watermark = '';
    for (const poll of polls) {
      assert.equal(poll.asked, watermark, 'each poll asks from the last watermark');
      const next = Number(poll.asked || 0) + poll.got.activities.length;
      assert.equal(poll.got.watermark, String(next));
      watermark = poll.got.watermark;
    }
    assert.equal(watermark, '9');
  } finally {
    inbox.close();
    directLine.end();
  }
});
