// The theme explorer in Debian's headless chromium: sign in as an analyst, read the themes, drill down to a
// theme's answers (matched phrases marked), correct a tag on an answer and see the figures change; axe-core on
// every page; screenshots at laptop and phone sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, newPage, noSeriousAxeIssues, noSidewaysScrolling, screenshot, signIn } from './browser.mjs';

async function check(page, name, size) {
  await noSeriousAxeIssues(page, `${name} page at ${size} size`);
  await noSidewaysScrolling(page, `of ${name} at ${size} size`);
  await screenshot(page, `${name}-${size}.png`);
}

const cell = (page, theme, field) => page.locator(`tr[data-theme="${theme}"] [data-field="${field}"]`).innerText();

async function themesApi(page) {
  const response = await page.request.get(`${base}/workspace/api/themes?days=90`);
  assert.equal(response.status(), 200);
  return Object.fromEntries((await response.json()).themes.map(t => [t.theme, t]));
}

test('themes: drill down to the answers, correct a tag as an analyst, see the figures change; axe and screenshots', async () => {
  const browser = await launch();
  try {
    for (const size of ['laptop', 'phone']) {
      const { context, page, problems } = await newPage(browser, size);
      await signIn(page, '/workspace/themes');
      await page.getByRole('heading', { level: 1, name: 'Themes' }).waitFor();

      // The table shows what the JSON twin says.
      const api = await themesApi(page);
      const before = Number(await cell(page, 'delivery', 'mentions'));
      assert.equal(before, api.delivery.mentions);
      assert.equal(await page.locator('section[aria-labelledby="impact"] svg rect').count() > 0, true, 'an impact chart');
      await check(page, 'themes', size);

      // Search over open text, the words marked.
      await page.getByRole('searchbox', { name: 'Search open text' }).fill('late');
      await Promise.all([page.waitForURL(u => new URL(u).searchParams.get('q') === 'late'), page.getByRole('button', { name: 'Search', exact: true }).click()]);
      assert.ok(await page.locator('.hits mark').count() >= 1, 'search results with marks');
      await check(page, 'themes-search', size);

      // Drill down: the answers behind Delivery, with the matched phrases marked and a customer's markup as text.
      await page.locator('tr[data-theme="delivery"] th a').click();
      await page.getByRole('heading', { level: 1, name: 'Delivery' }).waitFor();
      assert.equal(await page.locator('li.answer').count(), before);
      assert.ok(await page.locator('li.answer mark').count() >= 1, 'matched phrases are marked');
      assert.ok(await page.locator('li.answer .comment', { hasText: '<script>' }).count() >= 1, 'markup shown as text');
      assert.equal(await page.evaluate(() => window.workspaceOwned === undefined), true);
      await check(page, 'theme-delivery', size);

      // Open the answer that praised the delivery (on the laptop, before the analyst corrects it), then one that did not.
      await page.locator('li.answer', { hasText: size === 'laptop' ? 'Fast delivery' : 'Delivery late again' }).getByRole('link', { name: 'Open the answer' }).click();
      await page.getByRole('heading', { level: 1, name: 'Answer' }).waitFor();
      assert.equal(await page.locator('[data-labels="stored"] [data-theme="delivery"]').count(), 1);
      assert.equal(await page.locator('[data-labels="now"]').count(), 1);

      if (size === 'laptop') {
        await check(page, 'answer-before', size);
        // The analyst says it is about price, negatively, not about delivery.
        await page.getByLabel('Delivery', { exact: true }).selectOption('remove');
        await page.getByLabel('Add a theme').selectOption('price_value');
        await page.getByLabel('Its sentiment').selectOption('negative');
        await page.getByLabel('Overall sentiment').selectOption('negative');
        await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Save as verified' }).click()]);
        await page.locator('[data-field="verified"]').waitFor();
        assert.equal(await page.locator('[data-labels="team"] [data-theme="price_value"]').count(), 1);
        // The analyzer now says what the team taught it about this text.
        assert.equal(await page.locator('[data-labels="now"] [data-theme="price_value"]').count(), 1);
        assert.equal(await page.locator('[data-labels="now"] [data-theme="delivery"]').count(), 0);
        await check(page, 'answer', size);

        await page.getByRole('link', { name: 'Themes', exact: true }).first().click();
        await page.getByRole('heading', { level: 1, name: 'Themes' }).waitFor();
        assert.equal(Number(await cell(page, 'delivery', 'mentions')), before - 1, 'delivery lost the corrected answer');
        assert.equal(Number(await cell(page, 'delivery', 'positive')), api.delivery.positive - 1);
        assert.equal(Number(await cell(page, 'price_value', 'negative')), (api.price_value?.negative ?? 0) + 1);
        const after = await themesApi(page);
        assert.equal(after.delivery.mentions, before - 1);

        await page.getByRole('link', { name: 'Corrections', exact: true }).first().click();
        await page.getByRole('heading', { level: 1, name: 'Corrections and agreement' }).waitFor();
        assert.equal(await page.locator('[data-field="corrections.themesAgree"]').innerText(), '0.0 %');
        await check(page, 'corrections', size);
      } else {
        await check(page, 'answer', size);
        await page.goto(`${base}/workspace/corrections`);
        await page.getByRole('heading', { level: 1, name: 'Corrections and agreement' }).waitFor();
        await check(page, 'corrections', size);
      }

      assert.deepEqual(problems, []);
      await context.close();
    }
  } finally {
    await browser.close();
  }
});
