// The employee pulse page in Debian's headless chromium: sign in as a viewer, read the page, compare it with
// the pulse JSON, check the gap chart and the flagged pillars, run axe-core, and save screenshots at laptop
// and phone sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, newPage, noSeriousAxeIssues, noSidewaysScrolling, screenshot, signIn } from './browser.mjs';

const fixed = (value, digits) => value === null || value === undefined ? '–' : value.toFixed(digits);
const percent = value => value === null || value === undefined ? '–' : `${value.toFixed(1)}%`;
const signed = value => value === null || value === undefined ? '–' : `${value > 0 ? '+' : ''}${value.toFixed(0)}`;

for (const size of ['laptop', 'phone']) {
  test(`pulse page at ${size} size: the pulse JSON's numbers, the flagged pillars, no serious axe issue`, async () => {
    const browser = await launch();
    try {
      const { context, page, problems } = await newPage(browser, size);
      await signIn(page, '/workspace/pulse?days=30');
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

      await noSidewaysScrolling(page, `at ${size} size`);
      await noSeriousAxeIssues(page, 'pulse page');
      await screenshot(page, `pulse-${size}.png`);

      await page.goto(`${base}/workspace/pulse?days=30&lang=ru`);
      await page.getByRole('heading', { level: 1, name: 'Пульс сотрудников и клиенты' }).waitFor();
      await noSeriousAxeIssues(page, 'pulse page in Russian');
      await screenshot(page, `pulse-ru-${size}.png`);

      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });
}
