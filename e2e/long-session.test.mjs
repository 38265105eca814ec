// A long session in a real browser: bench/10k-events.json (11,093 trace events, 4,210 segments)
// imported through the Settings tab, as a user would. The narration log and the ladder draw only
// what is near their view; these tests check that nothing a user does with them is lost: the log
// still seeks on click and on Enter, its keys (↑ ↓ Page Up/Down Home End) reach every entry, and
// the ladder scrolled back into history shows that history's arrows, labels and timers.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { screenshot } from './lib/browser.mjs';
import { openLab, virtualTime } from './lib/lab.mjs';
import { ROOT } from './lib/server.mjs';
import { servedApp } from './lib/suite.mjs';

const app = servedApp();
let session;

before(async () => {
  session = await readFile(join(ROOT, 'bench', '10k-events.json'), 'utf8');
});

/** Opens the lab, imports the long session and drags the scrubber to its end. */
async function openAtTheEnd() {
  const opened = await openLab(app.browser, app.server, '?lang=en');
  const { page } = opened;
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.locator('#settings-import').fill(session);
  await page.locator('.settings__import-button').click();
  await page.locator('.notice--ok').waitFor();
  await page.getByRole('tab', { name: 'State diagram' }).click();
  const end = await page.locator('.control-bar__end').textContent();
  await page.evaluate(() => {
    const range = document.querySelector('.scrubber__range');
    range.value = range.max;
    range.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForFunction((text) => document.querySelector('.control-bar__time').textContent === text, end);
  return { ...opened, end };
}

/** The log's entry that has the focus: its index, its time in seconds and its text. */
function focusedEntry(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el?.matches('.narration-log__entry')) return null;
    return {
      index: Number(el.dataset.index),
      t: Number.parseFloat(el.querySelector('.narration-log__time').textContent),
      text: el.textContent,
    };
  });
}

