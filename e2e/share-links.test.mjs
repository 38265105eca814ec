// Issue 11 item 1: share links. An experiment built by hand opens identically from its link in a
// fresh browser (the same JSON Lines trace, a pixel-identical ladder) and in the CLI; broken and
// hostile links say why in both languages over the default lab; text with markup stays text;
// the address bar follows the lab without flooding the history. Screenshots: target/e2e/share-*.png.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SHOTS, openPage, screenshot, waitForShell } from './lib/browser.mjs';
import { openLab, states, virtualTime } from './lib/lab.mjs';
import { pixelDiff } from './lib/pixels.mjs';
import { blur, bombLink, cli, copyLink, exportFile, linkOf } from './lib/share.mjs';
import { servedApp } from './lib/suite.mjs';

const app = servedApp();

const KOREAN = '안녕하세요, 서버! <b>TCP</b>';

/** Presses → until `done()` holds (at most `max` times). */
async function stepUntil(page, done, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await done()) return;
    await page.keyboard.press('ArrowRight');
  }
  assert.fail('the state never came');
}

/** The stage alone, as a PNG buffer, with nothing focused or hovered, scrolled to `top`. The
 * stage follows the present from where it last measured its box, which depends on the session's
 * history (a lane card that grew a timer row), so both pages are put at the same scroll first. */
async function ladderShot(page, name, top) {
  await blur(page);
  await page.locator('.stage').evaluate((el, y) => {
    el.scrollTop = y;
    // Laid out and painted afresh: a capsule that moved while the session was built may still sit
    // on a compositor layer of its own, antialiased differently from one painted in place.
    el.style.display = 'none';
    void el.offsetHeight;
    el.style.display = '';
    el.scrollTop = y;
  }, top);
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  await page.mouse.move(0, 0);
  await mkdir(SHOTS, { recursive: true });
  // CSS animations (a label fading in, a timer's "restarted" flash) finished, as a still picture.
  // The dock's buttons (follow the present, fit, Why TCP) are the view's controls, not the
  // experiment: setting scrollTop above may count as the user scrolling away in one page and not
  // in the other, which shows "Follow the present" in one only. They are left out of the picture.
  const dock = (v) => page.evaluate((v) => document.querySelector('.stage__dock')?.style.setProperty('visibility', v), v);
  await dock('hidden');
  const bytes = await page.locator('.stage').screenshot({ animations: 'disabled', caret: 'hide' });
  await dock('');
  await writeFile(join(SHOTS, `${name}.png`), bytes);
  return bytes;
}

/** Builds the experiment through the UI: seed 7, 30 % loss on the server's segments, a
 * drop armed for the client's first segment (its SYN), a send of Korean text with markup once
 * connected, a close, and the client's FIN delayed by 1 s. */
async function buildByHand(page) {
  await page.getByRole('tab', { name: 'Settings' }).click();
  const seed = page.locator('.settings [data-field="seed"]');
  await seed.fill('7');
  await seed.press('Enter');
  await page.locator('.calls--server .calls__more > summary').click();
  const loss = page.locator('#server-loss');
  await loss.fill('30');
  await loss.press('Enter');
  await page.locator('.calls--server .calls__more > summary').click();
  await blur(page);
  await page.keyboard.press('1'); // drop the client's next segment: the SYN
  await page.locator('.calls--client .calls__armed').waitFor();
  await stepUntil(page, async () => (await states(page))[0] === 'ESTABLISHED');
  await page.locator('#client-text').fill(KOREAN);
  await page.locator('.calls--client .calls__button--send').click();
  await page.locator('.calls--client .calls__button--close').click();
  await blur(page);
  // Step until the client's FIN is on the link, select it and delay it by 1 s. It may travel in
  // a train with the data before it (one capsule for both), so it is selected by keyboard: n
  // walks the segments on the link, and a selected segment has a capsule of its own.
  const fin = page.locator('.capsule--selected.capsule--client[aria-label*="FIN"]');
  for (let i = 0; !(await fin.count()); i++) {
    assert.ok(i < 40, 'no FIN of the client was ever on the link');
    for (let k = 0; k < 8 && !(await fin.count()); k++) await page.keyboard.press('n');
    if (!(await fin.count())) await page.keyboard.press('ArrowRight');
  }
  await blur(page);
  await page.keyboard.press('Shift+D');
  await page.locator('.ladder__fault').first().waitFor();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  // Nothing selected (the selection is not part of an experiment): Esc closes, then clears.
  const selected = () => page.evaluate(() => document.querySelector('.capsule--selected, .seg-label--selected') !== null);
  for (let i = 0; i < 3 && (await selected()); i++) {
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('.capsule--selected, .seg-label--selected'), null, { timeout: 1_000 }).catch(() => {});
  }
  assert.equal(await selected(), false, 'a segment is still selected');
}

