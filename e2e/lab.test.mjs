// The lab in a real browser, against the release build (scripts/test's `e2e` step). Each test
// leaves a screenshot in target/e2e/lab-*.png. Speed and starting point come from URL parameters
// the app honours (README.md); no test reads the page's internals or waits on wall-clock timing
// for a result: they wait for what the page shows.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { screenshot } from './lib/browser.mjs';
import { openLab, states, timeAndCountdown, virtualTime, waitForStates } from './lib/lab.mjs';
import { servedApp } from './lib/suite.mjs';

const app = servedApp();

describe('the lab', () => {
  test('the handshake preset reaches ESTABLISHED on both sides', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&speed=16&lang=en');
    assert.deepEqual(await states(page), ['CLOSED', 'CLOSED']);
    await page.getByRole('button', { name: 'Play' }).click();
    await waitForStates(page, 'ESTABLISHED', 'ESTABLISHED');
    // Three segments, each labelled Wireshark-style with relative numbers.
    const labels = await page.locator('.seg-label').allTextContents();
    assert.equal(labels.length, 3, labels.join(' | '));
    assert.match(labels[0], /C1.*\[SYN\].*Seq=0/);
    assert.match(labels[1], /S1.*\[SYN, ACK\].*Seq=0 Ack=1/);
    assert.match(labels[2], /C2.*\[ACK\].*Seq=1 Ack=1/);
    assert.equal(await virtualTime(page), 0.3);
    await screenshot(page, 'lab-1-handshake-established');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('clicking the SYN in flight drops it; the retransmission leaves about 1 s later', async () => {
    // A quarter speed: the SYN's 100 ms flight takes 4 s, so it can be clicked on its way.
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&speed=0.25&lang=en');
    await page.getByRole('button', { name: 'Play' }).click();
    const syn = page.locator('.capsule', { hasText: 'C1' });
    await syn.waitFor();
    // It moves; `force` clicks where it is now instead of waiting for it to stand still.
    await syn.click({ force: true });
    const menu = page.locator('.fault-menu');
    await menu.waitFor();
    assert.match(await menu.locator('.fault-menu__segment').textContent(), /^C1 \[SYN\]/);
    const droppedAt = await virtualTime(page);
    assert.ok(droppedAt < 0.1, `the SYN was still on its way: ${droppedAt}`);
    await menu.getByRole('button', { name: /Drop/ }).click();
    await page.locator('.ladder__drop', { hasText: 'C1' }).waitFor();
    // Play resumes by itself; waiting for the timer runs fast, then the retransmission leaves.
    const c2 = page.locator('.capsule', { hasText: 'C2' });
    await c2.waitFor({ timeout: 30_000 });
    const sentAround = await virtualTime(page);
    assert.ok(sentAround >= 1.0 && sentAround < 1.1, `C2 left at about ${sentAround} s, not 1 s`);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.locator('.seg-label__badge--rtx', { hasText: 'C1' }).waitFor();
    assert.match(await page.locator('.lane--client .countdown').textContent(), /RTO\s*1 s→2 s/);
    await screenshot(page, 'lab-2-drop-syn-by-pointer');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the same by keyboard: select the segment on the link, drop it, play', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&speed=4&lang=en');
    await page.keyboard.press('ArrowRight'); // step: the SYN leaves
    assert.deepEqual(await states(page), ['SYN-SENT', 'LISTEN']);
    await page.keyboard.press('n'); // select the next segment on the link
    await page.locator('.capsule--selected', { hasText: 'C1' }).waitFor();
    await page.keyboard.press('x'); // drop
    await page.locator('.ladder__drop', { hasText: 'C1' }).waitFor();
    assert.equal(await page.locator('.capsule').count(), 0);
    await page.keyboard.press('Space'); // play
    await page.locator('.capsule', { hasText: 'C2' }).waitFor({ timeout: 30_000 });
    const t = await virtualTime(page);
    assert.ok(t >= 1.0 && t < 1.1, `C2 left at about ${t} s`);
    await page.keyboard.press('Space');
    await screenshot(page, 'lab-3-drop-syn-by-keyboard');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('step back restores the previous states', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&lang=en');
    const step = page.getByRole('button', { name: 'Step', exact: true });
    const seen = [await states(page)];
    for (let i = 0; i < 4; i++) {
      await step.click();
      seen.push(await states(page));
    }
    assert.deepEqual(seen.at(-1), ['ESTABLISHED', 'ESTABLISHED']);
    const back = page.getByRole('button', { name: 'Back' });
    for (let i = seen.length - 2; i >= 1; i--) {
      await back.click();
      assert.deepEqual(await states(page), seen[i], `after stepping back to step ${i}`);
    }
    await screenshot(page, 'lab-4-step-back');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('lost last ACK: the FIN is re-sent and the TIME-WAIT countdown restarts', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=lost-last-ack&speed=2&play=1&lang=en');
    await waitForStates(page, 'TIME-WAIT', 'LAST-ACK');
    const tw = '.lane--client .countdown--time_wait';
    await page.locator(tw).waitFor();
    // Played this far; from here the instants are taken one by one, so nothing depends on how
    // quickly a pause lands. The server's FIN is re-sent at 2.5 s and arrives at 2.6 s.
    await page.getByRole('button', { name: 'Pause' }).click();
    // A click, then the time it moved to (each step and step back lands on another instant).
    // It waits for the exact present (`data-now-us`) to move: a pause that lands just after an
    // instant shows the same rounded time as that instant, one step back.
    const exact = () => page.locator('.control-bar__time').getAttribute('data-now-us');
    const go = async (name) => {
      const was = await exact();
      await page.getByRole('button', { name, exact: true }).click();
      await page.waitForFunction((t) => document.querySelector('.control-bar__time').dataset.nowUs !== t, was);
      return virtualTime(page);
    };
    let now = await virtualTime(page);
    while (now > 2.5) now = await go('Back');
    while (now < 2.5) now = await go('Step');
    // Set at 1.6 s for 2·MSL = 10 s, it ends at 11.6 s.
    const before = await timeAndCountdown(page, tw);
    assert.equal(before.now, 2.5);
    assert.ok(Math.abs(before.now + before.left - 11.6) < 0.15, JSON.stringify(before));
    assert.equal(await page.locator(`${tw}.countdown--restarted`).count(), 0);
    assert.equal(await go('Step'), 2.6);
    // Restarted at 2.6 s by the re-sent FIN: now it ends at 12.6 s.
    await page.locator(`${tw}.countdown--restarted`).waitFor();
    const after = await timeAndCountdown(page, tw);
    assert.equal(after.now, 2.6);
    assert.ok(Math.abs(after.now + after.left - 12.6) < 0.15, JSON.stringify(after));
    assert.ok(after.left > before.left + 0.5, `the countdown went back up: ${JSON.stringify({ before, after })}`);
    // Stepped through instants, the view still follows the present (nothing took it for a
    // scroll of the user's).
    assert.equal(await page.locator('.stage__follow').count(), 0, 'the view stopped following the present');
    // The server's FIN went out again, marked as a retransmission of the first.
    await page.locator('.seg-label--server', { hasText: 'S4' }).locator('.seg-label__badge--rtx', { hasText: 'S3' }).waitFor();
    assert.match(await page.locator(`${tw} .countdown__length`).textContent(), /10 s.*restarted/);
    await screenshot(page, 'lab-5-time-wait-restarts');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('switching to 한국어 changes the narration and the lab labels', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=lost-syn&t=1.05&lang=en');
    const entries = page.locator('.narration-log__text');
    await entries.first().waitFor();
    const english = await entries.allTextContents();
    const hangul = /[\uac00-\ud7a3]/;
    assert.ok(english.length >= 3, english.join(' | '));
    assert.ok(!english.some((e) => hangul.test(e)), english.join(' | '));
    assert.ok(english.some((e) => /re-sends/.test(e)), english.join(' | '));
    await page.getByRole('button', { name: '한국어' }).click();
    await page.locator('.lane--client .lane__label', { hasText: '클라이언트' }).waitFor();
    const korean = await entries.allTextContents();
    assert.equal(korean.length, english.length, 'the same events, told again');
    assert.ok(korean.every((e) => hangul.test(e)), korean.join(' | '));
    assert.equal(await page.getByRole('button', { name: '재생' }).count(), 1);
    assert.match(await page.locator('.seg-label__badge--rtx').first().textContent(), /재전송/);
    await screenshot(page, 'lab-6-korean');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('garbage in an input gives a message, not a crash', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&t=0.15&lang=en');
    await page.getByRole('tab', { name: 'Settings' }).click();
    const latency = page.getByLabel('One-way latency');
    for (const [garbage, message] of [
      ['abc', /Not a number/],
      ['-5', /must not be negative/i],
      ['1e9', /Not accepted by the model: One-way latency \(client to server\) must be between 0 and 3600000 ms, not 1000000000 \(config\.latency_ms\.client_to_server\)/],
    ]) {
      await latency.fill(garbage);
      await latency.press('Enter');
      await page.locator('.settings .field-error', { hasText: message }).waitFor();
      assert.equal(await latency.getAttribute('aria-invalid'), 'true');
      // The session was not touched.
      assert.equal(await virtualTime(page), 0.15);
    }
    // The loss rate of a side: a percentage.
    await page.locator('.calls--client .calls__more > summary').click();
    const loss = page.locator('#client-loss');
    await loss.fill('150');
    await loss.press('Enter');
    await page.locator('.calls--client .field-error', { hasText: /between 0 and 100/ }).waitFor();
    await screenshot(page, 'lab-7-garbage-input');
    // A good value rebuilds the scenario from 0.
    await latency.fill('250');
    await latency.press('Enter');
    await page.locator('.settings .field-error').waitFor({ state: 'detached' });
    assert.equal(await virtualTime(page), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('with reduced motion, a segment in flight sits still in the middle of its arrow', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&t=0.02&speed=0.25&lang=en');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.reload();
    await page.locator('.capsule').waitFor();
    const where = () => page.locator('.capsule').evaluate((el) => el.parentElement.style.cssText);
    const first = await where();
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => Number.parseFloat(document.querySelector('.control-bar__time').textContent) >= 0.05);
    assert.equal(await where(), first, 'the capsule moved');
    // Half-way across the wire (x is a percent of its holder's width, the wire's: ladder.css).
    assert.match(first, /translate\(50(\.0+)?%/);
    await screenshot(page, 'lab-8-reduced-motion');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
