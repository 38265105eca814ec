// Issue 14 in a real browser: the profile switch (RFC 9293 / Linux) in the settings and the
// RFC-vs-Linux pair, and real captures opened by the file picker and by drag-and-drop, stepped
// through, and a bad file's message. Screenshots in target/e2e/real-tcp-*.png (1280×720 in
// English and Korean, and 390×844). The captures are the capture crate's test data: real kernel
// traffic recorded on this kind of machine (crates/handshake-capture/tests/data/README.md).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { screenshot } from './lib/browser.mjs';
import { openLab, virtualTime } from './lib/lab.mjs';
import { ROOT } from './lib/server.mjs';
import { servedApp } from './lib/suite.mjs';

const app = servedApp();
const DATA = join(ROOT, 'crates', 'handshake-capture', 'tests', 'data');

/** Opens the settings tab and picks a profile by its radio button. */
async function chooseProfile(page, name) {
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByRole('radio', { name }).check();
}

/** Steps the lab forward until `done()` holds; returns the virtual time then. */
async function stepUntil(page, done, max = 60) {
  const step = page.locator('.control-bar__button--step');
  for (let i = 0; i < max; i += 1) {
    if (await done()) return virtualTime(page);
    await step.click();
  }
  throw new Error('the condition never held');
}

/** The client lane's state name. */
async function clientState(page) {
  return (await page.locator('.lane__state-name').allTextContents())[0];
}

/** Drops `file` (bytes of a file in DATA) on the lab, as a user dragging it from a file manager. */
async function dropFile(page, name) {
  const bytes = [...(await readFile(join(DATA, name)))];
  const dataTransfer = await page.evaluateHandle(
    ([bytes, name]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], name, { type: 'application/vnd.tcpdump.pcap' }));
      return dt;
    },
    [bytes, name],
  );
  await page.dispatchEvent('.lab', 'dragover', { dataTransfer });
  await page.dispatchEvent('.lab', 'drop', { dataTransfer });
}

