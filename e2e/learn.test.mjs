// Learning mode in a real browser, by keyboard only: a student answers predict-then-reveal's
// questions on the lost-SYN preset (one right, one wrong), reads the verdict, the explanation and
// the score, and the state diagram's map of arcs seen keeps that run's arcs after a reload; in
// English and in Korean. Screenshots in target/e2e/learn-*.png.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { join } from 'node:path';
import { SHOTS, screenshot } from './lib/browser.mjs';
import { openLab } from './lib/lab.mjs';
import { servedApp } from './lib/suite.mjs';

const app = servedApp();

const TEXT = {
  en: { right: 'Right!', wrong: 'Not this time.', score: (r, a) => `${r} of ${a} right`, seen: /(\d+) of 20 arcs of Figure 5 seen/ },
  ko: { right: '맞았습니다!', wrong: '아쉽습니다.', score: (r, a) => `${a}문제 중 ${r}문제`, seen: /그림 5의 화살표 20개 중 (\d+)개를 보았습니다/ },
};

/** The label of the radio button that has the keyboard focus. */
async function focusedOption(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el?.type === 'radio' ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
  });
}

/** With the focus in the question's radio group, moves to the option `want` and checks it. */
async function choose(page, want) {
  for (let i = 0; i < 8; i++) {
    const label = await focusedOption(page);
    assert.ok(label !== null, 'the keyboard is in the options');
    if (label === want) {
      await page.keyboard.press('Space');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  assert.fail(`no option ${want}`);
}

/** Whether the page does not scroll at all (the wide layout fills the viewport exactly). */
async function fitsTheScreen(page) {
  return page.evaluate(
    () => {
      const side = document.querySelector('.lab__side');
      const inside = [...side.querySelectorAll('.side__tab, .narration-log')].every(
        (el) => el.getBoundingClientRect().right <= side.getBoundingClientRect().right + 1,
      );
      return document.documentElement.scrollHeight <= innerHeight + 1 && document.documentElement.scrollWidth <= innerWidth + 1 && inside && side.scrollWidth <= side.clientWidth + 1;
    },
  );
}

/** Whether the element is wholly inside its scrolling card and the viewport. */
async function inView(page, selector) {
  return page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    const card = el.closest('.quiz').getBoundingClientRect();
    return r.top >= card.top - 1 && r.bottom <= card.bottom + 1 && r.bottom <= innerHeight;
  });
}

/** How many arcs the state diagram says were seen. */
async function arcsSeen(page, lang) {
  const caption = await page.locator('.state-diagram__caption').textContent();
  const m = caption.match(TEXT[lang].seen);
  return m ? Number(m[1]) : 0;
}

