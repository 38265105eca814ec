// Screenshots of the lab in the middle of three presets (a lost SYN being re-sent, a FIN re-sent
// into TIME-WAIT, 200 segments in flight), at a projector's 1280×720, a laptop's 1440×900 and a
// phone's 390×844, in both languages: target/e2e/screen-<preset>-<size>-<lang>.png. Each must
// load without a console error, keep the lane cards on their lifelines, never be wider than the
// screen, and on a projector or laptop fit the screen without scrolling.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { screenshot } from './lib/browser.mjs';
import { openLab } from './lib/lab.mjs';
import { servedApp } from './lib/suite.mjs';

const app = servedApp();

const MOMENTS = [
  ['lost-syn', 1.05], // C2, the retransmitted SYN, on its way; C1's ✕ above
  ['lost-last-ack', 2.65], // C5 re-ACKs the re-sent FIN; TIME-WAIT just restarted
  ['bulk-data', 1.2], // 200 data segments on the link
];
const SIZES = [
  [1280, 720],
  [1440, 900],
  [390, 844],
];

describe('the lab at three screen sizes in both languages', () => {
  for (const [preset, t] of MOMENTS) {
    for (const [width, height] of SIZES) {
      for (const lang of ['en', 'ko']) {
        test(`${preset} at ${t} s, ${width}×${height}, ${lang}`, async () => {
          const locale = lang === 'ko' ? 'ko-KR' : 'en-US';
          const { context, page, problems } = await openLab(app.browser, app.server, `?preset=${preset}&t=${t}&lang=${lang}`, {
            locale,
            width,
            height,
          });
          await page.locator('.capsule').first().waitFor();
          await page.locator('.narration-log__text').first().waitFor();
          const layout = await page.evaluate(() => {
            const centre = (el) => {
              const r = el.getBoundingClientRect();
              return r.left + r.width / 2;
            };
            const svg = document.querySelector('.stage__wire svg').getBoundingClientRect();
            return {
              client: centre(document.querySelector('.lane--client')) - svg.left,
              server: centre(document.querySelector('.lane--server')) - svg.right,
              scrollWidth: document.documentElement.scrollWidth,
              scrollHeight: document.documentElement.scrollHeight,
            };
          });
          // A phone's sheet is fixed to the screen: the picture is the screen.
          await screenshot(page, `screen-${preset}-${width}x${height}-${lang}`, { fullPage: width >= 1280 });
          assert.ok(Math.abs(layout.client) <= 1.5 && Math.abs(layout.server) <= 1.5, JSON.stringify(layout));
          assert.ok(layout.scrollWidth <= width, `wider than the screen: ${JSON.stringify(layout)}`);
          if (width >= 1280) assert.ok(layout.scrollHeight <= height, `the page scrolls: ${JSON.stringify(layout)}`);
          assert.deepEqual(problems, []);
          await context.close();
        });
      }
    }
  }
});
