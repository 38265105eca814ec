// Parses Mermaid files with the `mermaid` npm package's own parser, inside headless Chromium
// (mermaid 12 needs a DOM), and renders each one to SVG: `node scripts/lib/check-mermaid.mjs
// FILE.mmd...`. Prints one line per file and exits 1 if any fails. A broken diagram is checked
// first and must be refused, so the check cannot pass by accident. The first file's rendering is
// saved as a screenshot under target/e2e/.
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';
import { launch, screenshot } from '../../e2e/lib/browser.mjs';

const require = createRequire(import.meta.url);
const MERMAID = join(require.resolve('mermaid/package.json'), '..', 'dist', 'mermaid.min.js');

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: check-mermaid.mjs FILE.mmd...');
  process.exit(2);
}

const browser = await launch();
let failed = 0;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setContent('<!doctype html><meta charset="utf-8"><body><div id="out"></div></body>');
  await page.addScriptTag({ path: MERMAID });
  await page.evaluate(() => window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
  const check = (text, render) =>
    page.evaluate(
      async ({ text, render }) => {
        try {
          const parsed = await window.mermaid.parse(text);
          if (!render) return { ok: true, type: parsed.diagramType };
          const { svg } = await window.mermaid.render('d' + Math.random().toString(36).slice(2), text);
          document.getElementById('out').innerHTML = svg;
          return { ok: true, type: parsed.diagramType, svg };
        } catch (e) {
          return { ok: false, error: String(e && e.message ? e.message : e) };
        }
      },
      { text, render },
    );

  const broken = await check('sequenceDiagram\n    C->>: no receiver; #\n', false);
  if (broken.ok) {
    console.log('the parser accepted a broken diagram: the check would prove nothing');
    failed++;
  }
  for (const [i, file] of files.entries()) {
    const text = await readFile(file, 'utf8');
    const r = await check(text, true);
    if (!r.ok || r.type !== 'sequence') {
      console.log(`${basename(file)}: ${r.ok ? `a ${r.type} diagram, not a sequence` : r.error}`);
      failed++;
      continue;
    }
    // The rendering holds no markup from the text (mermaid sanitizes; our escaping keeps it text).
    if (/<script|<img|onerror=/i.test(r.svg)) {
      console.log(`${basename(file)}: the rendered SVG holds markup from the text`);
      failed++;
      continue;
    }
    if (i === 0) await screenshot(page, `export-mermaid-${basename(file, '.mmd')}`);
    console.log(`${basename(file)}: ok`);
  }
  if (errors.length) {
    console.log(`uncaught errors in the page: ${errors.join('; ')}`);
    failed++;
  }
} finally {
  await browser.close();
}
console.log(`${files.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