/** Scrolls a scrolling box to `fraction` of its height, as a wheel or a dragged scrollbar does. */
async function scrollTo(page, selector, fraction) {
  await page.evaluate(
    ([sel, f]) => {
      const box = document.querySelector(sel);
      box.scrollTop = (box.scrollHeight - box.clientHeight) * f;
    },
    [selector, fraction],
  );
  // The scroll event draws the new part; give it a frame or two.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/** Whether the element `selector` lies wholly within the stage's box on the screen. */
function insideTheStage(page, selector) {
  return page.evaluate((sel) => {
    const stage = document.querySelector('.stage').getBoundingClientRect();
    const r = document.querySelector(sel).getBoundingClientRect();
    return r.height > 0 && r.top >= stage.top && r.bottom <= stage.bottom && r.left >= stage.left && r.right <= stage.right;
  }, selector);
}

describe('a session of over 10,000 events', () => {
  test('the log draws a screenful, and click, Enter and its keys still reach every entry', async () => {
    const { context, page, problems } = await openAtTheEnd();
    const items = page.locator('.narration-log__item');
    const total = Number(await items.last().getAttribute('aria-setsize'));
    assert.ok(total > 3000, `the whole run is told: ${total} entries`);
    const drawn = await items.count();
    assert.ok(drawn < 100, `only the entries near the view are in the page: ${drawn}`);
    // The newest entry is the list's tab stop; Home goes to the very first one.
    await page.locator('.narration-log__entry[tabindex="0"]').focus();
    assert.equal((await focusedEntry(page)).index, total - 1);
    await page.keyboard.press('Home');
    await page.waitForFunction(() => document.activeElement?.dataset.index === '0');
    const first = await focusedEntry(page);
    assert.equal(first.t, 0);
    // Down and Page Down walk forwards through entries that were not drawn a moment ago.
    await page.keyboard.press('ArrowDown');
    assert.equal((await focusedEntry(page)).index, 1);
    await page.keyboard.press('PageDown');
    const paged = await focusedEntry(page);
    assert.ok(paged.index > 2, `a page down: ${paged.index}`);
    await page.keyboard.press('End');
    await page.waitForFunction((last) => document.activeElement?.dataset.index === String(last), total - 1);
    await page.keyboard.press('ArrowUp');
    assert.equal((await focusedEntry(page)).index, total - 2);
    // Home again, then Enter seeks to the first entry's time: the start.
    await page.keyboard.press('Home');
    await page.waitForFunction(() => document.activeElement?.dataset.index === '0');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.control-bar__time').textContent === '0.00 s');
    assert.equal(await virtualTime(page), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('an entry in the middle of the log, scrolled to, seeks to its time on click', async () => {
    const { context, page, problems } = await openAtTheEnd();
    await scrollTo(page, '.narration-log__list', 0.5);
    const index = Number(await page.locator('.narration-log__entry').nth(3).getAttribute('data-index'));
    // That entry by its index: the list may still be settling after the scroll (measuring its
    // entries and drawing again), and the fourth entry drawn may by then be another one.
    const entry = page.locator(`.narration-log__entry[data-index="${index}"]`);
    const total = Number(await page.locator('.narration-log__item').last().getAttribute('aria-setsize'));
    assert.ok(index > total * 0.3 && index < total * 0.7, `the middle of the log is drawn: entry ${index} of ${total}`);
    const t = Number.parseFloat(await entry.locator('.narration-log__time').textContent());
    await entry.click();
    await page.waitForFunction((want) => Math.abs(Number.parseFloat(document.querySelector('.control-bar__time').textContent) - want) < 0.051, t);
    await screenshot(page, 'long-1-log-seeks-from-the-middle');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the ladder scrolled back to the middle of the history shows its arrows, labels and timers', async () => {
    const { context, page, problems } = await openAtTheEnd();
    await screenshot(page, 'long-2-at-the-end');
    // Far fewer timer bars than the 1,311 timer runs: the ladder draws what is near its view.
    const atEnd = await page.locator('.timer-span').count();
    assert.ok(atEnd < 100, `timer bars in the page at the end: ${atEnd}`);
    await scrollTo(page, '.stage', 0.45);
    // Follow is off now (the user scrolled), and what the view shows is drawn. The button that
    // brings the present back is in view (it sticks to the stage's bottom, wherever it scrolled).
    const follow = page.getByRole('button', { name: /Follow the present/ });
    await follow.waitFor();
    assert.ok(await insideTheStage(page, '.stage__follow'), 'the follow button is in view');
    const inView = await page.evaluate(() => {
      const view = document.querySelector('.stage__wire').getBoundingClientRect();
      const stage = document.querySelector('.stage').getBoundingClientRect();
      const shown = (el) => {
        const r = el.getBoundingClientRect();
        return r.bottom > Math.max(view.top, stage.top) && r.top < stage.bottom && r.height + r.width > 0;
      };
      return {
        arrows: [...document.querySelectorAll('.ladder__history .seg')].filter(shown).length,
        labels: [...document.querySelectorAll('.seg-label')].filter(shown).length,
        timers: [...document.querySelectorAll('.timer-span')].filter(shown).length,
      };
    });
    assert.ok(inView.arrows > 0 && inView.labels > 0 && inView.timers > 0, JSON.stringify(inView));
    await screenshot(page, 'long-3-history-in-the-middle');
    // And back to the present: the end is drawn again.
    await page.getByRole('button', { name: /Follow the present/ }).click();
    await page.locator('.lane-mark', { hasText: 'CLOSED' }).first().waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the first frame after a seek shows the present in the ladder, on a slow machine too', async () => {
    const { context, page, problems } = await openAtTheEnd();
    // 4× slower, so that the seek's render outlasts the 16 ms after which Yew yields to the
    // browser before its effects (which used to place the ladder's scroll only after that frame).
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const first = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const before = document.querySelector('[data-now-us]').dataset.nowUs;
          const range = document.querySelector('.scrubber__range');
          range.value = String(Number(range.max) / 2);
          range.dispatchEvent(new Event('input', { bubbles: true }));
          const seen = new MutationObserver(() => {
            if (document.querySelector('[data-now-us]').dataset.nowUs === before) return;
            seen.disconnect();
            // Animation frame callbacks come after the page's own, before the frame's paint.
            requestAnimationFrame(() => {
              const stage = document.querySelector('.stage').getBoundingClientRect();
              const now = document.querySelector('.ladder__now').getBoundingClientRect();
              const arrows = [...document.querySelectorAll('.ladder__history .seg')].filter((g) => {
                const r = g.getBoundingClientRect();
                return r.bottom > stage.top && r.top < stage.bottom;
              }).length;
              resolve({ now: now.top - stage.top, height: stage.height, arrows });
            });
          });
          seen.observe(document, { subtree: true, attributes: true, childList: true });
        }),
    );
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    assert.ok(first.now >= 0 && first.now <= first.height, `the present's line in the first frame: ${JSON.stringify(first)}`);
    assert.ok(first.arrows > 0, `arrows in view in the first frame: ${JSON.stringify(first)}`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a segment on the link far down a long ladder opens its fault menu in view', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?lang=en');
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.locator('#settings-import').fill(session);
    await page.locator('.settings__import-button').click();
    await page.locator('.notice--ok').waitFor();
    // Mid-transfer, following the present: hundreds of pixels of history above it.
    await page.evaluate(() => {
      const range = document.querySelector('.scrubber__range');
      range.value = String(Number(range.max) * 0.3);
      range.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const capsule = page.locator('.capsule').first();
    await capsule.waitFor();
    const scrolled = () => page.evaluate(() => document.querySelector('.stage').scrollTop);
    const before = await scrolled();
    assert.ok(before > 500, `the view followed the present down: ${before}`);
    await capsule.click();
    await page.locator('.fault-menu').waitFor();
    // The menu opens where the view is (the dock sticks to the stage's bottom): the view does
    // not jump up to wherever the dock would otherwise be, away from the segment.
    assert.ok(await insideTheStage(page, '.fault-menu'), 'the fault menu is in view');
    const after = await scrolled();
    assert.ok(Math.abs(after - before) < 50, `the view stayed with the segment: ${before} → ${after}`);
    assert.ok(await insideTheStage(page, '.capsule--selected'), 'the selected segment is in view');
    await screenshot(page, 'long-4-fault-menu-far-down');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
