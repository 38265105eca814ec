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
