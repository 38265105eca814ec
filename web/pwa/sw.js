// Handshake Lab's service worker: this build's files, cached under one name per build, so the
// app loads with no network after the first visit, and one version is never mixed with another.
// scripts/post-build.mjs writes the build's id and file list below (into dist/sw.js; this file
// is its template). A new deploy changes them, so the browser installs the new worker beside the
// running one; it waits until the page's "Reload" (components/update_prompt.rs) sends
// `skip-waiting`, then takes over and deletes the older caches. Requests to other origins are
// never made by the app and are left alone.

const BUILD = '__HANDSHAKE_LAB_BUILD__';
const ASSETS = ['__HANDSHAKE_LAB_ASSETS__'];
const PREFIX = 'handshake-lab-';
const CACHE = PREFIX + BUILD;
const SCOPE = new URL(self.registration.scope);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // `reload`: from the server, not from the HTTP cache (which may hold another build's files).
      cache.addAll(ASSETS.map((a) => new Request(new URL(a, SCOPE), { cache: 'reload' }))),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
});

/** The app's page: its address with any query (`?present=1`) or fragment (`#x1.…`). */
function isPage(url) {
  return url.pathname === SCOPE.pathname || url.pathname === SCOPE.pathname + 'index.html';
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  const key = request.mode === 'navigate' && isPage(url) ? new URL('./', SCOPE).href : request;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key, { ignoreSearch: true }))
      .then((hit) => hit || fetch(request)),
  );
});
