// The workspace in Debian's headless chromium driven by playwright-core (which never downloads a browser), with
// axe-core: what every workspace browser test does, whatever page it reads.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const base = process.env.CXBOT_URL;
export const user = process.env.CXBOT_USER;
export const password = process.env.CXBOT_PASSWORD;
export const artifacts = process.env.CXBOT_ARTIFACTS || join(repositoryRoot, 'artifacts', 'workspace');
mkdirSync(artifacts, { recursive: true });

const sizes = {
  laptop: { viewport: { width: 1366, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A page in a browser context of its own at the size ('laptop', 'phone'); collects page errors and console errors. */
export async function newPage(browser, size) {
  const context = await browser.newContext(sizes[size]);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  page.on('console', m => m.type() === 'error' && problems.push(m.text()));
  return { context, page, problems };
}

/**
 * Opens `path` without a session, checks it was sent to sign in, signs in and waits to be back on the path's page.
 * The user and password default to CXBOT_USER and CXBOT_PASSWORD.
 */
export async function signIn(page, path, name = user, secret = password) {
  await page.goto(`${base}${path}`);
  assert.match(new URL(page.url()).pathname, /^\/workspace\/signin/, 'no session: sent to sign in');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Password', { exact: true }).fill(secret);
  const back = new URL(path, base).pathname;
  await Promise.all([page.waitForURL(u => new URL(u).pathname === back), page.getByRole('button', { name: 'Sign in' }).click()]);
}

/** axe-core evaluated through the DevTools protocol, which the page's script-free CSP does not govern. */
async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
}

/** No serious or critical axe-core issue on the page; `what` names it in the failure. */
export async function noSeriousAxeIssues(page, what) {
  assert.deepEqual(await axeViolations(page), [], what);
}

/**
 * The page does not scroll sideways; `where` completes the failure's "no sideways scrolling …", which also names up to
 * five elements reaching past the right edge (outside the tables that scroll on their own, `.scroll`).
 */
export async function noSidewaysScrolling(page, where) {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest('.scroll'))
      .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className?.baseVal ?? e.className}`);
    return { by: document.scrollingElement.scrollWidth - width, wide };
  });
  assert.ok(overflow.by <= 0, `no sideways scrolling ${where} (overflow ${overflow.by}px: ${overflow.wide.join(', ')})`);
}

/** A full-page screenshot into the artifacts folder under the file name given. */
export function screenshot(page, file) {
  return page.screenshot({ path: join(artifacts, file), fullPage: true });
}
