// Frame times of the lab while it animates, in headless Chromium against a release build:
//
//   node e2e/measure-frames.mjs [preset] [start-seconds] [speed] [cpu-slowdown]
//                                               (default: bulk-data 1.0 1 1)
//
// Not a test (it asserts nothing: timings depend on the machine). It plays the preset from the
// given virtual time and records, for 4 s, every requestAnimationFrame interval and every long
// task (> 50 ms, PerformanceObserver), then prints p50 / p95 / max and the long tasks. With
// bulk-data at 1.0 s, 200 segments are on the link for the whole window. E2E_DIST selects the
// build (default dist/). A cpu-slowdown of 4 makes Chromium's CPU four times slower (CDP
// Emulation.setCPUThrottlingRate), like a modest classroom laptop.
import { launch, openPage } from './lib/browser.mjs';
import { serveDist } from './lib/server.mjs';

const [preset = 'bulk-data', start = '1.0', speed = '1', slowdown = '1'] = process.argv.slice(2);
const server = await serveDist();
const browser = await launch();
try {
  const { page, problems } = await openPage(browser, { width: 1280, height: 720 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  if (Number(slowdown) > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(slowdown) });
  const metrics = async () =>
    Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  await page.goto(`${server.url}?preset=${preset}&t=${start}&speed=${speed}&lang=en`);
  await page.locator('.stage .lane--server').waitFor();
  const onLink = await page.locator('.capsule').count();
  await page.getByRole('button', { name: 'Play' }).click();
  const m0 = await metrics();
  const result = await page.evaluate(
    () =>
      new Promise((done) => {
        const longTasks = [];
        const observer = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) longTasks.push(Math.round(e.duration));
        });
        observer.observe({ type: 'longtask', buffered: false });
        const stamps = [];
        const t0 = performance.now();
        const frame = (ts) => {
          stamps.push(ts);
          if (ts - t0 < 4000) requestAnimationFrame(frame);
          else {
            observer.disconnect();
            const deltas = stamps.slice(1).map((t, i) => t - stamps[i]).sort((a, b) => a - b);
            const q = (p) => deltas[Math.min(deltas.length - 1, Math.floor(p * deltas.length))];
            done({
              frames: deltas.length,
              p50: q(0.5),
              p95: q(0.95),
              max: deltas.at(-1),
              longTasks,
              time: document.querySelector('.control-bar__time').textContent,
            });
          }
        };
        requestAnimationFrame(frame);
      }),
  );
  const m1 = await metrics();
  const perFrame = (name) => ((m1[name] - m0[name]) * 1000) / result.frames;
  const fmt = (x) => `${x.toFixed(1)} ms`;
  console.log(`${preset} from ${start} s at ${speed}×, CPU ${slowdown}× slower: capsules on screen at start ${onLink}, virtual time after 4 s ${result.time}`);
  console.log(`frames ${result.frames}: p50 ${fmt(result.p50)}, p95 ${fmt(result.p95)}, max ${fmt(result.max)}; long tasks: ${result.longTasks.length ? result.longTasks.join(', ') + ' ms' : 'none'}`);
  console.log(
    `per frame: script ${fmt(perFrame('ScriptDuration'))}, style ${fmt(perFrame('RecalcStyleDuration'))}, ` +
      `layout ${fmt(perFrame('LayoutDuration'))}, all tasks ${fmt(perFrame('TaskDuration'))} (CDP Performance.getMetrics)`,
  );
  if (problems.length) console.log('problems:', problems);
} finally {
  await browser.close();
  await server.close();
}
