// The workspace in Debian's headless chromium: sign in, read the overview, compare it with the metrics
// API, run axe-core, and save screenshots at laptop and phone sizes.
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
const apiKey = process.env.CXBOT_API_KEY;
const user = process.env.CXBOT_USER;
const password = process.env.CXBOT_PASSWORD;
const artifacts = process.env.CXBOT_ARTIFACTS || join(root, 'artifacts', 'workspace');
const docs = process.env.CXBOT_DOCS || join(root, 'docs');
mkdirSync(artifacts, { recursive: true });
mkdirSync(docs, { recursive: true });

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

async function signIn(page) {
  await page.goto(`${base}/workspace`);
  assert.match(new URL(page.url()).pathname, /^\/workspace\/signin/);
  await page.getByLabel('Name').fill(user);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL(u => new URL(u).pathname === '/workspace'), page.getByRole('button', { name: 'Sign in' }).click()]);
}

const shown = (metric, value) => value === null || value === undefined ? '–' : value.toFixed(metric === 'ces' ? 2 : 1);

async function metricsApi(metric, from, to) {
  const response = await fetch(`${base}/api/admin/metrics/${metric}?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, {
    headers: { 'X-Api-Key': apiKey },
  });
  assert.equal(response.status, 200);
  return (await response.json()).rows;
}

for (const size of ['laptop', 'phone']) {
  test(`overview at ${size} size: signs in, shows the metrics API's numbers, passes axe`, async () => {
    const browser = await launch();
    try {
      const { page, problems } = await newPage(browser, size);
      await page.goto(`${base}/workspace/signin`);
      assert.deepEqual(await axeViolations(page), [], 'sign-in page');
      await page.screenshot({ path: join(artifacts, `signin-${size}.png`), fullPage: true });

      await signIn(page);
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
      const period = page.locator('.period');
      const from = await period.getAttribute('data-from');
      const to = await period.getAttribute('data-to');
      for (const metric of ['nps', 'csat', 'ces']) {
        const [row] = await metricsApi(metric, from, to);
        assert.ok(row && row.n > 0, `seeded ${metric} answers`);
        const panel = page.locator(`section[data-metric="${metric}"]`);
        assert.equal(await panel.locator('[data-field="value"]').innerText(), shown(metric, row.score.value), `${metric} value`);
        assert.equal(await panel.locator('[data-field="low"]').innerText(), shown(metric, row.score.low), `${metric} low`);
        assert.equal(await panel.locator('[data-field="high"]').innerText(), shown(metric, row.score.high), `${metric} high`);
        assert.equal(await panel.locator('[data-field="n"]').innerText(), String(row.n), `${metric} n`);
        assert.equal(await panel.locator('svg.chart polygon.band').count(), 1, `${metric} band`);
        // The previous 90 days hold answers too, so each metric says whether its change is more than chance.
        assert.equal(await panel.locator('.significance').count(), 1, `${metric} significance note`);
      }

      // A customer's markup is on the page as text, and nothing ran.
      assert.ok(await page.locator('.comment', { hasText: '<script>' }).count() >= 1, 'the markup is shown as text');
      assert.equal(await page.evaluate(() => window.workspaceOwned === undefined), true);

      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1)
          .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className?.baseVal ?? e.className}`);
        return { by: document.scrollingElement.scrollWidth - width, wide };
      });
      assert.ok(overflow.by <= 0, `no sideways scrolling at ${size} size (overflow ${overflow.by}px: ${overflow.wide.join(', ')})`);
      assert.deepEqual(await axeViolations(page), [], 'overview page');
      await page.screenshot({ path: join(artifacts, `overview-${size}.png`), fullPage: true });
      await page.screenshot({ path: join(docs, `workspace-overview-${size}.png`), fullPage: size === 'phone' ? false : true });

      await page.getByRole('link', { name: 'RU' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Обзор' }).waitFor();
      assert.deepEqual(await axeViolations(page), [], 'overview page in Russian');
      await page.screenshot({ path: join(artifacts, `overview-ru-${size}.png`), fullPage: true });

      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });
}
