// Draws the app icons web/pwa/icon-192.png and icon-512.png from web/pwa/icon.svg, full bleed
// (square corners, for "maskable": the launcher cuts its own shape), with the headless Chromium
// the tests use. Run by hand after changing the SVG (`node scripts/make-icons.mjs`); the PNGs are
// committed, so a build needs nothing of this.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from '../e2e/lib/browser.mjs';

const ROOT = join(import.meta.dirname, '..');
const svg = readFileSync(join(ROOT, 'web/pwa/icon.svg'), 'utf8');
const browser = await launch();
for (const size of [192, 512]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const square = svg
    .replace('rx="96"', 'rx="0"')
    .replace('width="512" height="512"', `width="${size}" height="${size}"`);
  await page.setContent(`<html><body style="margin:0">${square}</body></html>`);
  await page.screenshot({ path: join(ROOT, `web/pwa/icon-${size}.png`) });
  await page.close();
}
await browser.close();
