// The same dist/ must work at a host's root and under a sub-path (GitHub Pages serves a project
// at https://USER.github.io/REPO/). Trunk.toml's relative public URL makes that so; this proves it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openPage, waitForShell } from './lib/browser.mjs';
import { serveDist } from './lib/server.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('dist/ served from the sub-path /handshake-lab/ loads every asset from under it', async () => {
  const server = await serveDist({ base: '/handshake-lab/' });
  try {
    const { context, page, problems } = await openPage(browser);
    const requested = [];
    page.on('request', (req) => requested.push(new URL(req.url()).pathname));
    await page.goto(server.url);
    await waitForShell(page);
    assert.equal(await page.locator('.lane--client .lane__label').textContent(), 'Client');
    assert.deepEqual(problems, []);
    const outside = requested.filter((path) => !path.startsWith('/handshake-lab/'));
    assert.deepEqual(outside, [], 'requests outside the sub-path');
    assert.ok(requested.some((path) => path.endsWith('.wasm')), `no wasm among ${requested}`);
    await context.close();
  } finally {
    await server.close();
  }
});

// Issue 15: hosts that serve the precompressed copies beside each hashed file (nginx
// `brotli_static`/`gzip_static`, Netlify, Cloudflare) send them with a Content-Encoding, and the
// app, its wasm (compiled while it streams in) and the service worker's cache work from them.
test('dist/ served from its precompressed .br/.gz copies runs the app', async () => {
  const server = await serveDist({ precompressed: true });
  try {
    const { context, page, problems } = await openPage(browser);
    await page.goto(`${server.url}?preset=handshake&lang=en`);
    await waitForShell(page);
    assert.equal(await page.locator('.lane--client .lane__label').textContent(), 'Client');
    assert.deepEqual(problems, []);
    const served = [...server.encodings].filter(([path]) => /-[0-9a-f]+(_bg)?\.(wasm|js|css)$/.test(path));
    assert.deepEqual(
      served.map(([path]) => path.split('.').pop()).sort(),
      ['css', 'js', 'wasm'],
      `the hashed files served: ${served.map(([p]) => p)}`,
    );
    for (const [path, encoding] of served) assert.ok(['br', 'gzip'].includes(encoding), `${path} went out as ${encoding}`);
    await context.close();
  } finally {
    await server.close();
  }
});
