// The browser benchmarks of issue 5 (item 5), run by `scripts/bench-browser`, which builds the
// two sites first. Not a test: it reports numbers and asserts no timing; it only stops when a
// measurement could not be taken (a page that never became interactive, a session that did not
// load).
//
//   node bench/browser.mjs --app DIR --floor DIR --app-raw WASM --floor-raw WASM
//        --native JSON --session FILE [--rounds 2] [--loads 9] [--seeks 5] [--window-ms 5000]
//        [--json OUT] [--markdown OUT]
//
// --app / --floor are trunk release builds (our app, and bench/floor: a bare Yew 0.23 app);
// --app-raw / --floor-raw cargo's wasm before wasm-bindgen and wasm-opt (for the breakdown by
// crate); --native the output of bench-native for the same --session file. Each measurement runs
// --rounds times in the same browser, so the spread between rounds shows. The Markdown written to
// --markdown is what scripts/bench-browser puts into docs/BENCHMARKS.md.
//
// Everything is measured in headless Debian Chromium through playwright-core, with the flags of
// e2e/lib/browser.mjs, against the static server of the end-to-end tests; every page load gets a
// fresh browser context (empty cache, no compiled-wasm cache).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readWasm, sizeByCrate } from './lib/wasm-sections.mjs';
import { HASHED, precompress } from '../scripts/lib/precompress.mjs';
import { launch } from '../e2e/lib/browser.mjs';
import { serveDist } from '../e2e/lib/server.mjs';

const { values: opt } = parseArgs({
  options: {
    app: { type: 'string' },
    floor: { type: 'string' },
    'app-raw': { type: 'string' },
    'floor-raw': { type: 'string' },
    native: { type: 'string' },
    session: { type: 'string' },
    big: { type: 'string' },
    'big-native': { type: 'string' },
    'big-seeks': { type: 'string', default: '2' },
    'throttled-loads': { type: 'string', default: '3' },
    rounds: { type: 'string', default: '2' },
    loads: { type: 'string', default: '9' },
    seeks: { type: 'string', default: '5' },
    'window-ms': { type: 'string', default: '5000' },
    json: { type: 'string' },
    markdown: { type: 'string' },
  },
});
for (const name of ['app', 'floor', 'app-raw', 'floor-raw', 'native', 'session']) {
  if (!opt[name]) throw new Error(`--${name} is required (scripts/bench-browser passes it)`);
}
const ROUNDS = Number(opt.rounds);
const LOADS = Number(opt.loads);
const SEEKS = Number(opt.seeks);
const BIG_SEEKS = Number(opt['big-seeks']);
const THROTTLED_LOADS = Number(opt['throttled-loads']);
/** The "classroom laptop on school Wi-Fi" startup: CPU 4× slower, 10 Mbit/s down and up, 40 ms. */
const THROTTLE = { cpu: 4, mbit: 10, latencyMs: 40 };
const WINDOW_MS = Number(opt['window-ms']);
/** The CPU slowdown of the "classroom laptop" run. */
const SLOWDOWN = 4;

/** What "interactive" means for each site: its root holds its control buttons. */
const SITES = {
  app: { dir: opt.app, query: '?lang=en', ready: '#app .control-bar__button--play' },
  floor: { dir: opt.floor, query: '', ready: 'body .floor__button' },
};
/** bulk-data from 1.0 s: 200 data segments were sent at 1.0 s and are on the link until about 1.8 s. */
const BULK_QUERY = '?preset=bulk-data&t=1.0&speed=1&lang=en';
const VIEWPORT = { width: 1280, height: 720 };

const log = (...a) => console.error('bench:', ...a);

// ---- statistics -----------------------------------------------------------------------------

const sorted = (xs) => [...xs].sort((a, b) => a - b);
/** Nearest-rank quantile (p in 0..1) of a non-empty list. */
function quantile(xs, p) {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
}
const median = (xs) => {
  const s = sorted(xs);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

/**
 * A figure measured in every round: `{ all, rounds }` where `rounds[i]` is round i's value (a
 * median of its samples, or a single value).
 */
function figure(perRound, reduce = median) {
  return { all: reduce(perRound.flat()), rounds: perRound.map((xs) => reduce(xs)) };
}

// ---- 1. size --------------------------------------------------------------------------------

// gzip(1) itself, as ../shared/TOOLCHAIN.md measured; -n leaves the name and time out.
const gzipSize = (file) => execFileSync('gzip', ['-9', '-n', '-c', file], { maxBuffer: 1 << 28 }).length;
const gzipLevel9 = (buffer) => execFileSync('gzip', ['-9', '-n', '-c'], { input: buffer, maxBuffer: 1 << 28 }).length;

function siteSizes(dir) {
  const files = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile());
  const kinds = {};
  for (const ext of ['wasm', 'js', 'css']) {
    const these = files.filter((f) => f.endsWith(`.${ext}`));
    kinds[ext] = {
      files: these.length,
      raw: sum(these.map((f) => statSync(join(dir, f)).size)),
      gzip: sum(these.map((f) => gzipSize(join(dir, f)))),
    };
  }
  kinds.total = {
    files: kinds.wasm.files + kinds.js.files + kinds.css.files,
    raw: kinds.wasm.raw + kinds.js.raw + kinds.css.raw,
    gzip: kinds.wasm.gzip + kinds.js.gzip + kinds.css.gzip,
  };
  const wasmFile = join(dir, files.find((f) => f.endsWith('.wasm')));
  const bytes = readFileSync(wasmFile);
  const { sections } = readWasm(bytes);
  // Code and data sections alone, gzipped on their own: what each costs over the wire, roughly.
  const part = (name) => {
    const s = sections.find((x) => x.name === name);
    return s ? { raw: s.size, gzip: gzipLevel9(bytes.subarray(s.start, s.start + s.size)) } : { raw: 0, gzip: 0 };
  };
  return { ...kinds, sections: { code: part('code'), data: part('data') } };
}

function rawBreakdown(file) {
  const { functions } = readWasm(readFileSync(file));
  return { raw: statSync(file).size, crates: sizeByCrate(functions) };
}

// ---- in-page probes -------------------------------------------------------------------------

/**
 * Init script (runs before any of the page's own scripts): times, from navigation start, when
 * `selector` first matches (a MutationObserver on the whole document), the first animation frame
 * after that, and the first task after that frame (by then the frame's style, layout and paint
 * are done: "the first interactive frame"). Also when trunk's loader says the wasm has started.
 */
