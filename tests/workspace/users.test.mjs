// The users page in Debian's headless chromium: an admin adds a team member, the new member signs in with the
// password given, the overview's export links carry its filters and download CSV; axe-core and screenshots at
// laptop and phone sizes.
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
const admin = process.env.CXBOT_ADMIN;
const password = process.env.CXBOT_PASSWORD;
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
  return { context, page, problems };
}

/** axe-core evaluated through the DevTools protocol, which the page's script-free CSP does not govern. */
async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
}

async function signIn(page, name, secret) {
  await page.goto(`${base}/workspace/signin`);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Password', { exact: true }).fill(secret);
  await Promise.all([page.waitForURL(u => new URL(u).pathname === '/workspace'), page.getByRole('button', { name: 'Sign in' }).click()]);
}

async function sidewaysOverflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest('.scroll'))
      .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className?.baseVal ?? e.className}`);
    return { by: document.scrollingElement.scrollWidth - width, wide };
  });
}

for (const size of ['laptop', 'phone']) {
  test(`users at ${size} size: an admin adds a member who then signs in; export links carry the filters`, async () => {
    const browser = await launch();
    try {
      const member = `mira-${size}`;
      const memberPassword = `a long passphrase for ${size}`;
      const { page, problems } = await newPage(browser, size);
      await signIn(page, admin, password);
      await page.getByRole('link', { name: 'Users' }).click();
      await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
      assert.deepEqual(await axeViolations(page), [], 'users page, empty');

      await page.getByLabel('Name', { exact: true }).fill(member);
      await page.getByLabel('E-mail', { exact: true }).fill(`${member}@example.com`);
      await page.getByLabel('Role', { exact: true }).selectOption('analyst');
      await page.getByLabel('Initial password', { exact: true }).fill(memberPassword);
      await Promise.all([page.waitForURL(u => new URL(u).searchParams.get('saved') === '1'), page.getByRole('button', { name: 'Add a user' }).click()]);
      await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      const row = page.locator(`tr[data-user="${member}"]`);
      assert.equal(await row.locator('[data-field="role"]').innerText(), 'analyst');
      assert.equal(await row.locator('[data-field="status"]').innerText(), 'Active');
      assert.deepEqual(await axeViolations(page), [], 'users page with a member');
      const overflow = await sidewaysOverflow(page);
      assert.ok(overflow.by <= 0, `no sideways scrolling of the users page at ${size} size (overflow ${overflow.by}px: ${overflow.wide.join(', ')})`);
      await page.screenshot({ path: join(artifacts, `users-${size}.png`), fullPage: true });

      // The new member, in a browser context of their own.
      const second = await newPage(browser, size);
      await signIn(second.page, member, memberPassword);
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

      assert.deepEqual(await axeViolations(second.page), [], 'overview with export links');
      assert.deepEqual(problems, []);
      assert.deepEqual(second.problems, []);
    } finally {
      await browser.close();
    }
  });
}
