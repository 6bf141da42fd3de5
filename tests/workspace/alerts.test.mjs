// The alerts page in Debian's headless chromium: an admin sees a failed and a delivered webhook delivery,
// replays the failed one and sees it delivered; axe-core finds no serious issue; screenshots at laptop and phone sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, noSeriousAxeIssues, noSidewaysScrolling, screenshot, signIn } from './browser.mjs';

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
    const browser = await launch();
    try {
      const { page, problems } = await newPage(browser, size);
      await signIn(page, '/workspace/alerts');
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

      await noSidewaysScrolling(page, `at ${size} size`);
      await noSeriousAxeIssues(page, 'alerts page');
      await screenshot(page, `alerts-${size}.png`);

      await Promise.all([
        page.waitForURL(u => new URL(u).pathname === '/workspace/alerts'),
        row.getByRole('button', { name: /^Replay/ }).click(),
      ]);
      await waitForStatus(page, id, 'delivered');
      const replayed = page.locator(`tr[data-delivery="${id}"]`);
      assert.equal(await replayed.locator('[data-field="last-status"]').innerText(), '200');
      assert.equal(await replayed.getByRole('button').count(), 0, 'a delivered row has no replay button');
      await noSeriousAxeIssues(page, 'alerts page after the replay');
      await screenshot(page, `alerts-replayed-${size}.png`);

      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });
}
