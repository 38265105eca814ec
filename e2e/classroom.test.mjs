// Issue 11 items 4 and 5: projector mode at 1280×720 (type sizes measured, clicker keys, blank,
// the "next" hint, faults armed from the keyboard, leaving it) and embed mode in an iframe of a
// course page at 320 and 800 px (the host page keeps its keys). Screenshots:
// target/e2e/classroom-*.png.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openPage, screenshot } from './lib/browser.mjs';
import { openLab, states, virtualTime } from './lib/lab.mjs';
import { servedApp } from './lib/suite.mjs';

const app = servedApp();

/** Whether the element matching `selector` is rendered (not display: none). */
const shown = (page, selector) =>
  page.evaluate((sel) => [...document.querySelectorAll(sel)].some((e) => e.getClientRects().length > 0), selector);

/** Waits (5 s at most) until the control bar's time (seconds) is `op` (`>`, `<`, `=`) `than`;
 * fails with `what` and the time seen otherwise. Key presses render on Yew's scheduler, so the time
 * is waited for rather than read at once. (No function source is sent: the page's CSP forbids eval.) */
async function timeIs(page, op, than, what) {
  try {
    await page.waitForFunction(
      ([op, than]) => {
        const t = Number.parseFloat(document.querySelector('.control-bar__time').textContent);
        return op === '>' ? t > than : op === '<' ? t < than : t === than;
      },
      [op, than],
      { timeout: 5_000 },
    );
  } catch {
    assert.fail(`${what}: the time is ${await virtualTime(page)} s, not ${op} ${than}`);
  }
}

/** The smallest computed font size (px) among the visible elements matching `selector`. */
const smallestFont = (page, selector) =>
  page.evaluate((sel) => {
    const sizes = [...document.querySelectorAll(sel)]
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.bottom > 0 && r.top < innerHeight;
      })
      .map((e) => Number.parseFloat(getComputedStyle(e).fontSize));
    return { count: sizes.length, min: Math.min(...sizes) };
  }, selector);

