// Issue 11 items 2 and 3: the Share menu's exports and the import of a file. Every file the
// browser offers is the export crate's: byte for byte what `handshake-cli run --link … --format …`
// writes for the same link (so the CLI's checks — Mermaid's parser, `plantuml -syntax`, tshark —
// hold for the browser's files too; the Mermaid, PlantUML and pcap files are also checked here
// directly). The SVG holds every segment label as text and re-opens, by the file picker and by a
// drop on the page, to the same trace; the PNG is the SVG at 2×. Files: target/e2e/exports/.
// Screenshots: target/e2e/exports-*.png.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { SHOTS, openPage, screenshot, waitForShell } from './lib/browser.mjs';
import { openLab, virtualTime } from './lib/lab.mjs';
import { ROOT } from './lib/server.mjs';
import { cli, exportFile, linkOf, openShareMenu } from './lib/share.mjs';
import { servedApp } from './lib/suite.mjs';

const app = servedApp();
const run = promisify(execFile);
const OUT = join(SHOTS, 'exports');

/** The text of every `<text class="label" data-segment="ID">` of an exported SVG, by ID. */
function svgLabels(svg) {
  const labels = new Map();
  for (const [, attrs, inner] of svg.matchAll(/<text([^>]*\bclass="label"[^>]*)>(.*?)<\/text>/g)) {
    const id = attrs.match(/data-segment="([^"]+)"/)?.[1];
    // A retransmission's label starts with a bold "↻ " in a <tspan>.
    const text = inner.replace(/<[^>]*>/g, '').replace(/^↻ /, '');
    if (id) labels.set(id, (labels.get(id) ?? '') + text);
  }
  return labels;
}

/** The frame numbers (from 1) of the trace's retransmissions, as scripts/test computes them. */
function retransmittedFrames(jsonl) {
  const sends = jsonl.trim().split('\n').map(JSON.parse).filter((e) => e.type === 'send');
  return sends.flatMap((e, i) => (e.retransmission_of ? [String(i + 1)] : []));
}

/** A PNG's width and height (its IHDR chunk). */
function pngSize(bytes) {
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', 'not a PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Drops a file with `bytes` named `name` on the page, as a drag from the desktop does. */
async function dropFile(page, name, type, bytes) {
  await page.evaluate(
    ({ name, type, data }) => {
      const file = new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type });
      const dt = new DataTransfer();
      dt.items.add(file);
      const target = document.querySelector('.stage');
      for (const kind of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer: dt }));
      }
    },
    { name, type, data: Buffer.from(bytes).toString('base64') },
  );
}

// lost-data at its end: a retransmitted data segment (tshark must mark it), data, both ESTABLISHED.
const DOC = { p: 'lost-data', now_ms: 1900, lang: 'en' };

