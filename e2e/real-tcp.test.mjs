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
    const hasC3 = async () => (await page.locator('.capsule, .seg-label', { hasText: 'C3' }).count()) > 0;
    const t = await stepUntil(page, hasC3);
    assert.equal(t, 2, `C3 left at ${t} s`);
    // The pair: the same scenario under both profiles.
    await page.getByRole('button', { name: 'Compare RFC vs Linux' }).click();
    // Both ladders show the run up to the lab's present: step on past 3 s.
    await stepUntil(page, async () => (await virtualTime(page)) >= 3);
    const sentAt = (profile, id) =>
      page.locator(`.profile-pair__col[data-profile="${profile}"] .trace-ladder__seg[data-id="${id}"]`).getAttribute('data-sent-ms');
    assert.equal(await sentAt('linux', 'C3'), '2000');
    assert.equal(await sentAt('rfc', 'C3'), '3000');
    await screenshot(page, 'real-tcp-1-linux-syn-schedule');
    // Back to RFC 9293: the lab's own ladder follows.
    await page.getByRole('radio', { name: 'RFC 9293' }).check();
    const rfc = await stepUntil(page, hasC3);
    assert.equal(rfc, 3, `under RFC C3 left at ${rfc} s`);
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

  test('a capture opened by the file picker is stepped through with the observer\'s notes', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&lang=en');
    await page.locator('.capture-open__input').setInputFiles(join(DATA, 'lo-retransmission.pcap'));
    const view = page.locator('.capture-view');
    await view.waitFor();
    assert.match(await view.locator('.capture-view__title').textContent(), /lo-retransmission\.pcap/);
    // Each step shows the next instant's segments.
    const step = view.getByRole('button', { name: 'Step', exact: true });
    await step.click();
    const first = view.locator('.trace-ladder__seg').first();
    await first.waitFor();
    assert.match(await first.locator('title').textContent(), /C1 \[SYN\] Seq=0/);
    while (await step.isEnabled()) await step.click();
    const states = await view.locator('.capture-view__state').allTextContents();
    assert.equal(states.length, 2);
    const notes = await view.locator('.capture-view__notes').textContent();
    assert.match(notes, /Retransmission/);
    // …and on the ladder, a mark beside the lane that says it.
    assert.match(await view.locator('.trace-ladder__note title').first().textContent(), /Retransmission: Client sends the same Seq as C3/);
    assert.ok((await view.locator('.capture-view__entry').count()) > 3, 'the narration tells the capture');
    // The inspector shows a clicked segment's header.
    await view.locator('.trace-ladder__seg[data-id="C1"]').click();
    assert.match(await view.locator('.capture-view__fields caption').textContent(), /C1 \[SYN\]/);
    // Stepping back returns to the start.
    const back = view.getByRole('button', { name: 'Back', exact: true });
    const now = () => view.locator('.capture-view__time').getAttribute('data-us');
    for (let i = 0; i < 200 && (await now()) !== '0'; i += 1) await back.click();
    // At 0 s only the first SYN, captured at 0, has left.
    assert.deepEqual(await view.locator('.trace-ladder__seg').evaluateAll((gs) => gs.map((g) => g.dataset.id)), ['C1']);
    // The keyboard steps the capture while it is shown (Home: its start; →: the next instant).
    await view.getByRole('button', { name: 'End' }).click();
    await page.keyboard.press('Home');
    assert.equal(await now(), '0');
    await page.keyboard.press('ArrowRight');
    assert.notEqual(await now(), '0');
    await view.getByRole('button', { name: 'End' }).click();
    await screenshot(page, 'real-tcp-3-capture-picker-en');
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
    // Play goes from event to event by itself and stops at the end.
    await conns.nth(0).click();
    await view.getByRole('button', { name: '재생' }).click();
    await view.locator('.capture-view__step[disabled]').waitFor({ timeout: 30_000 });
    await view.getByRole('button', { name: '재생' }).waitFor();
    await conns.nth(1).click();
    await view.getByRole('button', { name: '끝으로' }).click();
    assert.ok((await view.locator('.trace-ladder__seg').count()) > 3);
    assert.match(await view.locator('.capture-view__inferred').textContent(), /수동 관찰자/);
    await screenshot(page, 'real-tcp-4-capture-dropped-ko');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a capture that starts mid-connection says so, on a phone', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&lang=en', { width: 390, height: 844 });
    await dropFile(page, 'cut-mid-connection.pcap');
    const view = page.locator('.capture-view');
    await view.waitFor();
    await view.getByRole('button', { name: 'End' }).click();
    assert.match(await view.locator('.capture-view__notes').textContent(), /middle of the connection/);
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

  test('Korean settings and the comparison at 1280×720', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=lost-syn&lang=ko', { locale: 'ko-KR' });
    await page.getByRole('tab', { name: '설정' }).click();
    await page.getByRole('radio', { name: '리눅스' }).check();
    await page.getByRole('button', { name: 'RFC와 리눅스 비교' }).click();
    await page.locator('.profile-pair .trace-ladder').first().waitFor();
    await screenshot(page, 'real-tcp-7-compare-ko');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