describe('issue 11: projector mode', () => {
  for (const lang of ['en', 'ko']) {
    test(`at 1280×720 the ladder, both states and a caption are readable from the back of a room (${lang})`, async () => {
      const { context, page, problems } = await openLab(app.browser, app.server, `?preset=lost-last-ack&t=2.65&present=1&lang=${lang}`, {
        locale: lang === 'ko' ? 'ko-KR' : 'en-US',
      });
      for (const away of ['.lab > .header', '.lab__side', '.lab__calls', '.control-bar', '.lab > .footer']) {
        assert.equal(await shown(page, away), false, `${away} is still shown`);
      }
      const state = await smallestFont(page, '.lane__state-name');
      assert.equal(state.count, 2);
      assert.ok(state.min >= 28, `state names at ${state.min}px`);
      const labels = await smallestFont(page, '.seg-label');
      assert.ok(labels.count >= 2, 'segment labels in view');
      assert.ok(labels.min >= 20, `segment labels at ${labels.min}px`);
      // The rendered glyphs, not only the declared size: a state name's box is that tall.
      const box = await page.locator('.lane__state-name').first().boundingBox();
      assert.ok(box.height >= 28, `a state name's box is ${box.height}px tall`);
      // And a segment label's (nothing scales the ladder down on screen).
      const label = await page.locator('.seg-label').first().boundingBox();
      assert.ok(label.height >= 20, `a segment label's box is ${label.height}px tall`);
      const caption = await page.locator('.caption__text').textContent();
      assert.ok(caption.length > 10, caption);
      const next = await page.locator('.caption__next').textContent();
      assert.match(next, lang === 'ko' ? /^다음: / : /^Next: /);
      assert.ok(await page.locator('.lab').evaluate((el) => el.scrollHeight <= innerHeight + 1), 'fits the screen');
      await screenshot(page, `classroom-projector-1280x720-${lang}`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  test('clicker keys step and blank, a fault is armed from the keyboard, and leaving brings the panels back', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&present=1&lang=en');
    // Arm a drop for the server's next segment (2): its SYN,ACK.
    await page.keyboard.press('2');
    await page.locator('.projector__armed', { hasText: /The server's next segment: a drop/ }).waitFor({ timeout: 5_000 });
    await screenshot(page, 'classroom-projector-armed');
    const hint = await page.locator('.caption__next').textContent();
    assert.match(hint, /^Next: the (client|server) calls/);
    // PageDown steps: the caption tells what the hint said would happen.
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await timeIs(page, '>', 0, 'PageDown stepped forward');
    for (let i = 0; i < 6 && !(await page.locator('.ladder__drop').count()); i++) await page.keyboard.press('PageDown');
    assert.ok(await page.locator('.ladder__drop').count(), 'the SYN,ACK was dropped');
    await page.waitForFunction(() => document.querySelector('.projector__armed')?.textContent === '', null, { timeout: 5_000 });
    const t2 = await virtualTime(page);
    await page.keyboard.press('PageUp');
    await timeIs(page, '<', t2, 'PageUp stepped back');
    await page.keyboard.press('ArrowRight');
    await timeIs(page, '=', t2, '→ steps too');
    // b blanks the screen, b again brings it back; so does . then Esc.
    await page.keyboard.press('b');
    const blank = page.locator('.projector-blank');
    await blank.waitFor();
    const covering = await page.evaluate(() => document.elementFromPoint(innerWidth / 2, innerHeight / 2)?.className);
    assert.equal(covering, 'projector-blank');
    await screenshot(page, 'classroom-projector-blank');
    await page.keyboard.press('b');
    await blank.waitFor({ state: 'detached' });
    await page.keyboard.press('.');
    await blank.waitFor();
    await page.keyboard.press('Escape');
    await blank.waitFor({ state: 'detached' });
    // Home resets.
    await page.keyboard.press('Home');
    await timeIs(page, '=', 0, 'Home resets');
    await screenshot(page, 'classroom-projector-armed-reset');
    // Shift+P leaves: the panels are back, and PageDown is the page's again.
    await page.keyboard.press('Shift+P');
    for (const back of ['.lab > .header', '.lab__side', '.lab__calls', '.control-bar']) {
      assert.ok(await shown(page, back), `${back} is not back`);
    }
    await page.keyboard.press('PageDown');
    assert.equal(await virtualTime(page), 0, 'PageDown does not step outside projector mode');
    await page.keyboard.press('Shift+P');
    await page.locator('.lab--present').waitFor();
    await page.keyboard.press('Shift+P');
    assert.deepEqual(await states(page), ['CLOSED', 'CLOSED']);
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe('issue 11: embed mode', () => {
  for (const width of [320, 800]) {
    test(`in an iframe ${width} px wide: stage, caption, controls and a link out; the host page keeps its keys`, async () => {
      const { context, page, problems } = await openPage(app.browser, { width: Math.max(width + 40, 400), height: 760 });
      const src = `${app.server.url}?preset=lost-syn&lang=en&embed=1`;
      await page.setContent(`<!doctype html><html><body style="margin:16px;font-family:sans-serif">
        <h1>Week 3: TCP</h1>
        <label>Your answer <input id="host" autofocus></label>
        <iframe src="${src}" width="${width}" height="560" style="display:block;border:1px solid #888"
          title="Handshake Lab"></iframe></body></html>`);
      const frame = page.frameLocator('iframe');
      await frame.locator('.stage .lane--server').waitFor({ timeout: 30_000 });
      const inner = page.frames().find((f) => f.url().startsWith(app.server.url));
      // Only the stage, the caption, the controls and the link out.
      for (const away of ['.lab > .header', '.lab__side', '.lab__calls', '.lab > .footer']) {
        assert.equal(await shown(inner, away), false, `${away} is shown in embed mode`);
      }
      for (const there of ['.stage', '.caption', '.control-bar', '.embed-bar__open']) {
        assert.ok(await shown(inner, there), `${there} is missing`);
      }
      const open = frame.locator('.embed-bar__open');
      assert.equal(await open.getAttribute('target'), '_blank');
      assert.equal(await open.getAttribute('rel'), 'noopener');
      const href = new URL(await open.getAttribute('href'));
      assert.equal(href.searchParams.get('embed'), null, 'the link opens the whole lab');
      assert.match(href.hash, /^#x1\./, 'with the same experiment');
      assert.ok(await inner.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'nothing wider than the frame');
      // The controls can be reached (the frame's page scrolls if it is short).
      await frame.locator('.control-bar__button--play').scrollIntoViewIfNeeded();
      assert.ok(await frame.locator('.control-bar__button--play').isVisible());
      // The frame did not take the keyboard on load: the host's field has it, and keeps its keys.
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'host');
      await page.keyboard.type('SYN then ACK');
      // ← → Home move the field's caret (Home to the start), l and b are typed: none reach the lab.
      for (const key of ['ArrowLeft', 'ArrowRight', 'Home', 'l', 'b']) await page.keyboard.press(key);
      assert.equal(await page.locator('#host').inputValue(), 'lbSYN then ACK');
      assert.match(await frame.locator('.caption__text').textContent(), /Nothing has happened yet/, 'the lab moved');
      assert.equal(await frame.locator('.notice').count(), 0);
      await screenshot(page, `classroom-embed-${width}`);
      // Once the frame has focus, its keys are the lab's.
      await frame.locator('.stage').click({ position: { x: 5, y: 5 } });
      const before = await frame.locator('.caption__text').textContent();
      await page.keyboard.press('ArrowRight');
      await inner.waitForFunction((b) => document.querySelector('.caption__text').textContent !== b, before);
      assert.equal(await page.locator('#host').inputValue(), 'lbSYN then ACK', 'the host did not hear the frame\'s keys');
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
