// The employee pulse page in Debian's headless chromium: sign in as a viewer, read the page, compare it with
// the pulse JSON, check the gap chart and the flagged pillars, run axe-core, and save screenshots at laptop
// and phone sizes.
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

/** axe-core evaluated through the DevTools protocol, which the page's script-free CSP does not govern. */
async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
}

const fixed = (value, digits) => value === null || value === undefined ? '–' : value.toFixed(digits);
const percent = value => value === null || value === undefined ? '–' : `${value.toFixed(1)}%`;
const signed = value => value === null || value === undefined ? '–' : `${value > 0 ? '+' : ''}${value.toFixed(0)}`;

async function sidewaysOverflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest('.scroll'))
      .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className?.baseVal ?? e.className}`);
    return { by: document.scrollingElement.scrollWidth - width, wide };
  });
}

for (const size of ['laptop', 'phone']) {
  test(`pulse page at ${size} size: the pulse JSON's numbers, the flagged pillars, no serious axe issue`, async () => {
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

      await page.goto(`${base}/workspace/pulse?days=30`);
      assert.match(new URL(page.url()).pathname, /^\/workspace\/signin/, 'no session: sent to sign in');
      await page.getByLabel('Name').fill(user);
      await page.getByLabel('Password').fill(password);
      await Promise.all([page.waitForURL(u => new URL(u).pathname === '/workspace/pulse'), page.getByRole('button', { name: 'Sign in' }).click()]);
      await page.getByRole('heading', { level: 1, name: 'Employee pulse and customers' }).waitFor();

      // The page's own cookie, through the browser context: the JSON the page is built from.
      const response = await context.request.get(`${base}/workspace/api/pulse?days=30`);
      assert.equal(response.status(), 200);
      const pulse = await response.json();
      assert.equal(await page.locator('[data-field="colleagues"]').innerText(), String(pulse.colleagues));
      assert.equal(await page.locator('[data-field="customer-answers"]').innerText(), String(pulse.customerAnswers));
      assert.equal(await page.locator('[data-field="total"]').innerText(), fixed(pulse.total.value, 1));
      assert.equal(pulse.pillars.length, 10);
      for (const p of pulse.pillars) {
        const row = page.locator(`tr[data-pillar="${p.pillar}"]`);
        assert.equal(await row.locator('[data-field="rating"]').innerText(), fixed(p.rating.value, 2), `${p.pillar} rating`);
        assert.equal(await row.locator('[data-field="low"]').innerText(), fixed(p.rating.low, 2), `${p.pillar} low`);
        assert.equal(await row.locator('[data-field="high"]').innerText(), fixed(p.rating.high, 2), `${p.pillar} high`);
        assert.equal(await row.locator('[data-field="n"]').innerText(), String(p.rating.n), `${p.pillar} n`);
        assert.equal(await row.locator('[data-field="rank"]').innerText(), fixed(p.averageRank, 1), `${p.pillar} rank`);
        assert.equal(await row.locator('[data-field="top3"]').innerText(), percent(p.topThree.value), `${p.pillar} top 3`);
        assert.equal(await row.locator('[data-field="share"]').innerText(), percent(p.share.value), `${p.pillar} share`);
        assert.equal(await row.locator('[data-field="net"]').innerText(), signed(p.net), `${p.pillar} net`);
        assert.equal(await row.locator('[data-field="verdict"]').getAttribute('data-verdict'), p.disagreement, `${p.pillar} verdict`);
      }

      const flagged = pulse.pillars.filter(p => p.disagreement !== 'None').map(p => p.pillar).sort();
      assert.deepEqual(flagged, ['friction', 'service']);
      assert.equal(await page.locator('svg.gap g.pillar').count(), 10);
      assert.deepEqual((await page.locator('svg.gap g.disagree').evaluateAll(gs => gs.map(g => g.dataset.pillar))).sort(), flagged);
      assert.deepEqual((await page.locator('ul.disagreements li').evaluateAll(li => li.map(l => l.dataset.pillar))).sort(), flagged);
      assert.equal(await page.locator('script').count(), 0);

      // The rules are on the page, behind a disclosure that works without script.
      await page.getByText('How disagreement is decided').click();
      await page.getByText(/Rated well, spoken of badly: the team's average rating is 4\.00 or more/).waitFor();

      const overflow = await sidewaysOverflow(page);
      assert.ok(overflow.by <= 0, `no sideways scrolling at ${size} size (overflow ${overflow.by}px: ${overflow.wide.join(', ')})`);
      assert.deepEqual(await axeViolations(page), [], 'pulse page');
      await page.screenshot({ path: join(artifacts, `pulse-${size}.png`), fullPage: true });

      await page.goto(`${base}/workspace/pulse?days=30&lang=ru`);
      await page.getByRole('heading', { level: 1, name: 'Пульс сотрудников и клиенты' }).waitFor();
      assert.deepEqual(await axeViolations(page), [], 'pulse page in Russian');
      await page.screenshot({ path: join(artifacts, `pulse-ru-${size}.png`), fullPage: true });

      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });
}