function startupProbe(selector) {
  const b = (window.__bench = {});
  addEventListener('TrunkApplicationStarted', () => {
    b.started = performance.now();
  });
  const observer = new MutationObserver(() => {
    if (b.ready !== undefined || !document.querySelector(selector)) return;
    b.ready = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => {
      b.frame = performance.now();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        b.painted = performance.now();
      };
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document, { childList: true, subtree: true });
}

/**
 * In the page: runs `trigger` (a function body as a string) and resolves to the times, after the
 * trigger started, when `done` (a function body over `document`) first held — checked on every
 * DOM mutation — and when the first task after the next animation frame ran (the frame showing
 * it). `timeoutMs` guards against a page that never gets there.
 */
async function timeAction(page, trigger, done, timeoutMs = 120_000) {
  return page.evaluate(
    ([triggerBody, doneBody, timeout]) =>
      new Promise((resolve, reject) => {
        const isDone = new Function('document', doneBody);
        const t0 = performance.now();
        let seen = false;
        const finish = () => {
          const dom = performance.now() - t0;
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve({ dom, painted: performance.now() - t0 });
            channel.port2.postMessage(null);
          });
        };
        const observer = new MutationObserver(() => {
          if (seen || !isDone(document)) return;
          seen = true;
          observer.disconnect();
          finish();
        });
        observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
        setTimeout(() => reject(new Error(`not done after ${timeout} ms: ${doneBody}`)), timeout);
        new Function(triggerBody)();
        // Done synchronously (no mutation left to observe): still wait for the frame.
        if (!seen && isDone(document)) {
          seen = true;
          observer.disconnect();
          finish();
        }
      }),
    [trigger, done, timeoutMs],
  );
}

/** In the page: every rAF timestamp, long task and long animation frame over `ms` of real time. */
function frameWindow(ms) {
  return new Promise((done) => {
    const longTasks = [];
    const loafs = [];
    const lt = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
    lt.observe({ type: 'longtask' });
    let lo = null;
    if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
      lo = new PerformanceObserver((list) =>
        loafs.push(
          ...list.getEntries().map((e) => ({
            duration: e.duration,
            blocking: e.blockingDuration,
            script: e.scripts.reduce((s, x) => s + x.duration, 0),
          })),
        ),
      );
      lo.observe({ type: 'long-animation-frame' });
    }
    const stamps = [];
    const frame = (ts) => {
      stamps.push(ts);
      if (ts - stamps[0] < ms) {
        requestAnimationFrame(frame);
        return;
      }
      longTasks.push(...lt.takeRecords().map((e) => e.duration));
      lt.disconnect();
      if (lo) {
        loafs.push(...lo.takeRecords().map((e) => ({ duration: e.duration, blocking: e.blockingDuration, script: 0 })));
        lo.disconnect();
      }
      done({ stamps, longTasks, loafs, loafSupported: lo !== null });
    };
    requestAnimationFrame(frame);
  });
}

/** In the page: the segments on the link as the ladder draws them (a capsule `×N` holds N). */
function segmentsOnLink() {
  return [...document.querySelectorAll('.capsule')].reduce((n, c) => {
    const count = c.querySelector('.capsule__count')?.textContent.match(/\d+/);
    return n + (count ? Number(count[0]) : 1);
  }, 0);
}

// ---- 2. navigation → first interactive frame -----------------------------------------------

async function oneLoad(browser, server, site, throttled = false) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
  try {
    const page = await context.newPage();
    if (throttled) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      const bytesPerSecond = (THROTTLE.mbit * 1e6) / 8;
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: THROTTLE.latencyMs,
        downloadThroughput: bytesPerSecond,
        uploadThroughput: bytesPerSecond,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE.cpu });
    }
    await page.addInitScript(startupProbe, site.ready);
    await page.goto(server.url + site.query);
    await page.waitForFunction(() => window.__bench?.painted !== undefined, null, { timeout: 60_000 });
    // First contentful paint is a presentation time, reported after the frame is shown: a page
    // that paints early (the floor, served compressed) can be timed before it is.
    await page
      .waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 2_000 })
      .catch(() => {});
    return await page.evaluate(() => {
      const b = window.__bench;
      const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        wasmFetched: wasm?.responseEnd,
        started: b.started,
        ready: b.ready,
        frame: b.frame,
        painted: b.painted,
        fcp: fcp?.startTime,
      };
    });
  } finally {
    await context.close();
  }
}

/**
 * `servers`: each site served as a host that keeps precompressed copies sends it (`.br` or `.gz`
 * with a Content-Encoding, as GitHub Pages, Netlify and Cloudflare compress); `plain`: the same
 * files with none (what these rows measured until 2026-12-06), timed throttled only.
 */
async function startup(browser, servers, plain) {
  const perRound = { app: [], floor: [] };
  const throttled = { app: [], floor: [] };
  const throttledPlain = { app: [], floor: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const samples = { app: [], floor: [] };
    // One load each first, not counted: the browser's first renderer of a site warms up.
    for (const name of ['app', 'floor']) await oneLoad(browser, servers[name], SITES[name]);
    for (let i = 0; i < LOADS; i++) {
      // Interleaved, so that a busy moment of the shared machine hits both alike.
      for (const name of i % 2 ? ['floor', 'app'] : ['app', 'floor']) {
        samples[name].push(await oneLoad(browser, servers[name], SITES[name]));
      }
    }
    for (const name of ['app', 'floor']) perRound[name].push(samples[name]);
    log(`startup round ${round + 1}: app ${median(samples.app.map((s) => s.painted)).toFixed(0)} ms, floor ${median(samples.floor.map((s) => s.painted)).toFixed(0)} ms`);
    // Throttled (CPU 4× slower, 10 Mbit/s, 40 ms), fewer loads: each takes a second or more.
    for (let i = 0; i < THROTTLED_LOADS; i++) {
      for (const name of i % 2 ? ['floor', 'app'] : ['app', 'floor']) {
        throttled[name][round] ??= [];
        throttled[name][round].push(await oneLoad(browser, servers[name], SITES[name], true));
      }
    }
    log(`throttled startup round ${round + 1}: app ${median(throttled.app[round].map((s) => s.painted)).toFixed(0)} ms, floor ${median(throttled.floor[round].map((s) => s.painted)).toFixed(0)} ms`);
    for (let i = 0; i < THROTTLED_LOADS; i++) {
      for (const name of i % 2 ? ['floor', 'app'] : ['app', 'floor']) {
        throttledPlain[name][round] ??= [];
        throttledPlain[name][round].push(await oneLoad(browser, plain[name], SITES[name], true));
      }
    }
    log(`throttled startup, no compression, round ${round + 1}: app ${median(throttledPlain.app[round].map((s) => s.painted)).toFixed(0)} ms, floor ${median(throttledPlain.floor[round].map((s) => s.painted)).toFixed(0)} ms`);
  }
  const out = {};
  for (const name of ['app', 'floor']) {
    out[name] = {};
    for (const key of ['wasmFetched', 'started', 'ready', 'painted', 'fcp']) {
      out[name][key] = figure(perRound[name].map((samples) => samples.map((s) => s[key])));
    }
    out[name].throttled = figure(throttled[name].map((samples) => samples.map((s) => s.painted)));
    out[name].throttledPlain = figure(throttledPlain[name].map((samples) => samples.map((s) => s.painted)));
    // The Content-Encoding each of the site's hashed files went out with (`identity`: none).
    out[name].encodings = Object.fromEntries(
      [...servers[name].encodings].filter(([path]) => HASHED.test(path)).map(([path, e]) => [path.split('.').pop(), e]),
    );
  }
  return out;
}

