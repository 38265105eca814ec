// Headless Debian Chromium through playwright-core (no downloaded browser). The flags are the
// ones ../shared/TOOLCHAIN.md found necessary on the closed network; Playwright gives every
// launch a fresh, empty user-data-dir of its own.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './server.mjs';

export const SHOTS = join(ROOT, 'target', 'e2e');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

/**
 * A new page that records what must never happen: console errors, uncaught exceptions, failed
 * requests and HTTP errors. `problems` lists them as strings. `deviceScaleFactor` 1.5 with an
 * 853×480 viewport is a 1280×720 window zoomed to 150 %.
 */
export async function openPage(browser, { locale = 'en-US', width = 1280, height = 720, deviceScaleFactor = 1, bypassCSP = false } = {}) {
  // `bypassCSP` only for tests that inject their own tools (axe-core, a style, a data: URL); the
  // app's Content-Security-Policy is tested in csp.test.mjs, and every other test runs under it.
  const context = await browser.newContext({ locale, viewport: { width, height }, deviceScaleFactor, bypassCSP });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  page.on('requestfailed', (req) => {
    // The page's icon is fetched at low priority after the load; a test that navigates again at
    // once cancels it (net::ERR_ABORTED), which is the browser's doing, not a failure. Any other
    // failed request, and an icon that fails otherwise, is a problem.
    const aborted = req.failure()?.errorText === 'net::ERR_ABORTED';
    if (aborted && /\/icon[^/]*\.(svg|png)$/.test(new URL(req.url()).pathname)) return;
    problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return { context, page, problems };
}

/** Waits until the app has replaced the loading message with the shell. */
export async function waitForShell(page) {
  await page.locator('.stage .lane--server').waitFor({ state: 'visible', timeout: 30_000 });
}

/**
 * Saves `target/e2e/<name>.png`: the whole page, or with `{ fullPage: false }` the screen as the
 * user sees it (a phone's bottom sheet is fixed to the screen, and a whole-page picture draws it
 * in the middle of the page).
 */
export async function screenshot(page, name, { fullPage = true } = {}) {
  await mkdir(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}
