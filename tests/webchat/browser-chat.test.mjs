import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseUrl } from './directline-client.mjs';
import { artifacts, launch, phone, repositoryRoot, tap, type, untilBotSays, untilInView, botTexts } from './browser.mjs';

test('on a phone, a Romanian customer answers a whole survey by tapping and typing without diacritics, through a reload', async () => {
  const browser = await launch();
  try {
    const { context, problems } = await phone(browser, 'ro-RO');
    const page = await context.newPage();

    const started = Date.now();
    await page.goto(`${baseUrl}/`);
    await untilBotSays(page, /recomandați/);
    await page.locator('.webchat__suggested-actions').getByRole('button', { name: '10', exact: true }).waitFor();
    const firstQuestionMs = Date.now() - started;

    // Mobile: nothing scrolls sideways, the 0–10 scale fits on two rows, every button is big enough to tap.
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true);
    const boxes = await page.locator('.webchat__suggested-actions').getByRole('button').evaluateAll(buttons =>
      buttons.map(b => b.getBoundingClientRect()).map(r => ({ top: Math.round(r.top), width: r.width, height: r.height })));
    assert.equal(boxes.length, 11);
    assert.ok(new Set(boxes.map(b => b.top)).size <= 2, `rows: ${JSON.stringify(boxes)}`);
    assert.ok(boxes.every(b => b.width >= 44 && b.height >= 44), `sizes: ${JSON.stringify(boxes)}`);
    // The page speaks the browser's language and offers the others.
    assert.equal(await page.locator('html').getAttribute('lang'), 'ro');
    assert.equal(await page.getByRole('combobox', { name: 'Limba' }).inputValue(), 'ro');
    assert.equal(await page.getByRole('link', { name: 'Politica de confidențialitate' }).count(), 1);
    assert.equal(await page.getByRole('button', { name: /încărca|upload/i }).count(), 0, 'no upload button');

    const scripts = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter(e => e.initiatorType === 'script').map(e => ({ name: e.name, transfer: e.transferSize, decoded: e.decodedBodySize })));

    await tap(page, '9');
    await untilBotSays(page, /Ce v-a plăcut cel mai mult/);
    await type(page, 'Livrarea a fost rapida si curierul a fost foarte amabil');
    await untilBotSays(page, /cât de mulțumit/);
    await untilInView(page, /cât de mulțumit/);
    await page.screenshot({ path: join(artifacts, 'phone-390x844-mid-survey.png') });
    if (process.env.CXBOT_DOCS_SCREENSHOT) await page.screenshot({ path: join(repositoryRoot, 'docs', 'webchat-phone.png') });

    // A reload in the middle: the same conversation comes back and carries on.
    await page.reload();
    await untilBotSays(page, /cât de mulțumit/);
    const afterReload = await botTexts(page);
    assert.equal(afterReload.length, 3, 'the conversation so far, once');
    await tap(page, '5');
    await untilBotSays(page, /cât de ușor/);
    await type(page, 'sase');
    await untilBotSays(page, /Asta a fost tot/);
    await untilInView(page, /Asta a fost tot/);
    const texts = await botTexts(page);
    assert.equal(texts.length, 5);
    // The customer's words are shown as typed, as text.
    assert.equal(await page.locator('.webchat__bubble--from-user', { hasText: 'Livrarea a fost rapida si curierul a fost foarte amabil' }).count(), 1);
    await page.screenshot({ path: join(artifacts, 'phone-390x844-finished.png') });

    const metrics = {
      firstQuestionMs,
      scripts,
      scriptTransferBytes: scripts.reduce((sum, s) => sum + s.transfer, 0),
      scriptDecodedBytes: scripts.reduce((sum, s) => sum + s.decoded, 0)
    };
    writeFileSync(join(artifacts, 'metrics.json'), JSON.stringify(metrics, null, 2));
    console.log(`page load to first question: ${firstQuestionMs} ms; scripts: ${metrics.scriptTransferBytes} bytes over the wire (${metrics.scriptDecodedBytes} decoded)`);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('a second browser with its own token cannot read the first one\'s conversation', async () => {
  const browser = await launch();
  try {
    const first = await phone(browser, 'en-GB');
    const page = await first.context.newPage();
    await page.goto(`${baseUrl}/`);
    await untilBotSays(page, /recommend us/);
    await tap(page, '3');
    await untilBotSays(page, /What went wrong/);
    const mine = await page.evaluate(() => JSON.parse(sessionStorage.getItem('cx.webchat.session')));

    // The visible switcher changes the page's language at once.
    await page.getByRole('combobox', { name: 'Language' }).selectOption('pl');
    assert.equal(await page.locator('html').getAttribute('lang'), 'pl');
    await page.getByRole('link', { name: 'Polityka prywatności' }).waitFor({ timeout: 5000 });

    const second = await phone(browser, 'en-GB');
    const other = await second.context.newPage();
    await other.goto(`${baseUrl}/`);
    await untilBotSays(other, /recommend us/);
    const theirs = await other.evaluate(() => JSON.parse(sessionStorage.getItem('cx.webchat.session')));
    assert.notEqual(theirs.conversationId, mine.conversationId);
    // Their own chat shows nothing of the first customer's.
    assert.equal(await other.locator('.webchat__bubble--from-user').count(), 0);

    // The page itself ran cleanly; the refusals below are logged by the browser on purpose.
    assert.deepEqual([...first.problems, ...second.problems], []);
    const attempts = await other.evaluate(async ({ conversationId, token }) => {
      const get = path => fetch(path, { headers: { Authorization: `Bearer ${token}` } }).then(async r => ({ status: r.status, body: await r.json() }));
      return [
        await get(`/v3/directline/conversations/${conversationId}/activities?watermark=`),
        await get(`/v3/directline/conversations/${conversationId}?watermark=`)
      ];
    }, { conversationId: mine.conversationId, token: theirs.token });
    for (const attempt of attempts) {
      assert.equal(attempt.status, 403);
      assert.ok(attempt.body.error.code && attempt.body.error.message);
      assert.equal(JSON.stringify(attempt.body).includes('What went wrong'), false);
    }
  } finally {
    await browser.close();
  }
});