// ---- 3. frames with 200 segments in flight --------------------------------------------------

const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8.execute',
];
const SCRIPT_EVENTS = new Set(['FunctionCall', 'EvaluateScript', 'RunMicrotasks', 'FireAnimationFrame', 'TimerFire', 'EventDispatch']);

/** The busiest renderer main thread's events of a Chromium trace, as `{ name, ts, dur }` (µs). */
function mainThreadSpans(buffer) {
  const json = JSON.parse(buffer.toString('utf8'));
  const events = Array.isArray(json) ? json : json.traceEvents;
  const mains = new Map();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mains.set(`${e.pid}:${e.tid}`, 0);
  }
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (mains.has(key) && e.name === 'ThreadControllerImpl::RunTask') mains.set(key, mains.get(key) + (e.dur ?? 0));
  }
  const [main] = [...mains].sort((a, b) => b[1] - a[1])[0] ?? [];
  const spans = [];
  const open = new Map();
  for (const e of events) {
    if (`${e.pid}:${e.tid}` !== main) continue;
    if (e.ph === 'X' || e.ph === 'I' || e.ph === 'i' || e.ph === 'R') spans.push({ name: e.name, ts: e.ts, dur: e.dur ?? 0 });
    else if (e.ph === 'B') open.set(e.name, [...(open.get(e.name) ?? []), e.ts]);
    else if (e.ph === 'E' && open.get(e.name)?.length) {
      const ts = open.get(e.name).pop();
      spans.push({ name: e.name, ts, dur: e.ts - ts });
    }
  }
  return spans.sort((a, b) => a.ts - b.ts);
}

/** Milliseconds covered by the spans named in `names` (overlaps counted once). */
function covered(spans, names) {
  let total = 0;
  let end = -Infinity;
  for (const s of spans) {
    if (!names.has(s.name)) continue;
    const start = Math.max(s.ts, end);
    const stop = s.ts + s.dur;
    if (stop > start) total += stop - start;
    end = Math.max(end, stop);
  }
  return total / 1000;
}

const TASKS = new Set(['ThreadControllerImpl::RunTask']);
const STYLE = new Set(['UpdateLayoutTree']);
const LAYOUT = new Set(['Layout']);
const PAINT = new Set(['PrePaint', 'Paint', 'Layerize', 'Commit']);

/**
 * Per main-thread frame (from one `BeginMainThreadFrame` to the next): the time the renderer's
 * main thread spent in tasks, in script (V8: our wasm, the JS glue, microtasks, the rAF
 * callbacks, event handlers) and in rendering (style, layout, paint, layerize, commit).
 */
function framesFromTrace(buffer) {
  const spans = mainThreadSpans(buffer);
  const begins = spans.filter((e) => e.name === 'BeginMainThreadFrame').map((e) => e.ts);
  const frames = [];
  let first = 0;
  for (let i = 1; i + 1 < begins.length; i++) {
    const [from, to] = [begins[i], begins[i + 1]];
    while (first < spans.length && spans[first].ts < from) first++;
    const inFrame = [];
    for (let j = first; j < spans.length && spans[j].ts < to; j++) inFrame.push(spans[j]);
    frames.push({
      main: covered(inFrame, TASKS),
      script: covered(inFrame, SCRIPT_EVENTS),
      render: covered(inFrame, new Set([...STYLE, ...LAYOUT, ...PAINT])),
    });
  }
  return frames;
}

async function openForFrames(browser, servers, name) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
  const page = await context.newPage();
  const url = servers[name].url + (name === 'app' ? BULK_QUERY : SITES.floor.query);
  await page.goto(url);
  await page.locator(SITES[name].ready).waitFor({ timeout: 60_000 });
  // Let the wasm's optimizing compile finish in the background before measuring.
  await page.waitForTimeout(1000);
  return { context, page };
}

/**
 * One window of playback, without tracing: rAF deltas, long tasks, CDP's per-frame means.
 * `slowdown` > 1 makes Chromium's CPU that many times slower (CDP
 * `Emulation.setCPUThrottlingRate`), like a modest classroom laptop.
 */
async function frameRun(browser, servers, name, slowdown = 1) {
  const { context, page } = await openForFrames(browser, servers, name);
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    if (slowdown > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    let before = null;
    if (name === 'app') {
      before = { segments: await page.evaluate(segmentsOnLink), time: await page.locator('.control-bar__time').textContent() };
      await page.getByRole('button', { name: 'Play', exact: true }).click();
    }
    const m0 = await metrics();
    const w = await page.evaluate(frameWindow, WINDOW_MS);
    const m1 = await metrics();
    const after = name === 'app' ? { segments: await page.evaluate(segmentsOnLink), time: await page.locator('.control-bar__time').textContent() } : null;
    const deltas = w.stamps.slice(1).map((t, i) => t - w.stamps[i]);
    const perFrame = (key) => ((m1[key] - m0[key]) * 1000) / deltas.length;
    return {
      deltas,
      frames: deltas.length,
      longTasks: w.longTasks,
      loafs: w.loafs,
      loafSupported: w.loafSupported,
      cdp: {
        script: perFrame('ScriptDuration'),
        style: perFrame('RecalcStyleDuration'),
        layout: perFrame('LayoutDuration'),
        task: perFrame('TaskDuration'),
      },
      before,
      after,
    };
  } finally {
    await context.close();
  }
}

/** The same window under Chromium's tracing: per-frame main-thread, script and render time. */
async function traceRun(browser, servers, name) {
  const { context, page } = await openForFrames(browser, servers, name);
  try {
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    if (name === 'app') await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.evaluate(frameWindow, WINDOW_MS);
    return framesFromTrace(await browser.stopTracing());
  } finally {
    await context.close();
  }
}

