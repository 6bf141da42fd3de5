// Closing the loop in Debian's headless chromium: an analyst works a case from open to resolved, sends the customer a
// message through the bot, sees the customer's reply land in the case, and resolves it with an outcome. axe-core on
// every page; screenshots of the inbox and the case page at laptop and phone sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, newPage, noSeriousAxeIssues, noSidewaysScrolling, screenshot, signIn, user } from './browser.mjs';

const caseId = process.env.CXBOT_CASE_ID;
const message = process.env.CXBOT_MESSAGE;
const replyActivity = JSON.parse(process.env.CXBOT_REPLY_ACTIVITY);
const replyShown = process.env.CXBOT_REPLY_SHOWN;

const field = (page, name) => page.locator(`[data-field="${name}"]`).first().innerText();

test('an analyst works a case from open to resolved, messaging the customer through the bot', async () => {
  const browser = await launch();
  try {
    const { page, problems } = await newPage(browser, 'laptop');
    await signIn(page, '/workspace/cases');
    await page.getByRole('heading', { level: 1, name: 'Case inbox' }).waitFor();
    const row = page.locator(`tr[data-case="${caseId}"]`);
    assert.equal(await row.count(), 1, 'the case is in the inbox');
    assert.match(await row.innerText(), /Urgent/);
    assert.match(await row.innerText(), /Asked to be contacted/);
    await noSeriousAxeIssues(page, 'inbox');
    await screenshot(page, 'cases-inbox-laptop.png');

    await Promise.all([page.waitForURL(u => new URL(u).pathname === `/workspace/cases/${caseId}`), row.getByRole('link').click()]);
    await page.getByRole('heading', { level: 1, name: new RegExp(`Case ${caseId}`) }).waitFor();
    assert.equal(await field(page, 'status'), 'Open');
    // The customer's markup is on the page as text, and nothing ran.
    assert.ok(await page.locator('.case-answers .comment', { hasText: '<script>' }).count() >= 1, 'the markup is shown as text');
    assert.equal(await page.evaluate(() => window.caseOwned === undefined), true);

    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Assign to me' }).click()]);
    await page.waitForFunction(u => document.querySelector('[data-field="owner"]')?.textContent === u, user);

    await page.getByLabel('Message to the customer').fill(message);
    await Promise.all([page.waitForURL(u => !new URL(u).searchParams.has('error')), page.getByRole('button', { name: 'Send through the bot' }).click()]);
    await page.waitForFunction(() => document.querySelector('[data-field="status"]')?.textContent === 'Waiting for customer');
    const sent = page.locator('.timeline li[data-kind="message"]');
    assert.match(await sent.innerText(), /sent/);
    assert.match(await sent.innerText(), new RegExp(message.slice(0, 20)));

    // The customer answers in the chat, as the channel delivers it to the bot.
    const posted = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(replyActivity) });
    assert.ok(posted.ok, `the channel's POST was accepted (${posted.status})`);
    const deadline = Date.now() + 30_000;
    while (await page.locator('.timeline li[data-kind="reply"]').count() === 0) {
      assert.ok(Date.now() < deadline, 'the reply reached the case within 30 s');
      await page.reload();
    }
    assert.match(await page.locator('.timeline li[data-kind="reply"]').innerText(), new RegExp(replyShown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal(await field(page, 'status'), 'In progress');
    await noSeriousAxeIssues(page, 'case page');
    await screenshot(page, 'case-laptop.png');

    await page.getByLabel('Outcome').selectOption({ label: 'Customer retained' });
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Resolve' }).click()]);
    await page.waitForFunction(() => document.querySelector('[data-field="status"]')?.textContent === 'Resolved');
    assert.equal(await field(page, 'outcome'), 'Customer retained');
    assert.deepEqual(
      await page.locator('.timeline li').evaluateAll(items => items.map(i => i.dataset.kind)),
      ['opened', 'assigned', 'message', 'reply', 'resolved']);

    await page.goto(`${base}/workspace/cases?status=all`);
    assert.equal(await page.locator('[data-outcome="retained"]').innerText(), '1');
    assert.notEqual(await field(page, 'median-first-contact'), '–');
    assert.notEqual(await field(page, 'median-resolution'), '–');
    assert.match(await page.locator(`tr[data-case="${caseId}"]`).innerText(), /Resolved · Customer retained/);
    await noSeriousAxeIssues(page, 'inbox with outcomes');
    assert.deepEqual(problems, []);

    const phone = await newPage(browser, 'phone');
    await signIn(phone.page, '/workspace/cases');
    await phone.page.goto(`${base}/workspace/cases?status=all`);
    await noSidewaysScrolling(phone.page, 'at phone size');
    await noSeriousAxeIssues(phone.page, 'inbox at phone size');
    await screenshot(phone.page, 'cases-inbox-phone.png');
    await phone.page.goto(`${base}/workspace/cases/${caseId}`);
    await noSidewaysScrolling(phone.page, 'at phone size');
    await noSeriousAxeIssues(phone.page, 'case page at phone size');
    await screenshot(phone.page, 'case-phone.png');
    assert.deepEqual(phone.problems, []);
  } finally {
    await browser.close();
  }
});
