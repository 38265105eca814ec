// Issue 13 in the release build: why TCP is built this way. An old SYN injected by keyboard is
// refused with the client's RST; a crashed and rebooted client's SYN in the server's window
// draws a challenge ACK; "no TIME-WAIT" opens real TCP beside the broken run and both ladders
// mark where they part; a fork at a segment keeps both ladders at one present while scrubbing.
// Screenshots: target/e2e/why-*.png (1280×720 in English and Korean, 390×844).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { screenshot } from './lib/browser.mjs';
import { openLab, waitForStates } from './lib/lab.mjs';
import { servedApp } from './lib/suite.mjs';

const app = servedApp();

/** Moves the keyboard focus with Tab until `selector` has it (at most `max` presses). */
async function tabTo(page, selector, max = 25) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Opens the "Why TCP" controls by keyboard and types `seq` into SEQ; Enter injects. */
async function injectByKeyboard(page, seq) {
  await page.locator('.why-panel__summary').focus();
  if (!(await page.locator('.why-panel').evaluate((d) => d.open))) await page.keyboard.press('Enter');
  await tabTo(page, '.why-panel__seq');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(seq);
  await page.keyboard.press('Enter');
}

/** Steps forward (→, from the stage) until `done()` holds, at most `max` steps. */
async function stepUntil(page, done, max = 40) {
  for (let i = 0; i < max; i++) {
    if (await done()) return;
    await page.locator('.stage').first().focus();
    await page.keyboard.press('ArrowRight');
  }
  assert.ok(await done(), `not reached in ${max} steps`);
}

/** The segment labels' flags of one side, as drawn in the (first) ladder. */
async function flagsOf(page, side, column = '.why-stages__main') {
  return page.locator(`${column} .seg-label--${side} .seg-label__flags`).allTextContents();
}

/** Folds the Why TCP controls (they rise over the stage) and fits the whole run, for a picture. */
async function showWholeRun(page) {
  if (await page.locator('.why-panel').evaluate((d) => d.open)) await page.locator('.why-panel__summary').click();
  await page.locator('.stage').first().focus();
  await page.keyboard.press('o');
}

/** The present as each stage draws it: its time text and its line's height. */
async function presents(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.ladder__now')].map((el) => ({
      time: el.textContent,
      transform: el.style.transform,
    })),
  );
}