async function frames(browser, servers) {
  const runs = { app: [], floor: [] };
  const traces = { app: [], floor: [] };
  const slow = { app: [], floor: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of ['app', 'floor']) {
      runs[name].push(await frameRun(browser, servers, name));
      traces[name].push(await traceRun(browser, servers, name));
      slow[name].push(await frameRun(browser, servers, name, SLOWDOWN));
    }
    const r = runs.app.at(-1);
    const main = traces.app.at(-1).map((x) => x.main);
    const script = traces.app.at(-1).map((x) => x.script);
    log(`frames round ${round + 1}: app rAF p50 ${median(r.deltas).toFixed(1)} ms, p95 ${quantile(r.deltas, 0.95).toFixed(1)} ms; main thread per frame (trace) p50 ${median(main).toFixed(2)} ms, p95 ${quantile(main, 0.95).toFixed(2)} ms, script p95 ${quantile(script, 0.95).toFixed(2)} ms; segments on the link ${r.before.segments} → ${r.after.segments} (${r.before.time} → ${r.after.time})`);
  }
  const out = {};
  for (const name of ['app', 'floor']) {
    const rs = runs[name];
    const ts = traces[name];
    const q = (xs, p) => quantile(xs, p);
    out[name] = {
      frames: figure(rs.map((r) => [r.frames])),
      p50: figure(rs.map((r) => r.deltas), (xs) => q(xs, 0.5)),
      p95: figure(rs.map((r) => r.deltas), (xs) => q(xs, 0.95)),
      max: figure(rs.map((r) => r.deltas), (xs) => Math.max(...xs)),
      longTasks: figure(rs.map((r) => [r.longTasks.length])),
      longTaskMs: figure(rs.map((r) => [sum(r.longTasks)])),
      loafs: figure(rs.map((r) => [r.loafs.length])),
      loafSupported: rs.every((r) => r.loafSupported),
      cdpScript: figure(rs.map((r) => [r.cdp.script])),
      cdpStyleLayout: figure(rs.map((r) => [r.cdp.style + r.cdp.layout])),
      cdpTask: figure(rs.map((r) => [r.cdp.task])),
      mainP50: figure(ts.map((f) => f.map((x) => x.main)), (xs) => q(xs, 0.5)),
      mainP95: figure(ts.map((f) => f.map((x) => x.main)), (xs) => q(xs, 0.95)),
      scriptP50: figure(ts.map((f) => f.map((x) => x.script)), (xs) => q(xs, 0.5)),
      scriptP95: figure(ts.map((f) => f.map((x) => x.script)), (xs) => q(xs, 0.95)),
      renderP50: figure(ts.map((f) => f.map((x) => x.render)), (xs) => q(xs, 0.5)),
      renderP95: figure(ts.map((f) => f.map((x) => x.render)), (xs) => q(xs, 0.95)),
      tracedFrames: figure(ts.map((f) => [f.length])),
      onLink: name === 'app' ? rs.map((r) => ({ before: r.before, after: r.after })) : null,
      slowP50: figure(slow[name].map((r) => r.deltas), (xs) => q(xs, 0.5)),
      slowP95: figure(slow[name].map((r) => r.deltas), (xs) => q(xs, 0.95)),
      slowLongTasks: figure(slow[name].map((r) => [r.longTasks.length])),
      slowTask: figure(slow[name].map((r) => [r.cdp.task])),
    };
  }
  return out;
}

// ---- 4. seek to the end of a 10,000-event session ------------------------------------------

/**
 * One session: open the app, import the file, seek to the end, seek back to the middle. With
 * `trace`, the seek to the end runs under Chromium tracing and its main-thread time is split
 * into script, style, layout and paint (that run's timings are not counted: tracing slows it).
 */
/**
 * A fresh page of the app with `sessionText` pasted into Settings' import box, and the import
 * timed: the Load button clicked → the frame that shows the session loaded (the control bar's
 * end reads `endText`, the notice says it loaded). The app parses the file, runs it to its end
 * once (the scrubber's range) and draws t = 0.
 */
async function importSession(browser, server, sessionText, endText, timeoutMs = 120_000) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
  try {
    const page = await context.newPage();
    await page.goto(server.url + SITES.app.query);
    await page.locator(SITES.app.ready).waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.locator('#settings-import').fill(sessionText);
    await page.waitForTimeout(200);
    const endIs = `return document.querySelector('.control-bar__end')?.textContent === ${JSON.stringify(endText)}`;
    const load = await timeAction(page, "document.querySelector('.settings__import-button').click()", `${endIs} && !!document.querySelector('.notice--ok')`, timeoutMs);
    return { context, page, load };
  } catch (e) {
    await context.close();
    throw e;
  }
}

/** In-page code that drags the scrubber to `fraction` of its range (the range input's `input` event). */
const dragTo = (fraction) =>
  `const r = document.querySelector('.scrubber__range'); r.value = String(Number(r.max) * ${fraction}); r.dispatchEvent(new Event('input', { bubbles: true }));`;

/** The control bar's text for a session ending at `end_ms` (what the app writes). */
const endTextOf = (native) => {
  const s = native.end_ms / 1000;
  return s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
};

async function oneSeek(browser, server, sessionText, endText, trace = false) {
  const { context, page, load } = await importSession(browser, server, sessionText, endText);
  try {
    const timeIs = (text) => `return document.querySelector('.control-bar__time')?.textContent === ${JSON.stringify(text)}`;
    const atStart = await page.locator('.control-bar__time').textContent();
    await page.waitForTimeout(200);
    // Seek: the scrubber dragged to its right end.
    if (trace) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const toEnd = await timeAction(page, dragTo(1), timeIs(endText));
    let split = null;
    if (trace) {
      const spans = mainThreadSpans(await browser.stopTracing());
      split = {
        tasks: covered(spans, TASKS),
        script: covered(spans, SCRIPT_EVENTS),
        style: covered(spans, STYLE),
        layout: covered(spans, LAYOUT),
        paint: covered(spans, PAINT),
      };
    }
    const atEnd = {
      states: await page.locator('.lane__state-name').allTextContents(),
      elements: await page.evaluate(() => document.getElementsByTagName('*').length),
      segLabels: await page.locator('.seg-label').count(),
      narration: await page.locator('.narration-log__item').count(),
      timerSpans: await page.locator('.timer-span').count(),
    };
    await page.waitForTimeout(200);
    // Back to the middle: an earlier time rebuilds the simulator by replay from the start.
    const toMiddle = await timeAction(
      page,
      dragTo(0.5),
      `const t = parseFloat(document.querySelector('.control-bar__time')?.textContent); return t > 0 && t < ${Number.parseFloat(endText)}`,
    );
    return { load, toEnd, toMiddle, atStart, atEnd, split };
  } finally {
    await context.close();
  }
}

