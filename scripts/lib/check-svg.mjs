// Opens exported SVGs in headless Chromium and checks that every text is whole: each <text>
// lies inside the picture, and no segment label runs past the far lane. `node
// scripts/lib/check-svg.mjs FILE.svg...`; one line per file, exit 1 if any fails. Screenshots of
// the first two files go to target/e2e/.
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { launch, SHOTS } from '../../e2e/lib/browser.mjs';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: check-svg.mjs FILE.svg...');
  process.exit(2);
}

const browser = await launch();
let failed = 0;
try {
  const page = await browser.newPage();
  for (const [i, file] of files.entries()) {
    await page.goto(pathToFileURL(file).href);
    const problems = await page.evaluate(() => {
      const svg = document.documentElement;
      const width = Number(svg.getAttribute('width'));
      const height = Number(svg.getAttribute('height'));
      const out = [];
      // The lanes: the two lifelines are the first two <line>s of g.lanes.
      const lanes = [...document.querySelectorAll('g.lanes line')].map((l) => Number(l.getAttribute('x1')));
      const [left, right] = [Math.min(...lanes), Math.max(...lanes)];
      for (const t of document.querySelectorAll('text')) {
        const b = t.getBBox();
        if (b.width === 0 && t.textContent.trim() !== '') out.push(`"${t.textContent}" has no width`);
        if (b.x < 0 || b.y < 0 || b.x + b.width > width || b.y + b.height > height) {
          out.push(`"${t.textContent}" is cut by the edge (${Math.round(b.x)}..${Math.round(b.x + b.width)} of ${width})`);
        }
        if (t.getAttribute('class') === 'label' && (b.x < left - 1 || b.x + b.width > right + 1)) {
          out.push(`label "${t.textContent}" runs past a lane (${Math.round(b.x)}..${Math.round(b.x + b.width)}, lanes ${left}..${right})`);
        }
      }
      return out;
    });
    if (problems.length) {
      console.log(`${basename(file)}: ${problems.slice(0, 5).join('; ')}`);
      failed++;
    } else {
      console.log(`${basename(file)}: ok`);
    }
    if (i < 2) {
      // A standalone SVG document: the viewport at its size, then a plain screenshot.
      const size = await page.evaluate(() => [
        Number(document.documentElement.getAttribute('width')),
        Number(document.documentElement.getAttribute('height')),
      ]);
      await page.setViewportSize({ width: size[0], height: size[1] });
      await mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `export-svg-${basename(file, '.svg')}.png`) });
    }
  }
} finally {
  await browser.close();
}
console.log(`${files.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
