// Theme names in the reader's language in Debian's headless chromium: the themes page and its impact chart in
// Russian, a theme's page in Romanian, the correction menu in Polish (names shown, ids sent); axe-core on every
// page; screenshots at laptop and phone sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, newPage, noSeriousAxeIssues, noSidewaysScrolling, screenshot, signIn } from './browser.mjs';

async function check(page, name, size) {
  await noSeriousAxeIssues(page, `${name} page at ${size} size`);
  await noSidewaysScrolling(page, `of ${name} at ${size} size`);
  await screenshot(page, `${name}-${size}.png`);
}

test('theme names: Russian themes page, Romanian theme page, Polish correction menu; axe and screenshots', async () => {
  const browser = await launch();
  try {
    for (const size of ['laptop', 'phone']) {
      const { context, page, problems } = await newPage(browser, size);
      await signIn(page, '/workspace/themes');

      await page.goto(`${base}/workspace/themes?days=90&lang=ru`);
      const delivery = page.locator('tr[data-theme="delivery"] th a');
      assert.equal(await delivery.innerText(), 'Доставка');
      assert.match(await delivery.getAttribute('href'), /^\/workspace\/themes\/delivery\?/);
      const chart = await page.locator('section[aria-labelledby="impact"] svg text.name').allTextContents();
      assert.ok(chart.includes('Доставка') && chart.includes('Цена и выгода'), `Russian names in the impact chart: ${chart.join(', ')}`);
      assert.ok(!chart.includes('Delivery'));
      await check(page, 'themes-ru', size);

      await page.goto(`${base}/workspace/themes/delivery?days=90&lang=ro`);
      await page.getByRole('heading', { level: 1, name: 'Livrare' }).waitFor();
      assert.match(await page.locator('[data-field="description"]').innerText(), /^Viteza livrării/);
      await check(page, 'theme-ro', size);

      await page.goto(`${base}/workspace/answers/r2/why?lang=pl`);
      await page.locator('[data-labels="stored"] [data-theme="delivery"]', { hasText: 'Dostawa' }).waitFor();
      const add = page.locator('select#add');
      await add.selectOption({ label: 'Cena i wartość' });
      assert.equal(await add.inputValue(), 'price_value', 'the menu shows the Polish name and sends the id');
      await check(page, 'answer-pl', size);

      assert.deepEqual(problems, []);
      await context.close();
    }
  } finally {
    await browser.close();
  }
});
