// The release build in a real browser: `node --test e2e/` after `trunk build --release`
// (scripts/test's `e2e` step). Screenshots go to target/e2e/.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openPage, screenshot, waitForShell } from './lib/browser.mjs';
import { servedApp } from './lib/suite.mjs';

const app = servedApp();

const label = (page, side) => page.locator(`.lane--${side} .lane__label`).textContent();

describe('the app shell', () => {
  test('loads with no console error, no failed request, and replaces the loading message', async () => {
    const { context, page, problems } = await openPage(app.browser);
    await page.goto(app.server.url);
    await waitForShell(page);
    assert.equal(await page.title(), 'Handshake Lab');
    assert.equal(await page.locator('#boot').count(), 0, 'the loading message is still there');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('shows both lanes, their state, the wire, the controls and the version', async () => {
    const { context, page, problems } = await openPage(app.browser, { locale: 'en-US' });
    await page.goto(app.server.url);
    await waitForShell(page);
    assert.equal(await page.locator('.header__title').textContent(), 'Handshake Lab');
    assert.equal(await label(page, 'client'), 'Client');
    assert.equal(await label(page, 'server'), 'Server');
    assert.equal(await page.locator('.lane__state-name').allTextContents().then((s) => s.join(' ')), 'CLOSED CLOSED');
    assert.equal(await page.locator('.stage__wire svg .wire__lifeline').count(), 2);
    // Reset, back, play, step, undo.
    assert.equal(await page.locator('.control-bar button').count(), 5);
    assert.match(await page.locator('.footer__version-number').textContent(), /^\d+\.\d+\.\d+/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await screenshot(page, 'shell-1280x720-en');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('starts in Korean when the browser prefers Korean', async () => {
    const { context, page, problems } = await openPage(app.browser, { locale: 'ko-KR' });
    await page.goto(app.server.url);
    await waitForShell(page);
    assert.equal(await label(page, 'client'), '클라이언트');
    assert.equal(await label(page, 'server'), '서버');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
    await screenshot(page, 'shell-1280x720-ko');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the language switch changes the labels both ways', async () => {
    const { context, page, problems } = await openPage(app.browser, { locale: 'en-US' });
    await page.goto(app.server.url);
    await waitForShell(page);
    await page.getByRole('button', { name: '한국어' }).click();
    assert.equal(await label(page, 'client'), '클라이언트');
    assert.equal(await page.getByRole('button', { name: '한국어' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
    await page.getByRole('button', { name: 'English' }).click();
    assert.equal(await label(page, 'client'), 'Client');
    assert.deepEqual(problems, []);
    await context.close();
  });

  for (const [width, height, locale] of [
    [1280, 720, 'en-US'],
    [1440, 900, 'ko-KR'],
    [390, 844, 'ko-KR'],
  ]) {
    test(`layout at ${width}×${height}: lane cards sit on their lifelines, nothing overflows sideways`, async () => {
      const { context, page, problems } = await openPage(app.browser, { locale, width, height });
      await page.goto(app.server.url);
      await waitForShell(page);
      await screenshot(page, `shell-${width}x${height}-${locale.slice(0, 2)}`);
      const layout = await page.evaluate(() => {
        const centre = (el) => {
          const r = el.getBoundingClientRect();
          return r.left + r.width / 2;
        };
        const svg = document.querySelector('.stage__wire svg').getBoundingClientRect();
        const lineX = (side) => {
          const x = document.querySelector(`.wire__lifeline--${side}`).x1.baseVal;
          x.convertToSpecifiedUnits(SVGLength.SVG_LENGTHTYPE_PX);
          return svg.left + x.value;
        };
        return {
          client: [centre(document.querySelector('.lane--client')), lineX('client')],
          server: [centre(document.querySelector('.lane--server')), lineX('server')],
          scrollWidth: document.documentElement.scrollWidth,
          scrollHeight: document.documentElement.scrollHeight,
          innerWidth,
          innerHeight,
        };
      });
      for (const side of ['client', 'server']) {
        const [card, line] = layout[side];
        assert.ok(Math.abs(card - line) <= 1.5, `${side} card centre ${card} is off its lifeline ${line}`);
      }
      assert.ok(layout.scrollWidth <= layout.innerWidth, `page is wider than the viewport: ${JSON.stringify(layout)}`);
      if (width >= 1280) {
        // A projector shows the whole shell without scrolling.
        assert.ok(layout.scrollHeight <= layout.innerHeight, `page scrolls at ${width}×${height}: ${JSON.stringify(layout)}`);
      }
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  test('says so when the wasm cannot be loaded, instead of loading forever', async () => {
    const { context, page } = await openPage(app.browser);
    await page.route('**/*.wasm', (route) => route.abort());
    await page.goto(app.server.url);
    await page.locator('.boot--failed').waitFor({ timeout: 30_000 });
    assert.match(await page.locator('#boot').textContent(), /could not start/);
    await context.close();
  });
});
