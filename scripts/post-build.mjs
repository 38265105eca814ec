// Trunk's post-build hook (Trunk.toml), run on the staging directory before it becomes dist/:
//
// 1. The Content-Security-Policy check: index.html must hold its CSP `<meta>` and, in a release
//    build, no inline script at all (the CSP would block it: the loader is web/pwa/start.js).
//    `trunk serve` (debug) injects an inline script of its own for live reload; a debug build
//    allows exactly that script by its SHA-256 in the CSP, and nothing else.
// 2. The service worker: dist/sw.js from web/pwa/sw.js with this build's id (a hash of every
//    file) and file list (Trunk's hashed names), so that a deploy is a new worker and a new cache.
//    A debug build gets a worker that removes itself and its caches, so `trunk serve` never
//    serves a stale file.
// 3. Precompressed copies (release only): `NAME.gz` (gzip -9) and `NAME.br` (brotli, quality 11,
//    the largest window) beside every hashed wasm, js and css file (scripts/lib/precompress.mjs), for
//    hosts that serve them as they are (nginx `gzip_static`/`brotli_static`, Netlify,
//    Cloudflare Pages: README, "Hosting"). They are not in the worker's file list (the browser
//    asks for `NAME` and the host picks the encoding) and not in the build id (they follow from
//    the files that are). Deterministic: gzip's header carries no name and no time.
//
//   node scripts/post-build.mjs DIR [release|debug]
//
// The end-to-end test of updates runs it on a changed copy of dist/ to make "the next version".
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { precompress } from './lib/precompress.mjs';

const ROOT = join(import.meta.dirname, '..');
const [dir, profile = 'release'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node scripts/post-build.mjs DIR [release|debug]');
  process.exit(2);
}

const fail = (message) => {
  console.error(`post-build: ${message}`);
  process.exit(1);
};

// ---- 1. the CSP ---------------------------------------------------------------------------

const indexPath = join(dir, 'index.html');
let html = await readFile(indexPath, 'utf8');
const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/);
if (!csp) fail('index.html has no Content-Security-Policy <meta>');
// Comments may name a script tag; only elements count.
const elements = html.replace(/<!--[\s\S]*?-->/g, '');
const inline = [...elements.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(
  ([, attrs]) => !/\bsrc=/.test(attrs),
);
if (inline.length > 0) {
  if (profile === 'release') {
    fail(`index.html has ${inline.length} inline script(s); the CSP forbids them:\n${inline[0][0].slice(0, 300)}`);
  }
  const hashes = inline.map(([, , body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`);
  const policy = csp[1].replace(/script-src ([^;]*)/, (_, list) => `script-src ${list} ${hashes.join(' ')}`);
  html = html.replace(csp[0], csp[0].replace(csp[1], policy));
  await writeFile(indexPath, html);
  console.error(`post-build: debug build, the CSP allows ${hashes.length} inline script(s) by hash (trunk serve's live reload)`);
}

// ---- 2. the service worker ------------------------------------------------------------------

// Precompressed copies (part 3), left out of the worker's list and the build id.
const PRECOMPRESSED = /\.(gz|br)$/;

const template = await readFile(join(ROOT, 'web', 'pwa', 'sw.js'), 'utf8');
let worker;
if (profile === 'release') {
  const files = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && e.name !== 'sw.js' && !PRECOMPRESSED.test(e.name))
    .map((e) => e.name)
    .sort();
  const hash = createHash('sha256');
  for (const name of files) {
    hash.update(name).update('\0').update(await readFile(join(dir, name))).update('\0');
  }
  const build = hash.digest('hex').slice(0, 16);
  const assets = ['./', ...files];
  worker = template
    .replace("'__HANDSHAKE_LAB_BUILD__'", JSON.stringify(build))
    .replace("['__HANDSHAKE_LAB_ASSETS__']", JSON.stringify(assets));
  if (worker.includes('__HANDSHAKE_LAB_')) fail('web/pwa/sw.js lost a placeholder');
  console.error(`post-build: sw.js caches build ${build}: ${assets.length} files`);
} else {
  worker = `// A debug build (trunk serve): no offline cache; this worker removes itself and any cache of a
// release build, so the page always loads what was just built.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith('handshake-lab-')) await caches.delete(key);
    await self.registration.unregister();
  })());
});
`;
}
await writeFile(join(dir, 'sw.js'), worker);

// ---- 3. precompressed copies ----------------------------------------------------------------

if (profile === 'release') {
  const written = await precompress(dir);
  if (!written.some((w) => w.name.endsWith('.wasm'))) fail('no hashed .wasm file to precompress');
  for (const { name, raw, gz, br } of written) {
    console.error(`post-build: ${name}: ${raw} B, .gz ${gz} B, .br ${br} B`);
  }
}
