// The users page in Debian's headless chromium: an admin adds a team member, the new member signs in with the
// password given, the overview's export links carry its filters and download CSV; axe-core and screenshots at
// laptop and phone sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, newPage, noSeriousAxeIssues, noSidewaysScrolling, password, screenshot, signIn } from './browser.mjs';

const admin = process.env.CXBOT_ADMIN;

for (const size of ['laptop', 'phone']) {
  test(`users at ${size} size: an admin adds a member who then signs in; export links carry the filters`, async () => {
    const browser = await launch();
    try {
      const member = `mira-${size}`;
      const memberPassword = `a long passphrase for ${size}`;
      const { page, problems } = await newPage(browser, size);
      await signIn(page, '/workspace', admin, password);
      await page.getByRole('link', { name: 'Users' }).click();
      await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
      await noSeriousAxeIssues(page, 'users page, empty');

      await page.getByLabel('Name', { exact: true }).fill(member);
      await page.getByLabel('E-mail', { exact: true }).fill(`${member}@example.com`);
      await page.getByLabel('Role', { exact: true }).selectOption('analyst');
      await page.getByLabel('Initial password', { exact: true }).fill(memberPassword);
      await Promise.all([page.waitForURL(u => new URL(u).searchParams.get('saved') === '1'), page.getByRole('button', { name: 'Add a user' }).click()]);
      await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      const row = page.locator(`tr[data-user="${member}"]`);
      assert.equal(await row.locator('[data-field="role"]').innerText(), 'analyst');
      assert.equal(await row.locator('[data-field="status"]').innerText(), 'Active');
      await noSeriousAxeIssues(page, 'users page with a member');
      await noSidewaysScrolling(page, `of the users page at ${size} size`);
      await screenshot(page, `users-${size}.png`);

      // The new member, in a browser context of their own.
      const second = await newPage(browser, size);
      await signIn(second.page, '/workspace', member, memberPassword);
      assert.match(await second.page.locator('.who').innerText(), new RegExp(`${member} \\(analyst\\)`));
      assert.equal(await second.page.getByRole('link', { name: 'Users' }).count(), 0, 'an analyst has no users link');

      await second.page.goto(`${base}/workspace?days=30&channel=telegram`);
      for (const [kind, label] of [['responses', 'Export responses (CSV)'], ['metrics', 'Export metrics (CSV)']]) {
        const link = second.page.getByRole('link', { name: label });
        const href = new URL(await link.getAttribute('href'), base);
        assert.equal(href.pathname, `/workspace/export/${kind}.csv`);
        assert.equal(href.searchParams.get('days'), '30');
        assert.equal(href.searchParams.get('channel'), 'telegram');
        const response = await second.page.request.get(href.toString());
        assert.equal(response.status(), 200);
        assert.match(response.headers()['content-type'], /^text\/csv/);
        const body = await response.body();
        assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf], `${kind}: UTF-8 with a byte order mark`);
        const lines = body.subarray(3).toString('utf8').split('\r\n').filter(l => l.length > 0);
        assert.ok(lines.length >= 2, `${kind}: a header and rows`);
        if (kind === 'responses') {
          assert.ok(lines.slice(1).every(l => l.includes(',telegram,')), 'only telegram responses');
        }
      }

      await noSeriousAxeIssues(second.page, 'overview with export links');
      assert.deepEqual(problems, []);
      assert.deepEqual(second.problems, []);
    } finally {
      await browser.close();
    }
  });
}
