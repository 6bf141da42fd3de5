// The alerts page in Debian's headless chromium: an admin sees a failed and a delivered webhook delivery,
// replays the failed one and sees it delivered; axe-core finds no serious issue; screenshots at laptop and phone sizes.
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
const artifacts = process.env.CXBOT_ARTIFACTS || join(root, 'artifacts', 'workspace');
mkdirSync(artifacts, { recursive: true });

const sizes = {
  laptop: { viewport: { width: 1366, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};

async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
}

async function sidewaysOverflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1)
      .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className?.baseVal ?? e.className}`);
    return { by: document.scrollingElement.scrollWidth - width, wide };
  });
}

/** Reloads the page until the delivery shows the status, at most `timeout` ms: the dispatcher works in the background. */
async function waitForStatus(page, id, status, timeout = 20000) {
  const row = page.locator(`tr[data-delivery="${id}"]`);
  const until = Date.now() + timeout;
  for (;;) {
    if (await row.getAttribute('data-status') === status) return;
    assert.ok(Date.now() < until, `delivery ${id} did not become ${status}`);
    await new Promise(resolve => setTimeout(resolve, 150));
    await page.reload();
  }
}

for (const size of ['laptop', 'phone']) {
  test(`alerts at ${size} size: shows failed and delivered deliveries, replays one, passes axe`, async () => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const context = await browser.newContext(sizes[size]);
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', e => problems.push(`page error: ${e.message}`));
      page.on('console', m => m.type() === 'error' && problems.push(m.text()));

      await page.goto(`${base}/workspace/alerts`);
      assert.match(new URL(page.url()).pathname, /^\/workspace\/signin/);
      await page.getByLabel('Name').fill(user);
      await page.getByLabel('Password').fill(password);
      await Promise.all([page.waitForURL(u => new URL(u).pathname === '/workspace/alerts'), page.getByRole('button', { name: 'Sign in' }).click()]);
      await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
      assert.equal(await page.locator('header nav:not(.languages) a[href^="/workspace/alerts"]').count(), 1, 'the admin navigation links the page');

      const failed = page.locator('tr[data-status="failed"]');
      assert.ok(await failed.count() >= 1, 'a failed delivery is listed');
      assert.ok(await page.locator('tr[data-status="delivered"]').count() >= 1, 'a delivered delivery is listed');
      const row = failed.first();
      const id = await row.getAttribute('data-delivery');
      assert.equal(await row.locator('[data-field="last-status"]').innerText(), '400');
      assert.match(await row.locator('[data-field="last-error"]').innerText(), /HTTP 400/);
      assert.ok(Number(await page.locator('[data-count="failed"]').innerText()) >= 1);
      // The alert's markup is text on the page.
      assert.ok(await page.locator('.alert-title', { hasText: '<b>Churn</b>' }).count() >= 1);

      const overflow = await sidewaysOverflow(page);
      assert.ok(overflow.by <= 0, `no sideways scrolling at ${size} size (overflow ${overflow.by}px: ${overflow.wide.join(', ')})`);
      assert.deepEqual(await axeViolations(page), [], 'alerts page');
      await page.screenshot({ path: join(artifacts, `alerts-${size}.png`), fullPage: true });

      await Promise.all([
        page.waitForURL(u => new URL(u).pathname === '/workspace/alerts'),
        row.getByRole('button', { name: /^Replay/ }).click(),
      ]);
      await waitForStatus(page, id, 'delivered');
      const replayed = page.locator(`tr[data-delivery="${id}"]`);
      assert.equal(await replayed.locator('[data-field="last-status"]').innerText(), '200');
      assert.equal(await replayed.getByRole('button').count(), 0, 'a delivered row has no replay button');
      assert.deepEqual(await axeViolations(page), [], 'alerts page after the replay');
      await page.screenshot({ path: join(artifacts, `alerts-replayed-${size}.png`), fullPage: true });

      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });
}