async function seek(browser, server, native) {
  const sessionText = readFileSync(opt.session, 'utf8');
  const endText = endTextOf(native);
  const perRound = [];
  const splits = [];
  for (let round = 0; round < ROUNDS; round++) {
    const samples = [];
    for (let i = 0; i < SEEKS; i++) samples.push(await oneSeek(browser, server, sessionText, endText));
    perRound.push(samples);
    splits.push((await oneSeek(browser, server, sessionText, endText, true)).split);
    log(`seek round ${round + 1}: load ${median(samples.map((x) => x.load.painted)).toFixed(0)} ms, to the end ${median(samples.map((x) => x.toEnd.painted)).toFixed(0)} ms, back to the middle ${median(samples.map((x) => x.toMiddle.painted)).toFixed(0)} ms`);
  }
  const f = (pick) => figure(perRound.map((xs) => xs.map(pick)));
  const last = perRound.at(-1).at(-1);
  return {
    endText,
    load: f((x) => x.load.painted),
    loadDom: f((x) => x.load.dom),
    toEnd: f((x) => x.toEnd.painted),
    toEndDom: f((x) => x.toEnd.dom),
    toMiddle: f((x) => x.toMiddle.painted),
    atStart: last.atStart,
    atEnd: last.atEnd,
    split: Object.fromEntries(Object.keys(splits[0]).map((k) => [k, figure(splits.map((x) => [x[k]]))])),
  };
}

/**
 * The 100,000-segment session (issue 15): imported as above; after the load the page is left
 * alone for `BIG_IDLE_MS` (what a reader does before touching the scrubber; the narration is
 * narrated ahead while the page is idle), then a seek to the end, a seek back to the middle, and
 * `BIG_DRAGS` drag steps from the middle, each moving the scrubber 1 % of its range (as a drag
 * does). Each is timed to the first frame showing the new present (`data-now-us` changed).
 */
const BIG_IDLE_MS = 3000;
const BIG_DRAGS = 10;
async function oneBigSeek(browser, server, sessionText, endText) {
  const { context, page, load } = await importSession(browser, server, sessionText, endText, 600_000);
  try {
    await page.waitForTimeout(BIG_IDLE_MS);
    const moved = async (trigger) => {
      const before = await page.locator('[data-now-us]').getAttribute('data-now-us');
      return timeAction(page, trigger, `const e = document.querySelector('[data-now-us]'); return !!e && e.dataset.nowUs !== '${before}';`, 600_000);
    };
    const toEnd = await moved(dragTo(1));
    await page.waitForTimeout(200);
    const toMiddle = await moved(dragTo(0.5));
    await page.waitForTimeout(200);
    const drags = [];
    for (let i = 1; i <= BIG_DRAGS; i++) drags.push((await moved(dragTo(0.5 + i / 100))).painted);
    return { load: load.painted, toEnd: toEnd.painted, toMiddle: toMiddle.painted, drags };
  } finally {
    await context.close();
  }
}

async function bigSeek(browser, server, native) {
  const sessionText = readFileSync(opt.big, 'utf8');
  const endText = endTextOf(native);
  const samples = [];
  for (let i = 0; i < BIG_SEEKS; i++) {
    const x = await oneBigSeek(browser, server, sessionText, endText);
    samples.push(x);
    log(`100k seek ${i + 1}: load ${x.load.toFixed(0)} ms, to the end ${x.toEnd.toFixed(0)} ms, to the middle ${x.toMiddle.toFixed(0)} ms, drag steps median ${median(x.drags).toFixed(0)} ms`);
  }
  const one = (pick) => ({ all: median(samples.map(pick)), rounds: samples.map(pick) });
  return {
    endText,
    load: one((x) => x.load),
    toEnd: one((x) => x.toEnd),
    toMiddle: one((x) => x.toMiddle),
    drag: { all: median(samples.flatMap((x) => x.drags)), rounds: samples.map((x) => median(x.drags)) },
    dragMax: { all: Math.max(...samples.flatMap((x) => x.drags)), rounds: samples.map((x) => Math.max(...x.drags)) },
  };
}

/**
 * Step back in bulk-data (issue 15): the lab paused at its end (stepped there), then the Back
 * button clicked again and again; each is timed from the click to the first task after the
 * first frame that shows the new present (`data-now-us` changed). Step back rebuilds the run by
 * replay from the start and draws it again. `SEEKS` × 4 steps per round, one page per round.
 */
async function stepBack(browser, servers) {
  const perRound = [];
  for (let round = 0; round < ROUNDS; round++) {
    const { context, page } = await openForFrames(browser, servers, 'app');
    try {
      // To the end, by "skip to the end"-like steps (each Step goes to the next instant).
      const step = page.locator('.control-bar__button--step');
      for (let i = 0; i < 400 && (await step.isEnabled()); i++) await step.click();
      const samples = [];
      for (let i = 0; i < SEEKS * 4; i++) {
        const before = await page.locator('[data-now-us]').getAttribute('data-now-us');
        if (before === '0') break;
        const t = await timeAction(
          page,
          "document.querySelector('.control-bar__button--back').click()",
          `const e = document.querySelector('[data-now-us]'); return !!e && e.dataset.nowUs !== '${before}';`,
        );
        samples.push(t.painted);
      }
      perRound.push(samples);
      log(`step back round ${round + 1}: ${samples.length} steps, median ${median(samples).toFixed(1)} ms, p95 ${quantile(samples, 0.95).toFixed(1)} ms`);
    } finally {
      await context.close();
    }
  }
  return {
    steps: perRound.map((xs) => xs.length),
    p50: figure(perRound),
    p95: figure(perRound, (xs) => quantile(xs, 0.95)),
    max: figure(perRound, (xs) => Math.max(...xs)),
  };
}

