// Debian's headless chromium driven by playwright-core (which never downloads a browser).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifacts = process.env.CXBOT_ARTIFACTS || join(repositoryRoot, 'artifacts', 'webchat');
mkdirSync(artifacts, { recursive: true });

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']
  });
}

/** A phone: 390×844, touch, the given browser language. Collects CSP violations and page errors. */
export async function phone(browser, locale, viewport = { width: 390, height: 844 }) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale });
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', e => console.error(`CSP violation: ${e.violatedDirective} ${e.sourceFile}:${e.lineNumber}`))
  );
  const problems = [];
  context.on('page', page => {
    page.on('pageerror', error => problems.push(`page error: ${error.message}`));
    page.on('console', message => message.type() === 'error' && problems.push(message.text()));
  });
  return { context, problems };
}

/** The bot's messages on the page, as text, in order. */
export function botTexts(page) {
  return page.locator('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content').allInnerTexts();
}

export async function untilBotSays(page, pattern, timeout = 20000) {
  await page.locator('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content', { hasText: pattern }).last().waitFor({ timeout });
}

/** Taps a suggested action (a button under the bot's last message). */
export async function tap(page, title) {
  const button = page.locator('.webchat__suggested-actions').getByRole('button', { name: title, exact: true });
  await button.waitFor({ timeout: 20000 });
  await button.tap();
}

export async function type(page, text) {
  const box = page.getByRole('textbox');
  await box.tap();
  await box.fill(text);
  await box.press('Enter');
}

/** Waits until the bot's last message matching the pattern has scrolled fully into view (for screenshots). */
export async function untilInView(page, pattern, timeout = 20000) {
  await page.waitForFunction(source => {
    const re = new RegExp(source);
    const bubbles = [...document.querySelectorAll('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content')].filter(b => re.test(b.innerText));
    const scroller = document.querySelector('.webchat__basic-transcript__scrollable');
    if (!bubbles.length || !scroller) return false;
    const bubble = bubbles[bubbles.length - 1].getBoundingClientRect();
    const view = scroller.getBoundingClientRect();
    return bubble.top >= view.top && bubble.bottom <= view.bottom + 1;
  }, pattern.source, { timeout });
}
