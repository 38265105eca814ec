// Helpers for the lab's end-to-end tests. The app honours URL parameters (README.md, "URL
// parameters"), so tests choose a preset, a speed and a starting time through the UI's own
// entry point, never by reaching into the page's internals.
import { openPage, waitForShell } from './browser.mjs';

/** Opens the lab at `query` (`?preset=…&speed=…`); resolves to `{ context, page, problems }`. */
export async function openLab(browser, server, query = '', options = {}) {
  const opened = await openPage(browser, options);
  await opened.page.goto(server.url + query);
  await waitForShell(opened.page);
  return opened;
}

/** The two endpoint cards' states, `[client, server]`. */
export async function states(page) {
  return page.locator('.lane__state-name').allTextContents();
}

/** Waits until the cards show these states. */
export async function waitForStates(page, client, server, timeout = 20_000) {
  await page.waitForFunction(
    ([c, s]) => {
      const names = [...document.querySelectorAll('.lane__state-name')].map((e) => e.textContent);
      return names[0] === c && names[1] === s;
    },
    [client, server],
    { timeout },
  );
}

/** The present's virtual time in seconds, as the control bar shows it (`1.05 s`). */
export async function virtualTime(page) {
  const text = await page.locator('.control-bar__time').textContent();
  return Number.parseFloat(text);
}

/** Virtual time and a countdown's time left, read together (seconds). */
export async function timeAndCountdown(page, selector) {
  return page.evaluate((sel) => {
    const now = Number.parseFloat(document.querySelector('.control-bar__time').textContent);
    const left = Number.parseFloat(document.querySelector(`${sel} .countdown__left`)?.textContent);
    return { now, left };
  }, selector);
}
