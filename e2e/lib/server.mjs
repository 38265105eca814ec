// A static file server for the release build, on 127.0.0.1 and a free port, like any static
// host: `dist/` is served under `base` ("/" or a sub-path such as "/handshake-lab/"), and
// everything outside it is a 404. With `precompressed`, it answers like nginx's
// `brotli_static`/`gzip_static`: `NAME.br` or `NAME.gz` when it exists and the browser accepts
// that encoding (scripts/post-build.mjs writes them).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
// E2E_DIST: test another build (a teammate's private `trunk build --dist …`).
export const DIST = process.env.E2E_DIST || join(ROOT, 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves `dir` under `base` (on `port`, a free one when 0); resolves to `{ url, port, close,
 * encodings }`, `url` ending in `base`, `encodings` the Content-Encoding each path was last
 * served with (`identity` when none). */
export async function serveDist({ dir = DIST, base = '/', port: wanted = 0, precompressed = false } = {}) {
  const encodings = new Map();
  if (!base.startsWith('/') || !base.endsWith('/')) throw new Error(`base must start and end with /: ${base}`);
  await stat(join(dir, 'index.html')).catch(() => {
    throw new Error(`${dir}/index.html is missing: build it with \`trunk build --release\` (scripts/test does)`);
  });
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    if (path === base.slice(0, -1)) {
      // Like GitHub Pages: /handshake-lab → /handshake-lab/
      res.writeHead(301, { location: base }).end();
      return;
    }
    if (!path.startsWith(base)) {
      res.writeHead(404).end('not found');
      return;
    }
    let rel = path.slice(base.length) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(dir, rel));
    if (!file.startsWith(dir + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
      let body;
      if (precompressed) {
        headers.vary = 'accept-encoding';
        const accepted = String(req.headers['accept-encoding'] ?? '');
        for (const [encoding, ext] of [
          ['br', '.br'],
          ['gzip', '.gz'],
        ]) {
          if (body || !new RegExp(`\\b${encoding}\\b`).test(accepted)) continue;
          body = await readFile(file + ext).catch(() => undefined);
          if (body) headers['content-encoding'] = encoding;
        }
      }
      body ??= await readFile(file);
      encodings.set(path, headers['content-encoding'] ?? 'identity');
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((ok) => server.listen(wanted, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${base}`,
    port,
    encodings,
    // Also ends kept-alive connections, so the port is free at once and the server is gone.
    close: () =>
      new Promise((ok) => {
        server.close(ok);
        for (const socket of sockets) socket.destroy();
      }),
  };
}
