// Issue 11 item 6: offline and installable. After one visit the app loads and runs with the server
// gone (the service worker serves this build's files); a new build deployed at the same address
// is offered with "a new version is available — reload" and, once accepted, runs. The manifest
// installs. Each test serves its own copy of dist/. Screenshots: target/e2e/offline-*.png.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { launch, openPage, screenshot, waitForShell } from './lib/browser.mjs';
import { waitForStates } from './lib/lab.mjs';
import { DIST, ROOT, serveDist } from './lib/server.mjs';

let browser;
let work;
before(async () => {
  browser = await launch();
  work = await mkdtemp(join(tmpdir(), 'handshake-offline-'));
});
after(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** A copy of dist/ in the test's folder. */
async function copyOfDist(name) {
  const dir = join(work, name);
  await cp(DIST, dir, { recursive: true });
  return dir;
}

/** Waits until a service worker controls the page and has this build cached. */
async function controlled(page) {
  await page.evaluate(() =>
    Promise.race([
      navigator.serviceWorker.ready,
      new Promise((_, fail) => setTimeout(() => fail(new Error('no service worker became ready in 20 s')), 20_000)),
    ]),
  );
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  return page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('handshake-lab-')));
}

// A test that cannot finish fails instead of holding the run (a browser waiting on a worker).
const LIMIT = { timeout: 120_000 };

describe('issue 11: offline and installable', () => {
  test('after one visit the app loads and runs the handshake with the server gone', LIMIT, async () => {
    const dir = await copyOfDist('first');
    let server = await serveDist({ dir, base: '/handshake-lab/' });
    const { context, page, problems } = await openPage(browser);
    await page.goto(`${server.url}?preset=handshake&lang=en&speed=4`);
    await waitForShell(page);
    const caches = await controlled(page);
    assert.equal(caches.length, 1, caches.join(', '));
    const worker = await readFile(join(dir, 'sw.js'), 'utf8');
    const assets = JSON.parse(worker.match(/const ASSETS = (\[.*\]);/)[1]);
    assert.ok(assets.some((a) => a.endsWith('_bg.wasm')) && assets.includes('index.html') && assets.includes('start.js'));
    const cached = await page.evaluate(async (name) => (await (await caches.open(name)).keys()).length, caches[0]);
    assert.equal(cached, assets.length, 'every file of the build is cached');
    // The manifest installs: a name, a start URL in scope and icons of 192 and 512 px.
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector('link[rel="manifest"]').href;
      return (await fetch(href)).json();
    });
    assert.equal(manifest.start_url, './');
    assert.ok(['192x192', '512x512'].every((s) => manifest.icons.some((i) => i.sizes === s)));

    await server.close();
    server = undefined;
    await page.reload();
    await waitForShell(page);
    await page.keyboard.press('Space');
    await waitForStates(page, 'ESTABLISHED', 'ESTABLISHED');
    await screenshot(page, 'offline-1-server-gone');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a new build at the same address is offered with a reload, and then runs', LIMIT, async () => {
    const first = await copyOfDist('v1');
    let server = await serveDist({ dir: first });
    const port = server.port;
    const { context, page, problems } = await openPage(browser);
    await page.goto(`${server.url}?lang=ko`);
    await waitForShell(page);
    await controlled(page);
    assert.equal(await page.locator('.update-prompt').count(), 0, 'no prompt on a first visit');

    // The next version: the same build with a change in index.html, its worker written again by
    // the same script Trunk's hook runs (a new build id from the new bytes).
    const next = await copyOfDist('v2');
    const index = join(next, 'index.html');
    await writeFile(index, (await readFile(index, 'utf8')).replace('<title>', '<meta name="test-build" content="v2" />\n    <title>'));
    await promisify(execFile)('node', [join(ROOT, 'scripts', 'post-build.mjs'), next, 'release']);
    assert.notEqual(await readFile(join(next, 'sw.js'), 'utf8'), await readFile(join(first, 'sw.js'), 'utf8'));
    await server.close();
    server = await serveDist({ dir: next, port });

    // The page keeps running the version it has until the user says so.
    await page.reload();
    await waitForShell(page);
    assert.equal(await page.locator('meta[name="test-build"]').count(), 0, 'mixed in the new version');
    const prompt = page.locator('.update-prompt');
    await prompt.waitFor({ timeout: 20_000 });
    assert.match(await prompt.textContent(), /새 버전/);
    await screenshot(page, 'offline-2-update-prompt');
    await prompt.getByRole('button').click();
    await page.waitForFunction(() => document.querySelector('meta[name="test-build"]')?.content === 'v2', null, {
      timeout: 20_000,
    });
    await waitForShell(page);
    assert.equal(await page.locator('.update-prompt').count(), 0);
    const caches = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('handshake-lab-')));
    assert.equal(caches.length, 1, `the old build's cache is gone: ${caches.join(', ')}`);
    assert.deepEqual(problems, []);
    await context.close();
    await server.close();
  });
});