describe('issue 11: exports and import', () => {
  test('every export is the export crate\'s file, named for the run; SVG labels, PNG size, Mermaid, PlantUML and pcap checked', async () => {
    await mkdir(OUT, { recursive: true });
    const fragment = linkOf(DOC);
    const { context, page, problems } = await openLab(app.browser, app.server, `#${fragment}`);
    assert.equal(await virtualTime(page), 1.9);
    await openShareMenu(page);
    await screenshot(page, 'exports-1-share-menu');
    const keys = await page.locator('.share-menu__item[data-export]').evaluateAll((els) => els.map((e) => e.dataset.export));
    assert.deepEqual(keys, ['svg', 'png', 'text', 'narrated', 'mermaid', 'plantuml', 'pcap', 'scenario', 'jsonl']);

    const files = {};
    for (const key of keys) {
      const file = await exportFile(page, key);
      files[key] = file;
      await writeFile(join(OUT, file.name), file.bytes);
    }
    // Named <preset>-<t>s.<ext>.
    assert.equal(files.svg.name, 'lost-data-1.9s.svg');
    assert.equal(files.png.name, 'lost-data-1.9s.png');
    assert.equal(files.pcap.name, 'lost-data-1.9s.pcap');
    assert.match(files.jsonl.name, /^lost-data-1\.9s\.jsonl?$/);

    // The same bytes as the CLI's --format for the same link: one derivation, in the export crate.
    for (const key of keys.filter((k) => k !== 'png')) {
      const { stdout } = await run(
        'cargo',
        ['run', '-q', '-p', 'handshake-cli', '--', 'run', '--link', fragment, '--format', key],
        { cwd: ROOT, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
      );
      assert.ok(Buffer.compare(stdout, files[key].bytes) === 0, `${key}: the browser's file differs from handshake-cli --format ${key}`);
    }
    assert.equal(files.jsonl.bytes.toString('utf8').trim(), (await cli(fragment, '--json')).trim());

    // The SVG: every segment the trace sent has its whole label as text.
    const svg = files.svg.bytes.toString('utf8');
    const jsonl = files.jsonl.bytes.toString('utf8');
    const sends = jsonl.trim().split('\n').map(JSON.parse).filter((e) => e.type === 'send');
    assert.ok(sends.length >= 8 && sends.some((e) => e.retransmission_of), 'a run with a retransmission');
    const labels = svgLabels(svg);
    assert.deepEqual([...labels.keys()].sort(), sends.map((e) => e.id).sort(), 'one label per segment');
    for (const e of sends) {
      const label = labels.get(e.id);
      assert.ok(label.startsWith(`${e.id} `), label);
      assert.ok(label.includes(` [${e.flags.join(', ')}] `) || label.includes(` [${e.flags.join(',')}] `), label);
      if (e.retransmission_of) assert.ok(label.includes(`(rtx of ${e.retransmission_of})`), label);
      assert.match(label, new RegExp(`Seq=${e.rel_seq}\\b`), label);
      assert.match(label, new RegExp(`Len=${e.len}\\b`), label);
      assert.doesNotMatch(label, /…$/, `cut: ${label}`);
    }
    // The page's own ladder labels are among them. (The page draws the labels it has room for
    // around the present — placement.rs leaves out one that would cover another word — so not
    // all eight; those it draws must be the SVG's.)
    const shown = await page.locator('.seg-label').evaluateAll((els) => els.map((e) => e.textContent.trim()));
    assert.ok(shown.length >= 4, `${shown.length} labels on the page`);
    // (Compared without white space, ↻ and parentheses: the page's label is spans, "C1" "[SYN]"
    // "Seq=0 …", and marks a retransmission "C6 ↻ rtx of C4" where the SVG has "↻ C6 (rtx of C4)".)
    const bare = (t) => t.replace(/[\s↻()]+/g, '').replace(/…$/, '');
    const whole = [...labels.values()].map(bare);
    for (const s of shown) {
      // The page folds repeated equal segments into one label ("S2–S3 ×2 [ACK] …"); the SVG
      // labels each, so the first of them is looked for.
      const folded = bare(s).match(/^([CS]\d+)–[CS]\d+×\d+(.*)$/);
      const wanted = folded ? folded[1] + folded[2] : bare(s);
      assert.ok(whole.some((w) => w.startsWith(wanted)), `the ladder's label "${s}" is not in the SVG`);
    }
    // The PNG: the SVG drawn at twice its size.
    const width = Number(svg.match(/<svg[^>]*\swidth="(\d+)"/)[1]);
    const height = Number(svg.match(/<svg[^>]*\sheight="(\d+)"/)[1]);
    assert.deepEqual(pngSize(files.png.bytes), { width: width * 2, height: height * 2 });
    // Mermaid's own parser and Debian's PlantUML read the browser's diagrams.
    const mmd = join(OUT, files.mermaid.name);
    const checked = await run('node', [join(ROOT, 'scripts', 'lib', 'check-mermaid.mjs'), mmd], { cwd: ROOT });
    assert.match(checked.stdout, /ok/i, checked.stdout);
    const puml = await run('sh', ['-c', `plantuml -syntax < "${join(OUT, files.plantuml.name)}"`]);
    assert.match(puml.stdout.split('\n')[0], /^SEQUENCE/, puml.stdout);
    // tshark: no malformed packet, and the retransmission marks on exactly the trace's frames.
    await run(join(ROOT, 'scripts', 'check-pcap.sh'), [join(OUT, files.pcap.name), ...retransmittedFrames(jsonl)]);
    assert.deepEqual(problems, []);
    await context.close();
  });

  for (const how of ['picker', 'drop']) {
    test(`an exported SVG re-opens the experiment by the ${how}, to the same trace (ko)`, async () => {
      const source = await openLab(app.browser, app.server, `#${linkOf({ ...DOC, lang: 'ko' })}`, { locale: 'ko-KR' });
      const svg = await exportFile(source.page, 'svg');
      const trace = (await exportFile(source.page, 'jsonl')).bytes.toString('utf8');
      await source.context.close();

      // A fresh browser on the default lab.
      const { context, page, problems } = await openPage(app.browser, { locale: 'ko-KR' });
      await page.goto(`${app.server.url}?lang=ko`);
      await waitForShell(page);
      assert.equal(await virtualTime(page), 0);
      if (how === 'picker') {
        await openShareMenu(page);
        await screenshot(page, 'exports-1-share-menu-ko');
        await page.locator('.share-menu__picker').setInputFiles({ name: svg.name, mimeType: 'image/svg+xml', buffer: svg.bytes });
      } else {
        await dropFile(page, svg.name, 'image/svg+xml', svg.bytes);
      }
      await page.waitForFunction(() => document.querySelector('.control-bar__time').textContent.startsWith('1.9'), null, {
        timeout: 10_000,
      });
      await screenshot(page, `exports-2-reopened-by-${how}`);
      const again = (await exportFile(page, 'jsonl')).bytes.toString('utf8');
      assert.equal(again, trace, 'the same trace');
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  for (const lang of ['en', 'ko']) {
    test(`a scenario file that fails the core's checks is refused with the field, in the page's language (${lang})`, async () => {
      const { context, page, problems } = await openLab(app.browser, app.server, `?preset=handshake&lang=${lang}`, {
        locale: lang === 'ko' ? 'ko-KR' : 'en-US',
      });
      await dropFile(page, 'bad.json', 'application/json', Buffer.from('{"seed": 1, "config": {"client": {"mss": 0}}, "actions": []}'));
      const notice = page.locator('.notice--error');
      await notice.waitFor({ timeout: 10_000 });
      const text = await notice.textContent();
      assert.match(text, lang === 'ko' ? /^시나리오 파일을 읽을 수 없습니다/ : /^The scenario file could not be read/, text);
      assert.match(text, /config\.client\.mss/, text);
      await screenshot(page, `exports-3-refused-${lang}`);
      assert.equal(await virtualTime(page), 0, 'the lab stays as it was');
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
