import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { baseUrl } from './directline-client.mjs';
import { artifacts, launch, phone, untilBotSays } from './browser.mjs';

// Signed by the host under test (the xunit runner passes them; see WebChatNodeTests).
const invite = process.env.CXBOT_INVITE;
const expired = process.env.CXBOT_INVITE_EXPIRED;
const ticket = process.env.CXBOT_INVITE_TICKET || 'T-58213';
const agent = process.env.CXBOT_INVITE_AGENT || 'Ioana';

function tamper(token) {
  // Change the survey the payload names: the signature no longer matches.
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url'));
  claims.sid = 'post-purchase';
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

test('a survey link opens the survey it names, with its context piped in, and works once', async () => {
  assert.ok(invite, 'CXBOT_INVITE: a survey link signed by the host under test');
  const browser = await launch();
  try {
    const { context, problems } = await phone(browser, 'en-US');
    const page = await context.newPage();
    await page.goto(`${baseUrl}/?invite=${encodeURIComponent(invite)}`);
    await untilBotSays(page, new RegExp(`closed your support request ${ticket}`));
    await untilBotSays(page, new RegExp(`help you got from ${agent}`));
    await page.screenshot({ path: join(artifacts, 'invitation.png') });
    assert.deepEqual(problems, []);

    // The same link on another device: already used.
    const again = await phone(browser, 'en-US');
    const other = await again.context.newPage();
    await other.goto(`${baseUrl}/?invite=${encodeURIComponent(invite)}`);
    await other.getByRole('alert').filter({ hasText: 'already been used' }).waitFor({ timeout: 20000 });
    assert.equal(await other.getByRole('link', { name: 'Take the general survey' }).count(), 1);
  } finally {
    await browser.close();
  }
});

test('an expired link gets a friendly page in the browser\'s language, not an error', async () => {
  assert.ok(expired, 'CXBOT_INVITE_EXPIRED: an expired survey link signed by the host under test');
  const browser = await launch();
  try {
    const { context } = await phone(browser, 'pl-PL');
    const page = await context.newPage();
    const response = await page.goto(`${baseUrl}/?invite=${encodeURIComponent(expired)}`);
    assert.equal(response.status(), 410);
    await page.getByRole('heading', { name: 'Ten link do ankiety wygasł' }).waitFor({ timeout: 5000 });
    assert.equal(await page.getByRole('link', { name: 'Wypełnij ogólną ankietę' }).getAttribute('href'), '/');
    const body = await page.locator('body').innerText();
    assert.doesNotMatch(body, /Exception|at [A-Z]\w+\.|stack/i);
    await page.screenshot({ path: join(artifacts, 'invitation-expired.png') });
  } finally {
    await browser.close();
  }
});

test('a tampered link gets a friendly page, not an error', async () => {
  assert.ok(invite, 'CXBOT_INVITE: a survey link signed by the host under test');
  const browser = await launch();
  try {
    const { context } = await phone(browser, 'ro-RO');
    const page = await context.newPage();
    const response = await page.goto(`${baseUrl}/?invite=${encodeURIComponent(tamper(invite))}`);
    assert.equal(response.status(), 400);
    await page.getByRole('heading', { name: 'Linkul acestui sondaj nu funcționează' }).waitFor({ timeout: 5000 });
    assert.doesNotMatch(await page.locator('body').innerText(), /Exception|stack/i);
    // And the token endpoint refuses it too, whatever a page does.
    const status = await page.evaluate(async token => (await fetch('/api/webchat/token', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ invite: token })
    })).status, tamper(invite));
    assert.equal(status, 403);
  } finally {
    await browser.close();
  }
});
