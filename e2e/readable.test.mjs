// Issue 10: readable from the back of a classroom at 1280×720 and at 150 % browser zoom, the
// ladder's labels apart from each other, every segment of a bulk transfer drawn, and whole on a
// phone — measured from computed sizes and boxes in the release build. Screenshots:
// target/e2e/readable-*.png.
//
// Browser zoom at 150 % is emulated as Chromium applies it: a 1280×720 window zoomed to 150 %
// lays the page out in 853×480 CSS pixels at a device pixel ratio of 1.5, which is the viewport
// and deviceScaleFactor these tests give the page (media queries see the same 853×480).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { screenshot } from './lib/browser.mjs';
import { openLab } from './lib/lab.mjs';
import { servedApp } from './lib/suite.mjs';

const app = servedApp();
// These tests inject their tools into the page (axe-core, a style, a MutationObserver, a data:
// URL), which the app's Content-Security-Policy rightly blocks: they run without it
// (csp.test.mjs tests the policy; every other test runs under it).
const openTooled = (query, options = {}) => openLab(app.browser, app.server, query, { ...options, bypassCSP: true });

const LOCALES = { en: 'en-US', ko: 'ko-KR' };

/** Computed font sizes (px) of every element matching `selector`. */
const fontSizes = (page, selector) =>
  page.evaluate((sel) => [...document.querySelectorAll(sel)].map((el) => Number.parseFloat(getComputedStyle(el).fontSize)), selector);

/** The smallest size, in screen pixels, at which the state diagram's state names are drawn. */
const diagramNamePx = (page) =>
  page.evaluate(() =>
    Math.min(
      ...[...document.querySelectorAll('.state-diagram__name')].map(
        (el) => el.getScreenCTM().a * Number.parseFloat(getComputedStyle(el).fontSize),
      ),
    ),
  );

/** A box as plain numbers. */
const box = (page, selector) =>
  page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
  });

/** How many pixels of a box's height lie inside the viewport (and inside `clip`, if given). */
const visibleHeight = (b, viewportHeight, clip = { top: -Infinity, bottom: Infinity }) =>
  Math.max(0, Math.min(b.bottom, viewportHeight, clip.bottom) - Math.max(b.top, 0, clip.top));