describe('real TCP beside the model', () => {
  test('under Linux the SYN is re-sent at 1 s and 2 s (RFC: 1 s and 3 s), side by side', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=syn-retries-exhausted&lang=en');
    await chooseProfile(page, 'Linux');
    // The third SYN (C3) leaves at 2 s under Linux.
    const hasC3 = async () =>
      (await page.locator('.why-stages__main .capsule, .why-stages__main .seg-label', { hasText: 'C3' }).count()) > 0;
    const t = await stepUntil(page, hasC3);
    assert.equal(t, 2, `C3 left at ${t} s`);
    // The same scenario and session under RFC 9293 beside it, in the fork/compare view: at 2 s
    // the lab's run (Linux) has sent C3 and the RFC run has not (it re-sends at 3 s).
    await page.getByRole('button', { name: 'Compare RFC vs Linux' }).click();
    const second = page.locator('.compare');
    await second.waitFor();
    assert.match(await second.locator('.compare__title').textContent(), /RFC 9293 profile/);
    assert.equal(await page.locator('.why-stages__main g.seg[data-tx="C3"]').count(), 1);
    assert.equal(await second.locator('g.seg[data-tx="C3"]').count(), 0);
    await stepUntil(page, async () => (await virtualTime(page)) >= 3);
    assert.equal(await second.locator('g.seg[data-tx="C3"]').count(), 1);
    await screenshot(page, 'real-tcp-1-linux-syn-schedule');
    // Back to RFC 9293: the lab's own ladder follows, and the view beside it is now Linux.
    await page.getByRole('radio', { name: 'RFC 9293' }).check();
    const rfc = await stepUntil(page, hasC3);
    assert.equal(rfc, 3, `under RFC C3 left at ${rfc} s`);
    assert.match(await second.locator('.compare__title').textContent(), /Linux profile/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('under Linux TIME-WAIT lasts 60 s', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake-data-close&lang=en');
    await chooseProfile(page, 'Linux');
    const entered = await stepUntil(page, async () => (await clientState(page)) === 'TIME-WAIT');
    await page.getByRole('tab', { name: 'State diagram' }).click();
    assert.match(await page.locator('.narration-log').textContent(), /TCP_TIMEWAIT_LEN = 60 s/);
    const closed = await stepUntil(page, async () => (await clientState(page)) === 'CLOSED');
    assert.ok(Math.abs(closed - entered - 60) < 1e-6, `TIME-WAIT from ${entered} s to ${closed} s`);
    await screenshot(page, 'real-tcp-2-linux-time-wait-60s');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a capture opened by the file picker plays on the lab\'s ladder, with capsules, the inspector and the narration', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&lang=en');
    await page.locator('.capture-open__input').setInputFiles(join(DATA, 'lo-retransmission.pcap'));
    const view = page.locator('.capture-view');
    await view.waitFor();
    assert.match(await view.locator('.capture-view__title').textContent(), /lo-retransmission\.pcap/);
    // The lab's own stage: the lane cards with both ends' states, the ladder's arrows.
    const lanes = view.locator('.stage .lane__state-name');
    assert.equal(await lanes.count(), 2);
    const step = view.getByRole('button', { name: 'Step', exact: true });
    await step.click();
    await view.locator('.stage g.seg[data-tx="C1"]').waitFor();
    while (await step.isEnabled()) await step.click();
    assert.deepEqual(await lanes.allTextContents(), ['TIME-WAIT', 'CLOSED']);
    const notes = await view.locator('.capture-view__notes').textContent();
    assert.match(notes, /Retransmission/);
    // On the ladder the retransmission is drawn as the lab draws one; the narration tells the capture.
    await view.locator('.stage__fit').click();
    assert.equal(await view.locator('.stage g.seg.seg--rtx').count(), 1);
    assert.equal(await view.locator('.stage g.seg').count(), 12, 'every captured segment is drawn');
    assert.ok((await view.locator('.narration-log__entry').count()) > 3, 'the narration tells the capture');
    // The inspector: the header as captured (Linux's SYN: 40 bytes with its options), its frame.
    await view.locator('.seg-label[data-tx="C1"]').click();
    const inspector = view.locator('.inspector');
    assert.match(await inspector.locator('.inspector__label').textContent(), /\[SYN\] Seq=0/);
    assert.equal((await inspector.locator('.inspector__frame').textContent()).trim(), 'Frame 1');
    const hex = (await inspector.locator('.inspector__hex').getAttribute('aria-label')).split(' ');
    assert.equal(hex.length, 40);
    assert.equal(hex[13], '02', 'the flags byte of a SYN');
    assert.match(await inspector.locator('.inspector__fields').textContent(), /Other options/);
    assert.match(await inspector.locator('.inspector__tcb-note').textContent(), /not on the wire/);
    // Stepping back returns to the start, where only the first SYN has left.
    const back = view.getByRole('button', { name: 'Back', exact: true });
    const now = () => view.locator('.capture-view__time').getAttribute('data-us');
    for (let i = 0; i < 200 && (await now()) !== '0'; i += 1) await back.click();
    assert.deepEqual(await view.locator('.stage g.seg').evaluateAll((gs) => gs.map((g) => g.dataset.tx)), ['C1']);
    // Space plays (with no button focused: Space on a button presses it): the SYN travels as a
    // capsule across the wire; Space again pauses.
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.press('Space');
    const capsule = view.locator('.capsule', { hasText: 'C1' });
    await capsule.waitFor();
    const x0 = (await capsule.boundingBox()).x;
    await page.waitForFunction(
      ([x]) => { const c = document.querySelector('.capture-view .capsule'); return c && c.getBoundingClientRect().x > x + 40; },
      [x0],
    );
    await screenshot(page, 'real-tcp-3a-capture-capsule-en');
    await page.keyboard.press('Space');
    assert.equal(await view.locator('.capture-view__play').getAttribute('aria-pressed'), 'false');
    // The keyboard steps the capture while it is shown (Home: its start; →: the next instant).
    await view.getByRole('button', { name: 'End', exact: true }).click();
    await page.keyboard.press('Home');
    assert.equal(await now(), '0');
    await page.keyboard.press('ArrowRight');
    assert.notEqual(await now(), '0');
    await view.getByRole('button', { name: 'End', exact: true }).click();
    await view.locator('.seg-label[data-tx="C3"]').click();
    await screenshot(page, 'real-tcp-3-capture-picker-en');
    // n / p select the next and the previous segment sent, as in the lab.
    const shownId = () => view.locator('.inspector__id').textContent();
    assert.equal(await shownId(), 'C3');
    // Both SYNs carried window scale 10 (RFC 7323): C3's window field 64 is 65,536 bytes.
    assert.match(await inspector.locator('.inspector__fields').textContent(), /64 \(× 1024 = 65536 bytes/);
    await page.keyboard.press('n');
    assert.notEqual(await shownId(), 'C3');
    await page.keyboard.press('p');
    assert.equal(await shownId(), 'C3');
    await view.getByRole('button', { name: 'Back to the lab' }).click();
    await page.locator('.stage').waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a capture dropped on the lab; several connections are listed and one is picked (Korean)', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&lang=ko', { locale: 'ko-KR' });
    await dropFile(page, 'lo-several.pcapng');
    const view = page.locator('.capture-view');
    await view.waitFor();
    const conns = view.locator('.capture-view__conn');
    assert.ok((await conns.count()) > 1, 'several connections listed');
    // Play goes through the capture by itself and stops at the end.
    await conns.nth(0).click();
    await view.getByRole('button', { name: '재생' }).click();
    await view.locator('.capture-view__step[disabled]').waitFor({ timeout: 60_000 });
    await view.getByRole('button', { name: '재생' }).waitFor();
    await conns.nth(1).click();
    await view.getByRole('button', { name: '끝으로' }).click();
    assert.ok((await view.locator('.stage g.seg').count()) > 3);
    assert.match(await view.locator('.capture-view__inferred').textContent(), /수동 관찰자가 RFC 9293의 규칙으로 추론/);
    // The narration and the inspector speak Korean.
    assert.ok((await view.locator('.narration-log__entry').count()) > 3);
    await view.locator('.seg-label').first().click();
    assert.match(await view.locator('.inspector__frame').textContent(), /프레임 \d+/);
    assert.match(await view.locator('.inspector__tcb-note').textContent(), /선로에 보이지 않습니다/);
    await screenshot(page, 'real-tcp-4-capture-dropped-ko');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a capture that starts mid-connection says so, on a phone', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&lang=en', { width: 390, height: 844 });
    await dropFile(page, 'cut-mid-connection.pcap');
    const view = page.locator('.capture-view');
    await view.waitFor();
    await view.getByRole('button', { name: 'End', exact: true }).click();
    assert.match(await view.locator('.capture-view__notes').textContent(), /middle of the connection/);
    assert.ok((await view.locator('.stage g.seg').count()) > 0);
    await screenshot(page, 'real-tcp-5-mid-connection-390');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('bad files get a message and the lab keeps working', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&lang=en&speed=16');
    const input = page.locator('.capture-open__input');
    const cases = [
      [{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello, not a capture\n') }, /not a capture file/],
      [join(DATA, 'lo-ipv6-only.pcap'), /only IPv4 is read/],
      [join(DATA, 'lo-udp-only.pcap'), /No TCP over IPv4/],
      [{ name: 'cut.pcap', mimeType: 'application/octet-stream', buffer: (await readFile(join(DATA, 'lo-client-closes.pcap'))).subarray(0, 20) }, /cut short/],
    ];
    for (const [file, message] of cases) {
      await input.setInputFiles(file);
      const alert = page.locator('.capture-problem');
      await alert.waitFor();
      assert.match(await alert.textContent(), message);
      if (message.source === 'only IPv4 is read') await screenshot(page, 'real-tcp-6-bad-file-en');
      await alert.getByRole('button').click();
      await alert.waitFor({ state: 'detached' });
    }
    // A very large file is refused by its size before a byte of it is read (made in the page:
    // 65 MB of zeros, dropped on the lab).
    const big = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([new ArrayBuffer(65 * 1024 * 1024)], 'huge.pcap'));
      return dt;
    });
    await page.dispatchEvent('.lab', 'drop', { dataTransfer: big });
    const alert = page.locator('.capture-problem');
    await alert.waitFor();
    assert.match(await alert.textContent(), /too large to open here \(65 MB; at most 64 MB\)/);
    assert.equal(await page.locator('.capture-view').count(), 0);
    // The lab still runs.
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.lane__state-name')].every((e) => e.textContent === 'ESTABLISHED'));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the comparison at 150 % zoom keeps both runs and the controls on the screen', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=syn-retries-exhausted&lang=ko',
      { locale: 'ko-KR', width: 853, height: 480, deviceScaleFactor: 1.5 });
    await page.getByRole('tab', { name: '설정' }).click();
    await page.getByRole('radio', { name: '리눅스' }).check();
    await page.getByRole('button', { name: 'RFC와 리눅스 비교' }).click();
    await page.locator('.compare .stage').waitFor();
    // Side by side, and nothing over Play: a click on it reaches it.
    const [main, second] = await Promise.all(['.why-stages__main .stage', '.compare .stage']
      .map((s) => page.locator(s).boundingBox()));
    assert.ok(second.x >= main.x + main.width - 1, `side by side: ${JSON.stringify([main, second])}`);
    const play = page.locator('.control-bar__button--play');
    const hit = await play.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
    });
    assert.ok(hit, 'Play is not covered');
    await play.click();
    await page.locator('.compare__divergence').waitFor();
    await screenshot(page, 'real-tcp-8-compare-zoom150-ko');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('Korean settings and the comparison at 1280×720', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=lost-syn&lang=ko', { locale: 'ko-KR' });
    await page.getByRole('tab', { name: '설정' }).click();
    await page.getByRole('radio', { name: '리눅스' }).check();
    await page.getByRole('button', { name: 'RFC와 리눅스 비교' }).click();
    await page.locator('.compare .stage').waitFor();
    assert.match(await page.locator('.compare__title').textContent(), /RFC 9293 프로필/);
    await screenshot(page, 'real-tcp-7-compare-ko');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