describe('issue 11: share links', () => {
  test('an experiment built by hand opens identically from its link, in a fresh browser and in the CLI', async () => {
    const a = await openLab(app.browser, app.server, '?preset=handshake&lang=en');
    await a.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await buildByHand(a.page);
    const link = await copyLink(a.page);
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#x1\.[A-Za-z0-9_-]+$/);
    const clipboard = await a.page.evaluate(() => navigator.clipboard.readText());
    assert.equal(clipboard, link, 'the clipboard holds the link the notice shows');
    await screenshot(a.page, 'share-1-copied');
    await a.page.locator('.notice__dismiss').click();
    const timeA = await virtualTime(a.page);
    const top = await a.page.locator('.stage').evaluate((el) => el.scrollTop);
    const shotA = await ladderShot(a.page, 'share-2-ladder-by-hand', top);
    const traceA = (await exportFile(a.page, 'jsonl')).bytes.toString('utf8');
    // The trace quotes the start of sent text.
    assert.match(traceA, /"call":"send","len":35,"data":"안녕하세요, 서버! <b>TCP/, 'the Korean send is in the trace');
    assert.match(traceA, /"type":"delay","id":"C\d+"[^\n]*"FIN"/, 'the FIN delayed by hand is in the trace');
    assert.match(traceA, /"type":"drop","id":"C1"/, 'the SYN dropped');
    assert.deepEqual(a.problems, []);

    // A fresh browser context: nothing shared with the first but the link.
    const b = await openPage(app.browser);
    await b.page.goto(link);
    await waitForShell(b.page);
    assert.equal(await virtualTime(b.page), timeA, 'paused at the same instant');
    assert.equal(await b.page.getByRole('button', { name: 'Play' }).count(), 1, 'paused');
    const shotB = await ladderShot(b.page, 'share-3-ladder-opened', top);
    const traceB = (await exportFile(b.page, 'jsonl')).bytes.toString('utf8');
    assert.equal(traceB, traceA, 'the same JSON Lines trace');
    const diff = await pixelDiff(app.browser, shotA, shotB);
    assert.equal(diff.differ, 0, `the same ladder, pixel for pixel (target/e2e/share-2-*.png, share-3-*.png): ${JSON.stringify(diff)}`);
    await screenshot(b.page, 'share-4-opened-page');
    assert.deepEqual(b.problems, []);

    // The CLI reads the same fragment.
    const fragment = link.slice(link.indexOf('#'));
    const printed = await cli(fragment, '--json');
    assert.equal(printed.trim(), traceA.trim(), 'handshake-cli run --link prints the same trace');
    console.log(`link length: ${fragment.length - 1} characters after the #`);
    await a.context.close();
    await b.context.close();
  });

  test('when the browser refuses the clipboard, the link is shown selected, to copy by hand (ko)', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=lost-syn&t=1.05&lang=ko', {
      locale: 'ko-KR',
    });
    // A browser that refuses: writeText rejects, as it does without permission or a gesture.
    await page.evaluate(() => {
      Object.defineProperty(navigator.clipboard, 'writeText', {
        value: () => Promise.reject(new DOMException('refused', 'NotAllowedError')),
      });
    });
    await blur(page);
    const link = await copyLink(page);
    assert.match(link, /#x1\.[A-Za-z0-9_-]+$/);
    assert.match(await page.locator('.notice').textContent(), /이 링크를 복사하세요\(Ctrl\+C\)/);
    const selected = await page.evaluate(() => {
      const el = document.activeElement;
      return el?.classList.contains('notice__link') && el.selectionStart === 0 && el.selectionEnd === el.value.length;
    });
    assert.ok(selected, 'the link field has the keyboard, its whole text selected');
    await screenshot(page, 'share-1-copy-by-hand-ko');
    assert.deepEqual(problems, []);
    await context.close();
  });

  const BROKEN = () => {
    const good = linkOf({ p: 'lost-syn', now_ms: 1500, lang: 'en' });
    return [
      ['truncated', good.slice(0, good.length - 8), /cut off|incomplete/, /잘렸습니다/],
      ['wrong version', `x2.${good.slice(3)}`, /format `x2`/, /`x2` 형식/],
      ['50 MB when inflated', bombLink(50 * 1024 * 1024), /more than 256 KB/, /256KB가 넘습니다/],
      ['a scenario that fails its checks', linkOf({ p: 'handshake', d: { config: { client: { mss: 0 } } } }), /scenario is not valid.*MSS/i, /시나리오가 올바르지 않습니다/],
    ];
  };

  for (const lang of ['en', 'ko']) {
    test(`broken and hostile links say why and open the default lab (${lang})`, async () => {
      for (const [what, fragment, en, ko] of BROKEN()) {
        const locale = lang === 'ko' ? 'ko-KR' : 'en-US';
        const { context, page, problems } = await openLab(app.browser, app.server, `#${fragment}`, { locale });
        const notice = await page.locator('.notice--error').textContent();
        assert.match(notice, lang === 'ko' ? ko : en, `${what}: ${notice}`);
        assert.match(notice, lang === 'ko' ? /공유 링크를 열 수 없습니다/ : /share link could not be opened/, what);
        // The default lab: the handshake at 0 s, nothing run.
        assert.deepEqual(await states(page), ['CLOSED', 'CLOSED'], what);
        assert.equal(await virtualTime(page), 0, what);
        assert.equal(await page.locator('.capsule').count(), 0, what);
        await screenshot(page, `share-5-broken-${what.replaceAll(' ', '-')}-${lang}`);
        assert.deepEqual(problems, [], what);
        await context.close();
      }
    });
  }

  test('text with markup in a link is shown as text, never as markup', async () => {
    const doc = {
      s: {
        title: { en: '<img src=x onerror="window.__pwned=1"><b id="injected">bold</b>', ko: '<script>window.__pwned=2</script>' },
        seed: 1,
        actions: [
          { at_ms: 0, side: 'server', call: 'listen' },
          { at_ms: 0, side: 'client', call: 'connect' },
          { at_ms: 300, side: 'client', call: 'send', data: '<img src=x onerror="window.__pwned=3">' },
        ],
      },
      now_ms: 800,
      lang: 'en',
    };
    const { context, page, problems } = await openLab(app.browser, app.server, `#${linkOf(doc)}`);
    const injected = await page.evaluate(() => ({
      pwned: window.__pwned ?? null,
      img: document.querySelectorAll('img[src="x"]').length,
      bold: document.getElementById('injected') !== null,
      text: document.body.innerText,
    }));
    assert.equal(injected.pwned, null);
    assert.equal(injected.img, 0);
    assert.equal(injected.bold, false);
    assert.match(injected.text, /"<img src=x onerror="window\.__pwn…"/, 'the sent text is shown as it is (cut in the narration)');
    assert.match(injected.text, /Len=38/);
    await screenshot(page, 'share-6-markup-as-text');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the address bar follows the lab when it pauses, never while it plays, and old links still open', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=lost-last-ack&t=1.05&lang=en&speed=4');
    assert.equal(await virtualTime(page), 1.05, 'the old ?preset=…&t=… link opens');
    assert.ok(!page.url().includes('#'), 'a plain visit keeps its address');
    const before = await page.evaluate(() => history.length);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => location.hash.startsWith('#x1.'));
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('preset'), null, 'the link replaces preset and t');
    assert.equal(url.searchParams.get('speed'), '4', 'what a link does not carry stays');
    // Playing: the address does not change until the pause.
    const paused = page.url();
    const t0 = await virtualTime(page);
    await page.keyboard.press('Space');
    await page.waitForFunction((t) => Number.parseFloat(document.querySelector('.control-bar__time').textContent) > t + 0.3, t0);
    assert.equal(page.url(), paused, 'written while playing');
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Play' }).waitFor();
    await page.waitForFunction((u) => location.href !== u, paused);
    assert.equal(await page.evaluate(() => history.length), before, 'replaceState only: no history entry added');
    // The link in the address opens the same moment.
    const t = await virtualTime(page);
    await page.reload();
    await waitForShell(page);
    assert.equal(await virtualTime(page), t);
    // A link pasted into the address bar by hand opens without a reload.
    await page.evaluate((f) => { location.hash = f; }, linkOf({ p: 'lost-last-ack', now_ms: 2650, lang: 'ko' }));
    await page.waitForFunction(() => document.querySelector('.control-bar__time').textContent.startsWith('2.65'));
    assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