describe('issue 13: why TCP is built this way', () => {
  test('an old SYN injected by keyboard is refused with an RST (RFC 9293 Figure 8)', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&lang=en');
    await page.locator('.stage').first().focus();
    // The real SYN leaves and is held back a second: D delays the selected segment by 1 s.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('n');
    await page.locator('.fault-menu').waitFor();
    await page.keyboard.press('D');
    await injectByKeyboard(page, 'client.iss-10');
    await page.locator('.why-stages__main .seg-label[data-tx="C*1"]').waitFor();
    assert.equal(await page.locator('.why-panel__error').count(), 0);
    await stepUntil(page, async () => (await flagsOf(page, 'client')).some((f) => f.includes('RST')));
    // The old SYN is drawn as hand-made (dotted, its own colour), the server answered it.
    const dash = await page
      .locator('.why-stages__main .seg[data-tx="C*1"] .seg__line')
      .first()
      .evaluate((el) => getComputedStyle(el).strokeDasharray);
    assert.notEqual(dash, 'none');
    assert.ok((await flagsOf(page, 'server')).some((f) => f.includes('SYN') && f.includes('ACK')));
    // And the real SYN still connects.
    await stepUntil(page, async () => {
      const s = await page.locator('.lane__state-name').allTextContents();
      return s[0] === 'ESTABLISHED' && s[1] === 'ESTABLISHED';
    });
    await showWholeRun(page);
    await screenshot(page, 'why-old-syn-1280x720-en');
    await page.keyboard.press('o');
    // A field the core cannot read is refused in the UI's language, and nothing is sent.
    await injectByKeyboard(page, 'client.isn');
    await page.locator('.why-panel__error').waitFor();
    assert.match(await page.locator('.why-panel__error').textContent(), /SEQ: a number/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  for (const lang of ['en', 'ko']) {
    test(`a crashed client's SYN in the window draws a challenge ACK, ${lang}`, async () => {
      const locale = lang === 'ko' ? 'ko-KR' : 'en-US';
      const { context, page, problems } = await openLab(app.browser, app.server, `?preset=handshake&lang=${lang}&t=1`, {
        locale,
      });
      await waitForStates(page, 'ESTABLISHED', 'ESTABLISHED');
      await page.locator('.why-panel__summary').focus();
      await page.keyboard.press('Enter');
      await page.locator('.why-panel__crash--client').focus();
      await page.keyboard.press('Enter');
      await page.locator('.why-stages__main .why-host--crash.why-host--client').waitFor();
      assert.ok(await page.locator('.why-panel__reboot--client').isEnabled());
      await page.locator('.why-panel__reboot--client').focus();
      await page.keyboard.press('Enter');
      await page.locator('.why-stages__main .why-host--reboot').waitFor();
      await injectByKeyboard(page, 'server.rcv_nxt');
      await page.locator('.why-stages__main .seg-label[data-tx="C*1"]').waitFor();
      const challenge = lang === 'en' ? 'challenge ACK' : '챌린지 ACK';
      await stepUntil(page, async () =>
        (await page.locator('.narration-log__text').allTextContents()).some((t) => t.includes(challenge)),
      );
      // The server's answer is an ACK, and the connection lives on there.
      assert.ok((await flagsOf(page, 'server')).some((f) => f === '[ACK]'));
      await showWholeRun(page);
      await screenshot(page, `why-crash-challenge-1280x720-${lang}`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  for (const [width, height, lang] of [
    [1280, 720, 'en'],
    [1280, 720, 'ko'],
    [390, 844, 'en'],
  ]) {
    test(`"no TIME-WAIT" puts real TCP beside and both ladders mark where they part, ${width}×${height} ${lang}`, async () => {
      const locale = lang === 'ko' ? 'ko-KR' : 'en-US';
      const { context, page, problems } = await openLab(app.browser, app.server, `?preset=normal-close&lang=${lang}`, {
        locale,
        width,
        height,
      });
      await page.locator('#side-tab-settings').click();
      const sw = page.locator('.broken-tcp__no_time_wait');
      await sw.focus();
      await page.keyboard.press('Space');
      await page.locator('.compare').waitFor();
      assert.ok(await sw.isChecked());
      await page.locator('.not-tcp-banner').waitFor();
      const sentence = await page.locator('.compare__divergence').textContent();
      if (lang === 'en') {
        assert.match(sentence, /^The runs part here: From [\d.]+ s the client is TIME-WAIT in real TCP but CLOSED in the broken TCP\.$/);
      } else {
        assert.match(sentence, /^두 실행은 여기서 갈라진다: .*클라이언트는 진짜 TCP에서 TIME-WAIT, 고장 낸 TCP에서 CLOSED다\.$/);
      }
      // To the divergence: both ladders draw its line at the same height, and the present
      // with it.
      await page.locator('.compare__divergence').click();
      await page.locator('.compare__seek').first().click();
      const lines = page.locator('.why-diverge');
      await page.waitForFunction(() => document.querySelectorAll('.why-diverge').length === 2);
      const tops = await lines.evaluateAll((els) => els.map((e) => e.style.top));
      assert.equal(tops[0], tops[1]);
      const now = await presents(page);
      assert.equal(now.length, 2);
      assert.deepEqual(now[0], now[1]);
      // Real TCP's client is in TIME-WAIT there; the broken one's is CLOSED.
      await page.waitForFunction(() => {
        const main = [...document.querySelectorAll('.why-stages__main .lane__state-name')].map((e) => e.textContent);
        const real = [...document.querySelectorAll('.compare .lane__state-name')].map((e) => e.textContent);
        return main[0] === 'CLOSED' && real[0] === 'TIME-WAIT';
      });
      // Every capsule and state of the broken run says NOT TCP; real TCP's do not.
      const marks = await page.evaluate(() => ({
        broken: getComputedStyle(document.querySelector('.why-stages__main .lane-mark'), '::after').content,
        real: getComputedStyle(document.querySelector('.compare .lane-mark'), '::after').content,
      }));
      assert.match(marks.broken, lang === 'en' ? /NOT TCP/ : /TCP 아님/);
      assert.ok(marks.real === 'none' || marks.real === 'normal', marks.real);
      await screenshot(page, `why-no-time-wait-${width}x${height}-${lang}`);
      // Escape returns to one ladder; the switch stays on.
      await page.locator('.stage').first().focus();
      await page.keyboard.press('Escape');
      await page.locator('.compare').waitFor({ state: 'detached' });
      assert.equal(await page.locator('.not-tcp-banner').count(), 1);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  test('a fork at a segment: "what if C1 were lost" beside, both ladders scrubbed together', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&lang=en');
    await page.locator('.stage').first().focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('n');
    await page.locator('.fault-menu').waitFor();
    await page.locator('.why-panel__summary').click();
    await page.locator('.why-panel__fork-lost').click();
    await page.locator('.why-panel__summary').click();
    await page.locator('.compare').waitFor();
    assert.match(await page.locator('.compare__title').textContent(), /What if: C1 lost/);
    // One connection per side: the lanes read as they always did (no socket list).
    assert.equal(await page.locator('.sockets').count(), 0);
    const range = page.locator('.scrubber__range');
    const seen = [];
    for (const key of ['End', 'ArrowLeft', 'ArrowLeft', 'Home', 'ArrowRight', 'End']) {
      await range.focus();
      await page.keyboard.press(key);
      const [a, b] = await presents(page);
      assert.deepEqual(a, b, `after ${key}`);
      seen.push(a.time);
    }
    assert.ok(new Set(seen).size >= 3, `the scrubber moved: ${seen}`);
    // At the end: the fork re-sent its SYN (C2 is a SYN there), the run as it happened did not.
    const forkFlags = await page.locator('.compare .seg-label[data-tx="C2"] .seg-label__flags').textContent();
    const mainFlags = await page.locator('.why-stages__main .seg-label[data-tx="C2"] .seg-label__flags').textContent();
    assert.equal(forkFlags, '[SYN]');
    assert.equal(mainFlags, '[ACK]');
    // A segment only the fork sent is outlined there (the constructed sheet, allowed by the CSP).
    const outline = await page
      .locator('.compare .seg-label[data-tx="C2"]')
      .evaluate((el) => getComputedStyle(el).outlineStyle);
    assert.equal(outline, 'solid');
    await page.waitForFunction(() => document.querySelectorAll('.why-diverge').length === 2);
    await showWholeRun(page);
    await screenshot(page, 'why-fork-1280x720-en');
    await page.locator('.compare__close').click();
    await page.locator('.compare').waitFor({ state: 'detached' });
    assert.deepEqual(problems, []);
    await context.close();
  });

  for (const lang of ['en', 'ko']) {
    test(`issue 13's presets are in the menu and play to their end, ${lang}`, async () => {
      const locale = lang === 'ko' ? 'ko-KR' : 'en-US';
      // (A hand-made segment's or an old copy's arrow: the ladder keeps only what is near the
      // view in the page, so the whole run is fitted to the view first; its label may be left
      // out where it has no room, its arrow never is.)
      const expect = {
        'old-duplicate-syn': '[data-tx="C*1"]',
        'crash-reconnect': '.sockets--client',
        'crash-peer-sends': '.ladder__drop',
        'time-wait-old-duplicate': '[data-tx^="C3~"]',
        'rst-challenge-ack': '[data-tx="C*1"]',
      };
      for (const [preset, selector] of Object.entries(expect)) {
        const { context, page, problems } = await openLab(app.browser, app.server, `?preset=${preset}&lang=${lang}`, {
          locale,
        });
        // Listed in the menu, in the UI's language, and the one loaded.
        await page.locator('.preset-menu__button').click();
        const current = await page.locator('.preset-menu__option--current .preset-menu__option-title').textContent();
        assert.equal(current, await page.locator('.preset-menu__title').textContent(), preset);
        assert.ok(lang === 'en' || /[가-힣]/.test(current), current);
        await page.keyboard.press('Escape');
        const end = await page.locator('.control-bar__end').textContent();
        await page.goto(`${app.server.url}?preset=${preset}&lang=${lang}&t=${Number.parseFloat(end)}`);
        await page.locator('.stage .lane--server').first().waitFor();
        await showWholeRun(page);
        await page.locator(`.why-stages__main ${selector}`).first().waitFor({ state: 'attached' });
        if (preset === 'crash-reconnect' && lang === 'en') {
          await screenshot(page, 'why-preset-crash-reconnect-1280x720-en');
        }
        assert.deepEqual(problems, [], preset);
        await context.close();
      }
    });
  }

  test('an old copy of a selected segment arrives later, named after its original with its age', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&lang=en&t=1');
    await waitForStates(page, 'ESTABLISHED', 'ESTABLISHED');
    await page.locator('.seg-label[data-tx="C1"]').click();
    await page.locator('.why-panel__summary').click();
    await page.locator('.why-panel__old-copy').focus();
    await page.keyboard.press('Enter');
    const copy = page.locator('.why-stages__main .seg-label[data-tx^="C1~"]');
    await copy.waitFor();
    assert.match(await copy.getAttribute('data-tx'), /^C1~[\d.]+s$/);
    assert.match(await copy.textContent(), /C1/);
    // The narration names it and says what the server made of it.
    const name = await copy.getAttribute('data-tx');
    await stepUntil(page, async () =>
      (await page.locator('.narration-log__text').allTextContents()).some((t) => t.includes(name)),
    );
    await showWholeRun(page);
    await screenshot(page, 'why-old-copy-1280x720-en');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