for (const lang of ['en', 'ko']) {
  describe(`learning mode (${lang})`, () => {
    test('predict, then reveal on lost-syn by keyboard; the map keeps the run after a reload', async () => {
      const t = TEXT[lang];
      const { context, page, problems } = await openLab(app.browser, app.server, `?preset=lost-syn&quiz=1&speed=4&lang=${lang}`);
      assert.equal(await arcsSeen(page, lang), 0, 'a first visit has seen nothing');

      // Space plays; the run stops at once and asks about connect(): the focus is on the options.
      await page.keyboard.press('Space');
      const quiz = page.locator('.quiz--asking');
      await quiz.waitFor();
      assert.equal(await quiz.getAttribute('data-kind'), 'state');
      assert.match(await quiz.locator('.quiz__prompt').textContent(), /connect\(\)/);
      // Nothing has run: the client still reads CLOSED.
      assert.equal(await page.locator('.lane--client .lane__state-name').textContent(), 'CLOSED');
      await screenshot(page, `learn-${lang}-1-question`);

      // Right: SYN-SENT, chosen with the arrows and Space, answered with Enter.
      await choose(page, 'SYN-SENT');
      await page.keyboard.press('Enter');
      const reveal = page.locator('.quiz--revealed');
      await reveal.waitFor();
      assert.match(await reveal.locator('.quiz__verdict').textContent(), new RegExp(t.right.replace('!', '\\!')));
      // The explanation is the narration of what happened, and the run is there now.
      assert.ok((await reveal.locator('.quiz__why li').count()) >= 1);
      assert.equal(await page.locator('.lane--client .lane__state-name').textContent(), 'SYN-SENT');
      assert.match(await reveal.locator('.quiz__score').textContent(), new RegExp(t.score(1, 1)));
      assert.ok(await fitsTheScreen(page), 'the revealed answer keeps the lab on the screen');
      await screenshot(page, `learn-${lang}-2-right`);

      // Enter on Continue plays on, to the next question: the lost SYN, when is it sent again?
      await page.keyboard.press('Enter');
      await page.locator('.quiz--asking[data-kind="resend"]').waitFor({ timeout: 30_000 });
      // Wrong, typed: 3 s (the answer is 1 s, the RTO).
      await page.keyboard.press('Tab');
      for (let i = 0; i < 6 && (await page.evaluate(() => document.activeElement?.id)) !== 'quiz-typed'; i++) {
        await page.keyboard.press('Tab');
      }
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'quiz-typed');
      await page.keyboard.type('3');
      await page.keyboard.press('Enter');
      await reveal.waitFor();
      const verdict = await reveal.locator('.quiz__verdict').textContent();
      assert.match(verdict, new RegExp(t.wrong));
      assert.match(await reveal.locator('.quiz__right-answer').textContent(), lang === 'en' ? /^1 s$/ : /^1초$/);
      assert.match(await reveal.locator('.quiz__score').textContent(), new RegExp(t.score(1, 2)));
      assert.ok((await reveal.locator('.quiz__why li').count()) >= 1);
      assert.ok(await fitsTheScreen(page), 'the revealed answer keeps the lab on the screen');
      assert.ok(await inView(page, '.quiz__verdict') && (await inView(page, '.quiz__continue')), 'the verdict and Continue are in view');
      await screenshot(page, `learn-${lang}-3-wrong`);

      // The diagram shades the arcs this run took: passive OPEN, active OPEN.
      const seen = await arcsSeen(page, lang);
      assert.ok(seen >= 2, `arcs seen: ${seen}`);
      assert.ok((await page.locator('.state-diagram__arc--seen').count()) >= 2);
      await screenshot(page, `learn-${lang}-4-map`);

      // A reload (without the quiz) keeps them: they are in the browser's storage.
      await page.goto(app.server.url + `?preset=handshake&lang=${lang}`);
      await page.locator('.stage .lane--server').waitFor();
      assert.equal(await arcsSeen(page, lang), seen);
      assert.equal(await page.locator('.quiz').count(), 0, 'no questions without ?quiz=1');
      await screenshot(page, `learn-${lang}-5-after-reload`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  });
}

test('a misconception card runs its scenario and lights the decisive moment', async () => {
  const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&lang=ko');
  await page.getByRole('tab', { name: '학습' }).click();
  const card = page.locator('#myth-m3');
  await card.locator('summary').click();
  await card.getByRole('button', { name: /실행해 보기/ }).click();
  // lost-data at the ACK of the first 100 bytes: its label is outlined, and says Ack=101.
  // The light is a constructed stylesheet (the CSP allows no <style> element).
  await page.waitForFunction(() => document.adoptedStyleSheets.some((s) => s.cssRules.length > 0));
  const css = await page.evaluate(() =>
    document.adoptedStyleSheets.map((s) => [...s.cssRules].map((r) => r.cssText).join('\n')).join('\n'),
  );
  const tx = css.match(/\.seg-label\[data-tx="(S\d+)"\]/)?.[1];
  assert.ok(tx, css);
  const label = page.locator(`.seg-label[data-tx="${tx}"]`);
  assert.match(await label.textContent(), /Ack=101/);
  assert.equal(await label.evaluate((el) => getComputedStyle(el).outlineStyle), 'solid');
  assert.ok((await page.locator('.learn-card__evidence li').count()) >= 2);
  await screenshot(page, 'learn-ko-6-card-m3');
  assert.deepEqual(problems, []);
  await context.close();
});

for (const [lang, width, height] of [['en', 1280, 720], ['ko', 1280, 720], ['en', 390, 844], ['ko', 390, 844]]) {
  test(`every section of the Learn panel at ${width}×${height} (${lang}): nothing wider than the screen, and at 1280×720 the lab still fits it`, async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, `?preset=handshake&lang=${lang}`, { width, height });
    await page.locator('#side-tab-learn').click();
    for (const section of ['myths', 'interview', 'predict', 'coverage', 'glossary']) {
      await page.locator(`.learn__nav-item[data-section="${section}"]`).click();
      await page.locator(`.learn__nav-item--current[data-section="${section}"]`).waitFor();
      if (section === 'myths') await page.locator('#myth-m1 summary').click();
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= width + 1, `${section}: the page is ${wide} px wide`);
      if (width >= 1280) assert.ok(await fitsTheScreen(page), `${section}: the lab stays on the screen`);
      // What the screen shows with the panel's sections at its top (the phone's page scrolls).
      await page.locator('.learn__nav-item--current').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: join(SHOTS, `learn-${lang}-${width}-${section}.png`) });
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}
