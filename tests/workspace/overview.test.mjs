// The workspace in Debian's headless chromium: sign in, read the overview, compare it with the metrics
// API, run axe-core, and save screenshots at laptop and phone sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { base, launch, newPage, noSeriousAxeIssues, noSidewaysScrolling, repositoryRoot, screenshot, signIn } from './browser.mjs';

const apiKey = process.env.CXBOT_API_KEY;
const docs = process.env.CXBOT_DOCS || join(repositoryRoot, 'docs');
mkdirSync(docs, { recursive: true });

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
      await noSeriousAxeIssues(page, 'sign-in page');
      await screenshot(page, `signin-${size}.png`);

      await signIn(page, '/workspace');
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

      await noSidewaysScrolling(page, `at ${size} size`);
      await noSeriousAxeIssues(page, 'overview page');
      await screenshot(page, `overview-${size}.png`);
      await page.screenshot({ path: join(docs, `workspace-overview-${size}.png`), fullPage: size === 'phone' ? false : true });

      await page.getByRole('link', { name: 'RU' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Обзор' }).waitFor();
      await noSeriousAxeIssues(page, 'overview page in Russian');
      await screenshot(page, `overview-ru-${size}.png`);

      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });
}