describe('issue 10: readable from the back of a classroom', () => {
  for (const lang of ['en', 'ko']) {
    test(`1280×720: labels and countdowns ≥ 16 px, the diagram's states ≥ 14 px beside the ladder, ${lang}`, async () => {
      // A re-sent FIN on its way, TIME-WAIT restarted: labels, badges, countdowns and timers.
      const { context, page, problems } = await openTooled(`?preset=lost-last-ack&t=2.65&lang=${lang}`, {
        locale: LOCALES[lang],
      });
      await page.locator('.seg-label').first().waitFor();
      const min = async (sel) => Math.min(...(await fontSizes(page, sel)));
      for (const [sel, px] of [
        ['.seg-label', 16],
        ['.countdown', 16],
        ['.countdown__name, .countdown__length, .countdown__left', 16],
        ['.capsule', 15],
        ['.timer-span__label', 14],
        ['.lane-mark, .call-mark', 14],
        ['.calls__button', 14],
      ]) {
        const sizes = await fontSizes(page, sel);
        assert.ok(sizes.length > 0, `nothing matches ${sel}`);
        assert.ok(Math.min(...sizes) >= px, `${sel}: ${await min(sel)} px`);
      }
      const names = await diagramNamePx(page);
      assert.ok(names >= 14, `the diagram's state names are ${names.toFixed(1)} px`);
      // Seen together: the diagram whole on screen, beside the ladder, neither covering the other.
      const stage = await box(page, '.stage');
      const diagram = await box(page, '.state-diagram__svg');
      assert.ok(diagram.left >= stage.right, JSON.stringify({ stage, diagram }));
      assert.ok(diagram.top >= 0 && diagram.bottom <= 720 + 0.5, JSON.stringify(diagram));
      assert.ok(stage.bottom <= 720 && stage.height >= 300, JSON.stringify(stage));
      const scroll = await page.evaluate(() => document.documentElement.scrollHeight - innerHeight);
      assert.ok(scroll <= 0, `the page scrolls by ${scroll} px`);
      await screenshot(page, `readable-projector-1280x720-${lang}`);
      assert.deepEqual(problems, []);
      await context.close();
    });

    test(`150 % zoom (853×480 at 1.5×): ladder, states and narration stay on the first screen, ${lang}`, async () => {
      const { context, page, problems } = await openTooled(`?preset=lost-last-ack&t=2.65&lang=${lang}`, {
        locale: LOCALES[lang],
        width: 853,
        height: 480,
        deviceScaleFactor: 1.5,
      });
      assert.equal(await page.evaluate(() => devicePixelRatio), 1.5);
      await page.locator('.narration-log__text').first().waitFor();
      const stage = await box(page, '.stage');
      const side = await box(page, '.lab__side');
      // Two columns, not the phone's one.
      assert.ok(side.left >= stage.right - 0.5 && side.top < stage.bottom, JSON.stringify({ stage, side }));
      // The ladder: at least 150 px of wire visible under the lane cards.
      const lanes = await box(page, '.stage__lanes');
      const wire = await box(page, '.stage__wire');
      const ladder = visibleHeight(wire, 480, { top: lanes.bottom, bottom: stage.bottom });
      assert.ok(ladder >= 150, `${ladder} px of ladder on screen`);
      // The states: both lane cards' states, and the diagram, on screen.
      for (const name of await page.locator('.lane__state-name').all()) {
        const b = await name.evaluate((el) => el.getBoundingClientRect().toJSON());
        assert.ok(b.top >= 0 && b.bottom <= 480, JSON.stringify(b));
      }
      const diagram = await box(page, '.state-diagram__viewport');
      assert.ok(visibleHeight(diagram, 480) >= 120, JSON.stringify(diagram));
      for (const state of ['TIME-WAIT', 'LAST-ACK']) {
        const b = await box(page, `.state-diagram__state[data-state="${state}"]`);
        assert.ok(b.top >= diagram.top - 0.5 && b.bottom <= Math.min(480, diagram.bottom) + 0.5, `${state}: ${JSON.stringify(b)}`);
      }
      // The narration: its newest entry on screen.
      const newest = await page.evaluate(() => [...document.querySelectorAll('.narration-log__item')].at(-1).getBoundingClientRect().toJSON());
      assert.ok(newest.top >= 0 && newest.bottom <= 480 + 0.5, JSON.stringify(newest));
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(wide <= 0, `wider than the screen by ${wide} px`);
      await screenshot(page, `readable-zoom150-853x480-${lang}`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  for (const lang of ['en', 'ko']) {
    test(`a phone (390×844): the newest narration, a tapped segment's fields and the notice beside the ladder, ${lang}`, async () => {
      const { context, page, problems } = await openTooled(`?preset=lost-last-ack&t=2.65&lang=${lang}`, {
        locale: LOCALES[lang],
        width: 390,
        height: 844,
      });
      await page.locator('.narration-log__text').first().waitFor();
      /** The ladder's height on screen above the sheet, and the sheet's top. */
      const ladderAboveSheet = async () => {
        const sheet = await box(page, '.lab__side');
        const stage = await box(page, '.stage');
        const lanes = await box(page, '.stage__lanes');
        return { sheet, ladder: visibleHeight(stage, 844, { top: lanes.bottom, bottom: sheet.top }) };
      };
      let { sheet, ladder } = await ladderAboveSheet();
      assert.ok(Math.abs(sheet.bottom - 844) < 1 && sheet.top >= 844 * 0.6, `the sheet: ${JSON.stringify(sheet)}`);
      assert.ok(ladder >= 250, `${ladder} px of ladder above the sheet`);
      // The newest narration entry is in the sheet, on screen.
      const newest = await page.evaluate(() => [...document.querySelectorAll('.narration-log__item')].at(-1).getBoundingClientRect().toJSON());
      assert.ok(newest.top >= sheet.top && newest.top < 844 - 20, JSON.stringify({ newest, sheet }));
      // Seq and Ack on the ladder's labels, readable.
      const numbers = await page.evaluate(() =>
        [...document.querySelectorAll('.ladder__overlay > .seg-label--full')].map((l) => {
          const nums = l.querySelector('.seg-label__numbers');
          return { text: nums?.innerText ?? '', width: nums?.getBoundingClientRect().width ?? 0, px: Number.parseFloat(getComputedStyle(l).fontSize) };
        }),
      );
      assert.ok(numbers.length > 0);
      for (const n of numbers) {
        assert.match(n.text, /Seq=\d+/);
        assert.match(n.text, /Ack=\d+/);
        assert.ok(n.width > 0 && n.px >= 11, JSON.stringify(n));
      }
      // A tapped segment: its fields in the sheet, the ladder still in view.
      await page.locator('.seg-label', { hasText: 'S4' }).click();
      await page.locator('#side-tab-inspector[aria-selected=true]').waitFor();
      ({ sheet, ladder } = await ladderAboveSheet());
      assert.ok(ladder >= 250, `${ladder} px of ladder above the sheet after the tap`);
      const fields = await page.locator('.side__panel').evaluate((panel) => ({
        text: panel.innerText,
        box: panel.getBoundingClientRect().toJSON(),
      }));
      assert.match(fields.text, /S4/);
      assert.match(fields.text, /Seq/);
      assert.ok(fields.box.top >= sheet.top && fields.box.top < 844 - 60, JSON.stringify({ fields: fields.box, sheet }));
      await screenshot(page, `readable-phone-segment-${lang}`, { fullPage: false });
      // The sheet grows and shrinks without losing its tab.
      await page.locator('.side__handle').click();
      const tall = await box(page, '.lab__side');
      assert.ok(tall.height > sheet.height * 2, JSON.stringify({ tall, sheet }));
      await page.locator('.side__handle').click();
      await page.locator('#side-tab-narration').click();
      await screenshot(page, `readable-phone-${lang}`, { fullPage: false });
      // "What to notice" is cut to two lines, and opens whole (the longest notice of all).
      await page.goto(`${app.server.url}?preset=no-time-wait&lang=${lang}`);
      await page.locator('.stage .lane--server').waitFor();
      const notice = page.locator('.preset-menu__notice-text');
      const cut = await notice.evaluate((el) => el.scrollHeight - el.clientHeight);
      assert.ok(cut > 1, 'the notice is not cut on a phone');
      const more = page.locator('.preset-menu__notice-more');
      assert.equal(await more.getAttribute('aria-expanded'), 'false');
      await more.click();
      assert.equal(await more.getAttribute('aria-expanded'), 'true');
      assert.ok(await notice.evaluate((el) => el.scrollHeight <= el.clientHeight + 1), 'the notice is still cut');
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  test('bulk data: each of the 200 segments is an arrow of its own, in its own row, and they travel as a train', async () => {
    const { context, page, problems } = await openTooled('?preset=bulk-data&t=1.2&lang=en');
    await page.locator('.capsule').first().waitFor();
    const arrows = await page.evaluate(() =>
      [...document.querySelectorAll('.ladder__history .seg')].map((g) => ({
        id: g.dataset.tx,
        y: Number(g.querySelector('.seg__line').getAttribute('y1')),
      })),
    );
    const data = arrows.filter((a) => /^C(\d+)$/.test(a.id) && Number(a.id.slice(1)) >= 3 && Number(a.id.slice(1)) <= 202);
    assert.equal(data.length, 200, `data arrows drawn: ${data.length}`);
    // In the order they were sent, one row (5 px) apart: the window can be seen.
    const ys = data.sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1))).map((a) => a.y);
    for (let i = 1; i < ys.length; i++) assert.ok(Math.abs(ys[i] - ys[i - 1] - 5) < 0.2, `rows ${i - 1}→${i}: ${ys[i - 1]} → ${ys[i]}`);
    // No label folds segments together any more.
    const labels = await page.locator('.seg-label').allTextContents();
    assert.ok(!labels.some((l) => /×\d/.test(l)), labels.join(' | '));
    // On the link they are one train: a capsule that counts the others, and a rail.
    const capsule = page.locator('.capsule', { hasText: '+199' });
    assert.equal(await capsule.count(), 1);
    assert.match(await capsule.getAttribute('aria-label'), /\[ACK\] and 199 more/);
    assert.equal(await page.locator('.capsule-rail').count(), 1);
    await screenshot(page, 'readable-bulk-data');
    assert.deepEqual(problems, []);
    await context.close();
  });

  /** The boxes of the ladder's words in the page: labels, lane marks, timers, faults, waits. */
  const words = (page) =>
    page.evaluate(() =>
      [
        ...document.querySelectorAll(
          '.ladder .seg-label, .ladder .lane-mark, .ladder .call-mark, .ladder .timer-span__label, .ladder .ladder__fault, .ladder .ladder__drop, .ladder .ladder__gap, .ladder .ladder__now-time:not(.ladder__now-time--crowded)',
        ),
      ]
        .filter((el) => !el.closest('.ladder__probes'))
        .map((el) => {
          const r = el.getBoundingClientRect();
          return { what: `${el.className.split(' ')[0]} "${el.textContent.trim().slice(0, 40)}"`, l: r.left, r: r.right, t: r.top, b: r.bottom };
        }),
    );

  for (const [width, height] of [
    [1280, 720],
    [390, 844],
  ]) {
    test(`no word of the ladder covers another, no capsule covers a state, ${width}×${height}`, async () => {
      const moments = [
        ['lost-last-ack', 2.65],
        ['lost-last-ack', 12.6],
        ['simultaneous-close', 0.35],
        ['simultaneous-open', 0.3],
        ['bulk-data', 1.2],
        ['bulk-data', 2.0],
        ['lost-syn', 1.05],
        ['lost-syn', 1.2],
        ['handshake-data-close', 0.45],
        ['fin-overtakes-data', 1.0],
      ];
      const { context, page, problems } = await openTooled('?lang=en', { width, height });
      let checked = 0;
      for (const [preset, t] of moments) {
        for (const fit of [false, true]) {
          await page.goto(`${app.server.url}?preset=${preset}&t=${t}&lang=en`);
          await page.locator('.stage .lane--server').waitFor();
          if (fit) {
            await page.keyboard.press('o');
          }
          await page.waitForTimeout(150);
          const boxes = await words(page);
          checked += boxes.length;
          // The present's time chip finds a place no word covers (components/ladder.rs: chip_at),
          // except in a phone's fitted view of a burst, where words fill the whole line.
          const crowded = await page.locator('.ladder__now-time--crowded').count();
          assert.ok(crowded === 0 || (fit && width < 600), `${preset} at ${t} s${fit ? ', fitted' : ''}: no room for the time chip`);
          for (let i = 0; i < boxes.length; i++) {
            for (let j = i + 1; j < boxes.length; j++) {
              const [a, b] = [boxes[i], boxes[j]];
              const overlap = Math.min(a.r, b.r) - Math.max(a.l, b.l) > 1 && Math.min(a.b, b.b) - Math.max(a.t, b.t) > 1;
              assert.ok(!overlap, `${preset} at ${t} s${fit ? ', fitted' : ''}: ${a.what} and ${b.what} overlap: ${JSON.stringify([a, b])}`);
            }
          }
          // A capsule passing a lifeline never covers its state: the state is on top. (States
          // take no presses, which go to the capsule under them; elementFromPoint sees them only
          // if they do, so they do for this check.)
          const covered = await page.evaluate(() => {
            const style = document.createElement('style');
            style.textContent = '.ladder .lane-slot { pointer-events: auto !important; }';
            document.head.append(style);
            const found = [...document.querySelectorAll('.ladder .lane-mark')].flatMap((mark) => {
              const r = mark.getBoundingClientRect();
              const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
              return top && top.closest('.capsule, .capsule-at') ? [mark.textContent] : [];
            });
            style.remove();
            return found;
          });
          assert.deepEqual(covered, [], `${preset} at ${t} s: capsules on states`);
        }
      }
      assert.ok(checked > 100, `${checked} words checked`);
      await screenshot(page, `readable-words-${width}x${height}`, { fullPage: width >= 1280 });
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  test("on a phone the time chip keeps its place while time runs, and moves off a state once stopped", async () => {
    // Stopped at 1.2 s the client's ESTABLISHED sits on the present's line, where the chip
    // would be: it goes to the right end. While playing it stays at the left end of the line
    // instead of jumping out of the way of every capsule and state it passes.
    const { context, page, problems } = await openTooled('?preset=lost-syn&t=1.2&lang=ko', { width: 390, height: 844 });
    const chip = page.locator('.ladder__now-time');
    assert.match(await chip.getAttribute('class'), /ladder__now-time--right/);
    await page.goto(`${app.server.url}?preset=lost-syn&t=0.9&lang=ko`);
    await page.locator('.stage .lane--server').waitFor();
    await page.locator('.control-bar__button--play').click();
    const seen = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const places = new Set();
          const t0 = performance.now();
          const tick = () => {
            const c = document.querySelector('.ladder__now-time');
            places.add(`${c.className} ${c.style.left}`.trim());
            const now = Number(document.querySelector('[data-now-us]').dataset.nowUs);
            if (now <= 1_250_000 && performance.now() - t0 < 15_000) requestAnimationFrame(tick);
            else resolve([...places]);
          };
          requestAnimationFrame(tick);
        }),
    );
    const past = Number(await page.locator('[data-now-us]').getAttribute('data-now-us'));
    assert.ok(past > 1_250_000, `played past 1.25 s (at ${past} µs)`);
    assert.deepEqual(seen, ['ladder__now-time']);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the present's line passes behind the words it crosses", async () => {
    // While C1 is on its way, the present crosses its label (placed above a point of its arrow).
    const { context, page, problems } = await openTooled('?lang=en');
    let crossing = [];
    for (const t of [0.03, 0.04, 0.05, 0.06, 0.07, 0.08]) {
      await page.goto(`${app.server.url}?preset=handshake&t=${t}&lang=en`);
      await page.locator('.stage .lane--server').waitFor();
      // (Only so that elementFromPoint can find the line and the states: they take no presses
      // otherwise.)
      await page.addStyleTag({ content: '.ladder__now, .ladder .lane-slot { pointer-events: auto !important; }' });
      crossing = crossing.concat(await page.evaluate(() => {
      const line = document.querySelector('.ladder__now').getBoundingClientRect().top;
      return [...document.querySelectorAll('.ladder .seg-label, .ladder .lane-mark, .ladder .timer-span__label')]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.top + 2 < line && line < r.bottom - 2;
        })
        .map((el) => {
          const r = el.getBoundingClientRect();
          const top = document.elementFromPoint(r.left + r.width / 2, line + 1);
          return { text: el.textContent, onTop: el.contains(top) };
        });
      }));
    }
    assert.ok(crossing.length >= 1, 'the line crosses no word');
    for (const c of crossing) assert.ok(c.onTop, `the line is drawn over "${c.text}"`);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
