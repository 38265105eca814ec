// Issue 10's interaction defects, in the release build at real screen sizes (the wasm tests in
// web/tests/ cover the same behaviour without the stylesheet): what covers what, how large, where
// the keyboard goes. Screenshots: target/e2e/interaction-*.png.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { screenshot } from './lib/browser.mjs';
import { openLab, virtualTime } from './lib/lab.mjs';
import { servedApp } from './lib/suite.mjs';

const app = servedApp();

const SIZES = [
  [1280, 720],
  [1440, 900],
  [390, 844],
];

/** Whether a press at the centre of `selector` reaches it (nothing lies on top of it). */
async function reachable(page, selector) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    el.scrollIntoView({ block: 'nearest' });
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return el === top || el.contains(top);
  }, selector);
}

describe('issue 10: interaction', () => {
  for (const [width, height] of SIZES) {
    for (const lang of ['en', 'ko']) {
      test(`the faults popover leaves Play and Step uncovered and its Arm is readable, ${width}×${height}, ${lang}`, async () => {
        const locale = lang === 'ko' ? 'ko-KR' : 'en-US';
        const { context, page, problems } = await openLab(app.browser, app.server, `?preset=handshake&lang=${lang}`, {
          locale,
          width,
          height,
        });
        await page.locator('.calls--client .calls__more > summary').click();
        const arm = page.locator('.calls--client .calls__button--arm');
        await arm.waitFor();
        for (const sel of ['.control-bar__button--play', '.control-bar__button--step', '.control-bar__button--back']) {
          assert.ok(await reachable(page, sel), `${sel} is covered with the popover open`);
        }
        const size = await arm.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
        assert.ok(size >= 14, `Arm is ${size}px`);
        // Open, it still arms: the fault is listed and the popover folds.
        await arm.click();
        await page.locator('.calls--client .calls__armed').waitFor();
        await page.locator('.calls--client .calls__more > summary').click();
        await screenshot(page, `interaction-faults-${width}x${height}-${lang}`);
        assert.deepEqual(problems, []);
        await context.close();
      });
    }
  }

  test('fit the whole run: lost-last-ack, 12.6 s of it, in the box without scrolling, and back', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=lost-last-ack&t=12.6&lang=en');
    const stage = page.locator('.stage');
    const tall = await stage.evaluate((el) => el.scrollHeight > el.clientHeight + 1);
    assert.ok(tall, 'at full scale the run is taller than the box');
    const fit = page.getByRole('button', { name: 'Fit the whole run' });
    await fit.click({ timeout: 5_000 });
    assert.equal(await fit.getAttribute('aria-pressed'), 'true');
    const layout = await stage.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const labels = [...el.querySelectorAll('.seg-label, .lane-mark')].map((l) => l.getBoundingClientRect());
      return {
        scroll: el.scrollHeight - el.clientHeight,
        boxBottom: box.bottom,
        lowest: Math.max(...labels.map((r) => r.bottom)),
        labels: labels.length,
      };
    });
    assert.ok(layout.scroll <= 1, `the stage still scrolls by ${layout.scroll}px`);
    assert.ok(layout.labels > 0 && layout.lowest <= layout.boxBottom, JSON.stringify(layout));
    assert.equal(await virtualTime(page), 12.6);
    await screenshot(page, 'interaction-fit-the-whole-run');
    // The key does the same: back to full scale.
    await page.keyboard.press('o');
    assert.equal(await fit.getAttribute('aria-pressed'), 'false');
    assert.ok(await stage.evaluate((el) => el.scrollHeight > el.clientHeight + 1));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a scenario picked by keyboard leaves Space to play, picked with Space too', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&speed=4&lang=en');
    const menu = page.locator('.preset-menu__button');
    await menu.focus();
    await page.keyboard.press('ArrowDown');
    await page.locator('.preset-menu__list').waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('.preset-menu__list').waitFor({ state: 'detached' });
    await page.keyboard.press('Space');
    assert.equal(await page.locator('.preset-menu__list').count(), 0, 'Space reopened the scenario menu');
    await page.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 5_000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    // Picked with Space: its key-up does not press Play as well.
    await menu.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await page.locator('.preset-menu__list').waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('button', { name: 'Play' }).count(), 1, 'picking started the play');
    assert.equal(await virtualTime(page), 0);
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 5_000 });
    assert.deepEqual(problems, []);
    await context.close();
  });

  for (const lang of ['en', 'ko']) {
    test(`an imported file keeps its title and what to notice, and a byte-order mark is no trouble, ${lang}`, async () => {
      const locale = lang === 'ko' ? 'ko-KR' : 'en-US';
      const { context, page, problems } = await openLab(app.browser, app.server, `?preset=handshake&lang=${lang}`, { locale });
      const file = {
        seed: 9,
        title: { en: 'Our class: a lost SYN', ko: '우리 반: 사라진 SYN' },
        notice: { en: 'Watch the client wait one second, then send its SYN again.', ko: '클라이언트가 1초를 기다린 뒤 SYN을 다시 보내는 것을 보세요.' },
        actions: [
          { at_ms: 0, side: 'server', call: 'listen' },
          { at_ms: 0, side: 'client', call: 'connect' },
        ],
        faults: [{ match: { from: 'client', flags: ['SYN'], nth: 1 }, fault: 'drop' }],
      };
      await page.getByRole('tab', { name: lang === 'ko' ? '설정' : 'Settings' }).click();
      // As Windows Notepad saves it: a UTF-8 byte-order mark in front.
      await page.locator('#settings-import').fill('\ufeff' + JSON.stringify(file, null, 2));
      await page.locator('.settings__import-button').click();
      await page.locator('.notice--ok').waitFor();
      assert.equal(await page.locator('.preset-menu__title').textContent(), file.title[lang]);
      assert.match(await page.locator('.preset-menu__notice-text').textContent(), new RegExp(file.notice[lang]));
      // The menu lists the presets with none of them checked: the file is not one of them.
      await page.locator('.preset-menu__button').click();
      assert.equal(await page.locator('[role=option][aria-selected=true]').count(), 0);
      await page.keyboard.press('Escape');
      // The paste box still takes a file without title: "your own scenario".
      await page.locator('#settings-import').fill('{"seed": 3}');
      await page.locator('.settings__import-button').click();
      await page.locator('.notice--ok').waitFor();
      assert.equal(await page.locator('.preset-menu__title').textContent(), lang === 'ko' ? '직접 만든 시나리오' : 'Your own scenario');
      assert.equal(await page.locator('.preset-menu__notice').count(), 0);
      await screenshot(page, `interaction-import-${lang}`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  test('docked, the diagram lets Tab through to the narration (no keyboard trap)', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=lost-last-ack&t=2.7&lang=ko', { locale: 'ko-KR' });
    await page.locator('.state-diagram__toggle').focus();
    const stops = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => document.activeElement?.className ?? ''));
      if (!(await page.evaluate(() => !!document.activeElement?.closest('.state-diagram')))) break;
    }
    assert.ok(
      await page.evaluate(() => !document.activeElement?.closest('.state-diagram')),
      `Tab stayed in the docked diagram: ${stops.join(' → ')}`,
    );
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the enlarged diagram keeps Tab inside and Esc puts it back', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&lang=en');
    const toggle = page.locator('.state-diagram__toggle');
    await toggle.click();
    const dialog = page.getByRole('dialog', { name: 'RFC 9293 state diagram' });
    await dialog.waitFor();
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
      assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), `Tab ${i} left the dialog`);
    }
    await screenshot(page, 'interaction-diagram-dialog');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.state-diagram--expanded').count(), 0);
    assert.ok(await toggle.evaluate((t) => t === document.activeElement), 'focus back on the toggle');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