// ---- the table ------------------------------------------------------------------------------

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const bytes = (n) => `${n.toLocaleString('en-US')} B`;
const ms1 = (x) => (x === undefined || Number.isNaN(x) ? '—' : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
/** `median (round 1 / round 2 …)` in milliseconds. */
const spread = (f, unit = ' ms') => (f ? `${ms1(f.all)}${unit} (${f.rounds.map(ms1).join(' / ')})` : '—');
const count = (f) => `${Math.round(f.all)} (${f.rounds.map((x) => Math.round(x)).join(' / ')})`;

function markdown(r) {
  const { sizes, raw, startup: st, frames: fr, seek: sk, stepBack: sb, big, bigNative, native, machine } = r;
  const lines = [];
  const row = (...cells) => lines.push(`| ${cells.join(' | ')} |`);
  const ratio = (a, b) => `${(a / b).toFixed(1)}×`;

  lines.push(`Measured on **${machine.date}** — ${machine.nproc} cores, ${machine.cpu}, ${machine.chromium}, ${machine.rustc}, commit ${machine.commit}; load average ${machine.load} when it started (a shared machine: expect noise). Command: \`${machine.command}\`. ${ROUNDS} rounds in one browser; every figure is the median over all rounds' samples, followed by each round's own median in parentheses, so the spread shows.`);
  lines.push('');
  lines.push('### Size: what a visitor downloads');
  lines.push('');
  lines.push(`Our release \`dist/\` (\`trunk build --release\`, as \`scripts/test\` builds it) next to **the floor**: \`bench/floor\`, a bare Yew 0.23 CSR app (a button, a counter, one SVG circle moved by a \`requestAnimationFrame\` loop that re-renders it every frame), built in the same run by the same trunk ${machine.trunk}, wasm-bindgen ${machine.wasmBindgen} and wasm-opt ${machine.wasmOpt} (-Oz), with the same \`[profile.release]\` (opt-level "z", lto, codegen-units 1, panic abort). gzip sizes are \`gzip -9 -n\` of each file, summed.`);
  lines.push('');
  row('', 'ours', 'floor', 'ours − floor', 'ours ÷ floor');
  row('---', '---:', '---:', '---:', '---:');
  for (const [key, label] of [
    ['wasm', 'wasm, gzip -9'],
    ['js', 'js (wasm-bindgen glue), gzip -9'],
    ['css', `css, gzip -9 (ours ${sizes.app.css.files} files, floor ${sizes.floor.css.files})`],
    ['total', '**wasm + js + css, gzip -9**'],
  ]) {
    row(label, bytes(sizes.app[key].gzip), bytes(sizes.floor[key].gzip), bytes(sizes.app[key].gzip - sizes.floor[key].gzip), ratio(sizes.app[key].gzip, sizes.floor[key].gzip));
  }
  for (const [key, label] of [
    ['wasm', 'wasm, raw'],
    ['js', 'js, raw'],
    ['css', 'css, raw'],
    ['total', 'wasm + js + css, raw'],
  ]) {
    row(label, bytes(sizes.app[key].raw), bytes(sizes.floor[key].raw), bytes(sizes.app[key].raw - sizes.floor[key].raw), ratio(sizes.app[key].raw, sizes.floor[key].raw));
  }
  row("cargo's wasm before wasm-bindgen and wasm-opt", bytes(raw.app.raw), bytes(raw.floor.raw), bytes(raw.app.raw - raw.floor.raw), ratio(raw.app.raw, raw.floor.raw));
  lines.push('');
  lines.push('What the shipped wasm is made of (its two big sections, each also gzipped on its own):');
  lines.push('');
  row('section of the shipped wasm', 'ours raw', 'ours gzip -9', 'floor raw', 'floor gzip -9');
  row('---', '---:', '---:', '---:', '---:');
  for (const [key, label] of [
    ['code', 'code (function bodies)'],
    ['data', 'data (strings, tables, constants)'],
  ]) {
    row(label, bytes(sizes.app.sections[key].raw), bytes(sizes.app.sections[key].gzip), bytes(sizes.floor.sections[key].raw), bytes(sizes.floor.sections[key].gzip));
  }
  lines.push('');
  lines.push("And the code by crate, from cargo's wasm before wasm-bindgen and wasm-opt (function body bytes by the crate in each function's symbol; wasm-opt -Oz then shrinks the code by about a third and wasm-bindgen drops its build-time descriptors, so read the shares, not the bytes):");
  lines.push('');
  row('crate', 'ours', 'floor', 'ours − floor');
  row('---', '---:', '---:', '---:');
  const floorBy = new Map(raw.floor.crates.map((c) => [c.crate, c.size]));
  const appTotal = sum(raw.app.crates.map((c) => c.size));
  const floorTotal = sum(raw.floor.crates.map((c) => c.size));
  const shown = raw.app.crates.slice(0, 12);
  for (const c of shown) row(`\`${c.crate}\``, bytes(c.size), bytes(floorBy.get(c.crate) ?? 0), bytes(c.size - (floorBy.get(c.crate) ?? 0)));
  const restApp = appTotal - sum(shown.map((c) => c.size));
  const restFloor = floorTotal - sum(shown.map((c) => floorBy.get(c.crate) ?? 0));
  row('everything else', bytes(restApp), bytes(restFloor), bytes(restApp - restFloor));
  row('**all code**', bytes(appTotal), bytes(floorTotal), bytes(appTotal - floorTotal));
  lines.push('');

  lines.push('### Navigation → first interactive frame');
  lines.push('');
  lines.push(`${LOADS} loads of each site per round (after one uncounted load each), ours and the floor interleaved, every load in a fresh browser context (empty HTTP cache, so no cached compiled wasm), served from 127.0.0.1 by the end-to-end tests' static server as a host with precompressed copies serves them (ours: wasm ${st.app.encodings.wasm}, js ${st.app.encodings.js}, css ${st.app.encodings.css}; the floor's wasm ${st.floor.encodings.wasm}: the Content-Encoding Chromium accepted; no network time to speak of unthrottled: this is parse, decompress, compile, instantiate and first render). Times are \`performance.now()\` in the page, whose zero is the navigation's start, taken by an init script that runs before the page's own scripts. **Interactive** = the app's root holds its control buttons (ours: \`#app .control-bar__button--play\`, with the whole first render of the lab; the floor: its \`button\`), seen by a MutationObserver on the document; the **first interactive frame** is the first task that runs after the next \`requestAnimationFrame\` callback, i.e. once the main thread has done that frame's style, layout and paint (the compositor shows it a little later: first contentful paint, a presentation time, can come after it). Ours opens at \`${SITES.app.query}\` (the default preset).`);
  lines.push('');
  row('from navigation start to …', 'ours', 'floor', 'ours − floor');
  row('---', '---:', '---:', '---:');
  for (const [key, label] of [
    ['fcp', 'first contentful paint (ours: the loading message of index.html, after its render-blocking stylesheets; the floor: its first render)'],
    ['wasmFetched', 'the .wasm fully fetched (resource timing `responseEnd`; compiling streams alongside)'],
    ['started', "trunk's loader: wasm instantiated and `main()` returned (`TrunkApplicationStarted`)"],
    ['ready', 'control buttons in the DOM'],
    ['painted', '**first interactive frame**'],
  ]) {
    row(label, spread(st.app[key]), spread(st.floor[key]), `${ms1(st.app[key].all - st.floor[key].all)} ms`);
  }
  row(`**first interactive frame, CPU ${THROTTLE.cpu}× slower and a ${THROTTLE.mbit} Mbit/s, ${THROTTLE.latencyMs} ms network** (CDP; ${THROTTLED_LOADS} loads each per round)`, `**${spread(st.app.throttled)}**`, spread(st.floor.throttled), `${ms1(st.app.throttled.all - st.floor.throttled.all)} ms`);
  row(`the same, the files served with no Content-Encoding (how the row above was measured until 2026-12-06)`, spread(st.app.throttledPlain), spread(st.floor.throttledPlain), `${ms1(st.app.throttledPlain.all - st.floor.throttledPlain.all)} ms`);
  lines.push('');
  lines.push(`Issue 15's targets: ours ≤ 1.5× the floor (now ${(st.app.painted.all / st.floor.painted.all).toFixed(2)}×); throttled ≤ 600 ms.`);
  lines.push('');

  lines.push('### Main-thread time per frame with 200 segments in flight');
  lines.push('');
  const onLink = fr.app.onLink.map((o) => `${o.before.segments} → ${o.after.segments} (${o.before.time} → ${o.after.time})`).join('; ');
  lines.push(`The \`bulk-data\` preset opened at \`${BULK_QUERY}\`: at 1.0 s of virtual time the client has just sent 200 data segments (20,000 bytes, MSS 100, window 20,000, 0.4 s one way), and \`handshake-cli run --preset bulk-data\` has 200 of them on the link until about 1.8 s. After the page is interactive and has idled 1 s, Play is clicked and ${WINDOW_MS / 1000} s of real time are recorded at 1× (0.1 virtual ms per real ms, so the window covers about 1.0 s → ${(1 + WINDOW_MS / 10000).toFixed(1)} s of virtual time; segments on the link as the ladder labels them, at the start → end of each round's window: ${onLink}). The floor animates its circle over the same window. Window size ${VIEWPORT.width}×${VIEWPORT.height}; headless Chromium draws at 60 Hz, so 16.7 ms is a frame that kept up. Each round measures twice, in two fresh page loads: once plain (rAF deltas, long tasks, CDP \`Performance.getMetrics\`), once under Chromium tracing (per-frame breakdown; tracing slows the page a little, which is why the deltas come from the plain run).`);
  lines.push('');
  row('', 'ours (200 segments)', 'floor (1 circle)');
  row('---', '---:', '---:');
  row('frames in the window', count(fr.app.frames), count(fr.floor.frames));
  row('rAF → rAF p50', spread(fr.app.p50), spread(fr.floor.p50));
  row('rAF → rAF p95', spread(fr.app.p95), spread(fr.floor.p95));
  row('rAF → rAF max', spread(fr.app.max), spread(fr.floor.max));
  row('main thread per frame p50 (trace: tasks between two `BeginMainThreadFrame`)', spread(fr.app.mainP50), spread(fr.floor.mainP50));
  row('main thread per frame p95 (trace)', spread(fr.app.mainP95), spread(fr.floor.mainP95));
  row('script per frame p50 (trace: V8 — wasm, JS glue, rAF callbacks, microtasks)', spread(fr.app.scriptP50), spread(fr.floor.scriptP50));
  row('script per frame p95 (trace)', spread(fr.app.scriptP95), spread(fr.floor.scriptP95));
  row('style + layout + paint + commit per frame p50 (trace)', spread(fr.app.renderP50), spread(fr.floor.renderP50));
  row('style + layout + paint + commit per frame p95 (trace)', spread(fr.app.renderP95), spread(fr.floor.renderP95));
  row('mean per frame: script / style + layout / all tasks (CDP `Performance.getMetrics`)', `${ms1(fr.app.cdpScript.all)} / ${ms1(fr.app.cdpStyleLayout.all)} / ${ms1(fr.app.cdpTask.all)} ms`, `${ms1(fr.floor.cdpScript.all)} / ${ms1(fr.floor.cdpStyleLayout.all)} / ${ms1(fr.floor.cdpTask.all)} ms`);
  const longTasks = (f) => (f.longTasks.all > 0 ? `${count(f.longTasks)}, ${spread(f.longTaskMs)} in all` : count(f.longTasks));
  row(`long tasks > 50 ms in ${WINDOW_MS / 1000} s (PerformanceObserver \`longtask\`)`, longTasks(fr.app), longTasks(fr.floor));
  row(`long animation frames > 50 ms in ${WINDOW_MS / 1000} s (\`long-animation-frame\`)`, fr.app.loafSupported ? count(fr.app.loafs) : 'not supported', fr.floor.loafSupported ? count(fr.floor.loafs) : 'not supported');
  row(`CPU ${SLOWDOWN}× slower (a modest laptop): rAF → rAF p50`, spread(fr.app.slowP50), spread(fr.floor.slowP50));
  row(`CPU ${SLOWDOWN}× slower: rAF → rAF p95`, spread(fr.app.slowP95), spread(fr.floor.slowP95));
  row(`CPU ${SLOWDOWN}× slower: all tasks per frame, mean (CDP)`, spread(fr.app.slowTask), spread(fr.floor.slowTask));
  row(`CPU ${SLOWDOWN}× slower: long tasks > 50 ms`, count(fr.app.slowLongTasks), count(fr.floor.slowLongTasks));
  lines.push('');

  lines.push('### Seek to the end of a 10,000-event session');
  lines.push('');
  lines.push(`\`bench/10k-events.json\`: 110,000 bytes from the client and 100,000 from the server at once, 0.2 % random loss each way — **${native.events.toLocaleString('en-US')} trace events**, ${native.segments.toLocaleString('en-US')} segments, ending at ${sk.endText} (counted by \`bench-native\`, which runs the same file). It goes in through the UI: the Settings tab, the import text area (filled by Playwright), the Load button (clicked in the page); the seek is the scrubber's \`input\` event with the range at its maximum (what dragging it to the right end sends); no URL parameter loads a file. Each is timed in the page from just before the click or the event to the first task after the first frame in which the control bar shows the expected time (\`${sk.endText}\`, seen by a MutationObserver). ${SEEKS} fresh page loads per round. At the end the page showed the states ${sk.atEnd.states.join(' / ')} and held ${sk.atEnd.elements.toLocaleString('en-US')} elements: ${sk.atEnd.narration.toLocaleString('en-US')} narration entries, ${sk.atEnd.timerSpans.toLocaleString('en-US')} timer spans, ${sk.atEnd.segLabels.toLocaleString('en-US')} segment labels. One more seek per round runs under Chromium tracing to split the main thread's time (not counted in the timings).`);
  lines.push('');
  row('', 'ours, in Chromium', `the core alone, native (\`bench-native\`, same release profile; ${native.iterations} runs: median, min–max)`);
  row('---', '---:', '---:');
  row('import the file → frame showing its start (parse, run to the end once for the scrubber, draw t = 0)', spread(sk.load), `run to the end: ${ms1(native.run_to_end.median)} ms (${ms1(native.run_to_end.min)}–${ms1(native.run_to_end.max)})`);
  row('**seek from 0 to the end → frame showing the end**', `**${spread(sk.toEnd)}**`, `replay to the end: ${ms1(native.replay_to_end.median)} ms (${ms1(native.replay_to_end.min)}–${ms1(native.replay_to_end.max)})`);
  row('… of which until the DOM showed the end', spread(sk.toEndDom), '');
  row('… main thread during the traced seek: script / style / layout / paint (all tasks)', `${ms1(sk.split.script.all)} / ${ms1(sk.split.style.all)} / ${ms1(sk.split.layout.all)} / ${ms1(sk.split.paint.all)} ms (${ms1(sk.split.tasks.all)} ms)`, '');
  row('seek back from the end to the middle (rebuilt by replay from the start) → frame', spread(sk.toMiddle), '');
  lines.push('');

  if (big) {
    lines.push('### Seek in a 100,000-segment session');
    lines.push('');
    lines.push(`\`bench/100k-segments.json\`: the same settings with 2,600,000 bytes from the client and 2,400,000 from the server — **${bigNative.segments.toLocaleString('en-US')} segments**, ${bigNative.events.toLocaleString('en-US')} trace events, ending at ${big.endText} (\`bench-native\`). Imported through the UI as above; then the page is left alone for ${BIG_IDLE_MS / 1000} s; then a seek to the end, back to the middle, and ${BIG_DRAGS} drag steps of 1 % of the range each, each timed to the first frame showing the new present. ${BIG_SEEKS} fresh page loads (each figure: the median, then each load's). Issue 15's targets: ≤ 50 ms per seek; dragging keeps 30 fps (≤ 33 ms per step).`);
    lines.push('');
    row('', 'ours, in Chromium', 'the core alone, native');
    row('---', '---:', '---:');
    row('import the file → frame showing its start', spread(big.load), `run to the end: ${ms1(bigNative.run_to_end.median)} ms`);
    row('**seek from 0 to the end → frame**', `**${spread(big.toEnd)}**`, `replay to the end: ${ms1(bigNative.replay_to_end.median)} ms`);
    row('seek from the end to the middle → frame', spread(big.toMiddle), '');
    row('**one drag step (1 % of the range) → frame**, median', `**${spread(big.drag)}**`, '');
    row('one drag step → frame, max', spread(big.dragMax), '');
    lines.push('');
  }

  lines.push('### Step back in bulk-data');
  lines.push('');
  lines.push(`The bulk-data preset stepped to its end with the Step button, then the Back button clicked up to ${SEEKS * 4} times per round, until the start (one page per round; each round's steps: ${sb.steps ? sb.steps.join(' / ') : '—'}); each step is timed from the click to the first task after the first frame showing the new present. Issue 15's target: ≤ 16 ms.`);
  lines.push('');
  row('', 'ours');
  row('---', '---:');
  row('step back → frame, p50', spread(sb.p50));
  row('step back → frame, p95', spread(sb.p95));
  row('step back → frame, max', spread(sb.max));
  return lines.join('\n');
}

// ---- main -----------------------------------------------------------------------------------

const native = JSON.parse(readFileSync(opt.native, 'utf8'));
const sizes = { app: siteSizes(opt.app), floor: siteSizes(opt.floor) };
const raw = { app: rawBreakdown(opt['app-raw']), floor: rawBreakdown(opt['floor-raw']) };
log(`sizes: ours ${sizes.app.total.gzip} B gzip (wasm ${sizes.app.wasm.gzip}), floor ${sizes.floor.total.gzip} B (wasm ${sizes.floor.wasm.gzip})`);

const servers = { app: await serveDist({ dir: opt.app }), floor: await serveDist({ dir: opt.floor }) };
// Startup is timed as a host sends the files: from precompressed copies (scripts/post-build.mjs
// writes the app's; the floor's are made here the same way).
await precompress(opt.floor);
const hosted = {
  app: await serveDist({ dir: opt.app, precompressed: true }),
  floor: await serveDist({ dir: opt.floor, precompressed: true }),
};
const browser = await launch();
let result;
try {
  const machine = JSON.parse(process.env.BENCH_MACHINE ?? '{}');
  machine.chromium ??= `Chromium ${browser.version()}`;
  // BENCH_ONLY=seek,big (say) runs only those parts and prints their log lines, no table: for a
  // quick look while working (startup, frames, seek, back, big).
  const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
  const wanted = (part) => !only || only.has(part);
  log('startup…');
  const st = wanted('startup') ? await startup(browser, hosted, servers) : null;
  log('frames…');
  const fr = wanted('frames') ? await frames(browser, servers) : null;
  log('seek…');
  const sk = wanted('seek') ? await seek(browser, servers.app, native) : null;
  log('step back…');
  const sb = wanted('back') ? await stepBack(browser, servers) : null;
  let big = null;
  let bigNative = null;
  if (opt.big && wanted('big')) {
    log('seek in the 100,000-segment session…');
    bigNative = JSON.parse(readFileSync(opt['big-native'], 'utf8'));
    big = await bigSeek(browser, servers.app, bigNative);
  }
  result = { machine, sizes, raw, startup: st, frames: fr, seek: sk, stepBack: sb, big, bigNative, native };
} finally {
  await browser.close();
  await servers.app.close();
  await servers.floor.close();
  await hosted.app.close();
  await hosted.floor.close();
}
if (process.env.BENCH_ONLY) process.exit(0);
const md = markdown(result);
if (opt.json) writeFileSync(opt.json, JSON.stringify(result, null, 2));
if (opt.markdown) writeFileSync(opt.markdown, `${md}\n`);
console.log(md);
