// Closing the loop in Debian's headless chromium: an analyst works a case from open to resolved, sends the customer a
// message through the bot, sees the customer's reply land in the case, and resolves it with an outcome. axe-core on
// every page; screenshots of the inbox and the case page at laptop and phone sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const base = process.env.CXBOT_URL;
const user = process.env.CXBOT_USER;
const password = process.env.CXBOT_PASSWORD;
const caseId = process.env.CXBOT_CASE_ID;
const message = process.env.CXBOT_MESSAGE;
const replyActivity = JSON.parse(process.env.CXBOT_REPLY_ACTIVITY);
const replyShown = process.env.CXBOT_REPLY_SHOWN;
const artifacts = process.env.CXBOT_ARTIFACTS || join(root, 'artifacts', 'workspace');
mkdirSync(artifacts, { recursive: true });

const sizes = {
  laptop: { viewport: { width: 1366, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};

function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

async function newPage(browser, size) {
  const context = await browser.newContext(sizes[size]);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  page.on('console', m => m.type() === 'error' && problems.push(m.text()));
  return { page, problems };
}

/** axe-core evaluated through the DevTools protocol, which the page's script-free CSP does not govern. */
async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
}

async function signIn(page) {
  await page.goto(`${base}/workspace/cases`);
  assert.match(new URL(page.url()).pathname, /^\/workspace\/signin/);
  await page.getByLabel('Name').fill(user);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL(u => new URL(u).pathname === '/workspace/cases'), page.getByRole('button', { name: 'Sign in' }).click()]);
}

async function noSidewaysScrolling(page, size) {
  const by = await page.evaluate(() => document.scrollingElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(by <= 0, `no sideways scrolling at ${size} size (overflow ${by}px)`);
}

const field = (page, name) => page.locator(`[data-field="${name}"]`).first().innerText();

test('an analyst works a case from open to resolved, messaging the customer through the bot', async () => {
  const browser = await launch();
  try {
    const { page, problems } = await newPage(browser, 'laptop');
    await signIn(page);
    await page.getByRole('heading', { level: 1, name: 'Case inbox' }).waitFor();
    const row = page.locator(`tr[data-case="${caseId}"]`);
    assert.equal(await row.count(), 1, 'the case is in the inbox');
    assert.match(await row.innerText(), /Urgent/);
    assert.match(await row.innerText(), /Asked to be contacted/);
    assert.deepEqual(await axeViolations(page), [], 'inbox');
    await page.screenshot({ path: join(artifacts, 'cases-inbox-laptop.png'), fullPage: true });

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
    assert.deepEqual(await axeViolations(page), [], 'case page');
    await page.screenshot({ path: join(artifacts, 'case-laptop.png'), fullPage: true });

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
    assert.deepEqual(await axeViolations(page), [], 'inbox with outcomes');
    assert.deepEqual(problems, []);

    const phone = await newPage(browser, 'phone');
    await signIn(phone.page);
    await phone.page.goto(`${base}/workspace/cases?status=all`);
    await noSidewaysScrolling(phone.page, 'phone');
    assert.deepEqual(await axeViolations(phone.page), [], 'inbox at phone size');
    await phone.page.screenshot({ path: join(artifacts, 'cases-inbox-phone.png'), fullPage: true });
    await phone.page.goto(`${base}/workspace/cases/${caseId}`);
    await noSidewaysScrolling(phone.page, 'phone');
    assert.deepEqual(await axeViolations(phone.page), [], 'case page at phone size');
    await phone.page.screenshot({ path: join(artifacts, 'case-phone.png'), fullPage: true });
    assert.deepEqual(phone.problems, []);
  } finally {
    await browser.close();
  }
});
