// Issue 10's screen-reader and contrast items in the release build: what the one live region
// receives while stepping (a MutationObserver in the page records it), the lane headers in forced
// colours, and axe-core (npm, pinned in package-lock.json; its axe.min.js injected into the page)
// over every size, language, panel and menu. Screenshots: target/e2e/a11y-*.png.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { screenshot } from './lib/browser.mjs';
import { openLab } from './lib/lab.mjs';
import { ROOT } from './lib/server.mjs';
import { servedApp } from './lib/suite.mjs';

const app = servedApp();
// These tests inject their tools into the page (axe-core, a style, a MutationObserver, a data:
// URL), which the app's Content-Security-Policy rightly blocks: they run without it
// (csp.test.mjs tests the policy; every other test runs under it).
const openTooled = (query, options = {}) => openLab(app.browser, app.server, query, { ...options, bypassCSP: true });

const AXE = readFile(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

const SIZES = [
  [1280, 720],
  [1440, 900],
  [390, 844],
];

/** axe-core's serious and critical violations in the page as it is now, one line each. */
async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: await AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ')}`));
}

/**
 * Records, from now on, every text added to a live region of the page, per region: `window.__heard`
 * is a list of `{ region, text }` in the order the browser saw them.
 */
async function listenToLiveRegions(page) {
  await page.evaluate(() => {
    window.__heard = [];
    const live = (node) =>
      node?.closest?.('[aria-live]:not([aria-live="off"]), [role="status"], [role="log"], [role="alert"]');
    const name = (region) => region.className || region.getAttribute('role') || region.tagName;
    new MutationObserver((records) => {
      for (const r of records) {
        const target = r.target.nodeType === Node.ELEMENT_NODE ? r.target : r.target.parentElement;
        const region = live(target);
        if (!region) continue;
        if (r.type === 'childList' && r.target === region) {
          // What a region receives: each node added to it (a paragraph holding a step's
          // sentences, one per span, or plain text).
          for (const n of r.addedNodes) {
            const parts = n.nodeType === Node.ELEMENT_NODE && n.children.length ? [...n.children] : [n];
            for (const part of parts) {
              const text = part.textContent.trim();
              if (text) window.__heard.push({ region: name(region), text });
            }
          }
        } else if (r.type === 'characterData') {
          // Text changed inside a region (the way the lane states used to be spoken).
          window.__heard.push({ region: name(region), text: region.textContent.trim() });
        }
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

/** Where the lab is: the present's time and how many entries the log holds. */
const whereWeAre = () =>
  `${document.querySelector('.control-bar__time').textContent} ${document.querySelector('.narration-log__item')?.getAttribute('aria-setsize') ?? 0}`;

/** Steps (→) until a step changes nothing; the steps taken. */
async function stepToTheEnd(page) {
  let steps = 0;
  for (;;) {
    const was = await page.evaluate(whereWeAre);
    await page.keyboard.press('ArrowRight');
    try {
      await page.waitForFunction(`(${whereWeAre})() !== ${JSON.stringify(was)}`, undefined, { timeout: 1_500 });
    } catch {
      return steps;
    }
    steps++;
  }
}

/**
 * Every entry of the narration log, top to bottom, as `{ at, of, text }` (the log draws only the
 * entries near its view: it is scrolled through from the top).
 */
async function logEntries(page) {
  const list = page.locator('.narration-log__list');
  const seen = new Map();
  await list.evaluate((el) => {
    el.scrollTop = 0;
  });
  for (let i = 0; i < 200; i++) {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const { items, bottom } = await list.evaluate((el) => ({
      items: [...el.querySelectorAll('.narration-log__item')].map((li) => ({
        at: Number(li.getAttribute('aria-posinset')),
        of: Number(li.getAttribute('aria-setsize')),
        text: li.querySelector('.narration-log__text').textContent.trim(),
      })),
      bottom: el.scrollTop + el.clientHeight >= el.scrollHeight - 1,
    }));
    for (const item of items) seen.set(item.at, item);
    if (bottom) break;
    await list.evaluate((el) => {
      el.scrollTop += el.clientHeight / 2;
    });
  }
  return [...seen.values()].sort((a, b) => a.at - b.at);
}

describe('issue 10: keyboard and screen reader', () => {
  for (const [preset, count] of [
    ['handshake', 10],
    ['simultaneous-close', 24],
  ]) {
    for (const lang of ['en', 'ko']) {
      test(`stepping through ${preset}, the one live region hears each of its ${count} entries once, in order, ${lang}`, async () => {
        const locale = lang === 'ko' ? 'ko-KR' : 'en-US';
        const { context, page, problems } = await openTooled(`?preset=${preset}&lang=${lang}`, { locale });
        await listenToLiveRegions(page);
        const steps = await stepToTheEnd(page);
        assert.ok(steps >= 4, `${steps} steps`);
        const heard = await page.evaluate(() => window.__heard);
        const regions = [...new Set(heard.map((h) => h.region))];
        assert.deepEqual(regions, ['visually-hidden narration-log__live'], `regions that spoke: ${regions.join(', ')}`);
        const told = await logEntries(page);
        assert.equal(told[0].of, count);
        assert.deepEqual(
          told.map((t) => t.at),
          Array.from({ length: count }, (_, i) => i + 1),
        );
        assert.deepEqual(
          heard.map((h) => h.text),
          told.map((t) => t.text),
        );
        if (preset === 'simultaneous-close') {
          const closing = heard.filter((h) => /FIN-WAIT-1 → CLOSING/.test(h.text));
          assert.equal(closing.length, 2, 'both CLOSING transitions are heard');
        }
        // The lane states are shown, not spoken a second time.
        assert.equal(await page.locator('.lane [aria-live]').count(), 0);
        assert.deepEqual(problems, []);
        await context.close();
      });
    }
  }

  test('in forced colours (Windows high contrast) the ladder does not show through the lane cards', async () => {
    const { context, page, problems } = await openTooled('?preset=lost-last-ack&t=12.6&lang=en');
    await page.emulateMedia({ forcedColors: 'active' });
    // Scrolled so that the handshake's arrows and labels pass under the sticky lane cards.
    await page.locator('.stage').evaluate((el) => {
      el.scrollTop = 200;
    });
    await page.locator('.stage__follow').waitFor();
    const band = await page.locator('.stage__lanes').evaluate((el) => {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return { x: r.left, y: r.top, width: r.width, height: r.height, background: cs.backgroundColor };
    });
    assert.match(band.background, /^rgb\(/, `the band's background is ${band.background}`);
    // Every pixel of the band below the cards' tops, between and beside them, is the band's own
    // colour: nothing of the ladder under it is drawn.
    const png = await page.screenshot({ clip: band });
    const stray = await page.evaluate(
      async ({ data, cards }) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${data}`)).blob());
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const g = canvas.getContext('2d');
        g.drawImage(bitmap, 0, 0);
        const { data: px } = g.getImageData(0, 0, bitmap.width, bitmap.height);
        const at = (x, y) => px.slice((y * bitmap.width + x) * 4, (y * bitmap.width + x) * 4 + 3).join(',');
        const canvasColour = at(1, 1);
        let count = 0;
        for (let y = 0; y < bitmap.height; y++) {
          for (let x = 0; x < bitmap.width; x++) {
            const onCard = cards.some((c) => x >= c.left - 3 && x <= c.right + 3 && y >= c.top - 3 && y <= c.bottom + 3);
            if (!onCard && at(x, y) !== canvasColour) count++;
          }
        }
        return count;
      },
      {
        data: png.toString('base64'),
        cards: await page.evaluate(
          ({ x, y }) =>
            [...document.querySelectorAll('.stage__lanes .lane')].map((c) => {
              const r = c.getBoundingClientRect();
              return { left: r.left - x, right: r.right - x, top: r.top - y, bottom: r.bottom - y };
            }),
          band,
        ),
      },
    );
    await screenshot(page, 'a11y-forced-colors');
    assert.equal(stray, 0, `${stray} pixels of the ladder show through the lane cards' band`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  for (const [width, height] of SIZES) {
    for (const lang of ['en', 'ko']) {
      test(`axe-core finds nothing serious with every panel and menu open, ${width}×${height}, ${lang}`, async () => {
        const locale = lang === 'ko' ? 'ko-KR' : 'en-US';
        // A segment on its way (for the fault menu) and some history.
        const { context, page, problems } = await openTooled(`?preset=lost-syn&t=1.05&lang=${lang}`, {
          locale,
          width,
          height,
        });
        const found = {};
        const check = async (what) => {
          const v = await axeViolations(page);
          if (v.length) found[what] = v;
        };
        const tab = (name) => page.locator(`#side-tab-${name}`).click();
        await check('the lab');
        if (width < 768) {
          // The phone's sheet: narration first, then taller.
          await page.locator('.side__handle').click();
          await check('the tall sheet');
          await page.locator('.side__handle').click();
        }
        await tab('inspector');
        await check('inspector tab');
        await tab('settings');
        await check('settings tab');
        await tab('diagram');
        // The fault menu of the segment on the link, with the faults row of both sides open.
        await page.keyboard.press('n');
        await page.locator('.fault-menu').waitFor();
        for (const side of ['client', 'server']) await page.locator(`.calls--${side} .calls__more > summary`).click();
        await check('fault menu and faults rows');
        await page.keyboard.press('Escape');
        await page.locator('.preset-menu__button').click();
        await page.locator('.preset-menu__list').waitFor();
        await check('preset menu');
        await page.keyboard.press('Escape');
        // (On a phone, selecting showed the segment's tab of the sheet.)
        await tab('diagram');
        await page.locator('.state-diagram__toggle').click();
        await page.locator('.state-diagram--expanded').waitFor();
        await check('enlarged diagram');
        await page.keyboard.press('Escape');
        await page.locator('.header__help').click();
        await page.locator('.help-overlay__dialog').waitFor();
        await check('help');
        await screenshot(page, `a11y-help-${width}x${height}-${lang}`);
        await page.keyboard.press('Escape');
        assert.deepEqual(found, {});
        assert.deepEqual(problems, []);
        await context.close();
      });
    }
  }

  test('stepping back says where the present is and both states, once', async () => {
    const { context, page, problems } = await openTooled('?preset=handshake&t=0.2&lang=en');
    await listenToLiveRegions(page);
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => document.querySelector('.control-bar__time').textContent.startsWith('0.10'));
    await page.waitForFunction(() => window.__heard.length > 0);
    assert.deepEqual(
      await page.evaluate(() => window.__heard.map((h) => h.text)),
      ['Now at 0.1 s: client SYN-SENT, server SYN-RECEIVED.'],
    );
    assert.deepEqual(problems, []);
    await context.close();
  });
});
