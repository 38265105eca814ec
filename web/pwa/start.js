// Starts Handshake Lab. index.html holds no inline script (its Content-Security-Policy forbids
// them), so this file does what Trunk's inline loader would: it imports the wasm-bindgen module
// and instantiates the wasm whose names Trunk wrote on this script's tag (Trunk.toml,
// `pattern_script`: `data-js`, `data-wasm`). Then it registers the service worker (sw.js, written
// for each build by scripts/post-build.mjs) and tells the app when a new version waits
// (components/update_prompt.rs).

const tag = document.querySelector('script[data-wasm]');

// Until the app mounts: if the wasm cannot be fetched or started, say so instead of loading
// forever. Once the app has replaced #boot, this does nothing.
function failed() {
  const boot = document.getElementById('boot');
  if (!boot) return;
  boot.className = 'boot boot--failed';
  const line = (text, lang) => {
    const p = document.createElement('p');
    if (lang) p.lang = lang;
    p.textContent = text;
    return p;
  };
  const title = line('Handshake Lab');
  title.className = 'boot__title';
  boot.replaceChildren(
    title,
    line('앱을 시작하지 못했습니다. 최신 브라우저에서 페이지를 다시 불러와 주세요.', 'ko'),
    line('The app could not start. Please reload the page in an up-to-date browser.', 'en'),
  );
}
// Capture: a resource that fails to load fires "error" on its element, not on window.
window.addEventListener('error', failed, true);
window.addEventListener('unhandledrejection', failed);

// The panic page's "Reload" (web/src/panic.rs): after a panic the wasm may be dead, and the
// Content-Security-Policy blocks inline handlers, so the click is heard here.
document.addEventListener('click', (e) => {
  if (e.target instanceof Element && e.target.closest('.panic__reload')) location.reload();
});

async function start() {
  const base = document.baseURI;
  const bindings = await import(new URL(tag.dataset.js, base).href);
  await bindings.default({ module_or_path: new URL(tag.dataset.wasm, base).href });
}

// ---- offline: the service worker and "a new version is available" -----------------------------

/** Tells the app that a new version is installed and waiting (it shows the reload prompt). */
function announceUpdate() {
  document.documentElement.dataset.update = 'ready';
  window.dispatchEvent(new Event('handshake-lab:update'));
}

/** Watches `reg` for a new worker; only an update (a page already controlled) is announced. */
function watch(reg) {
  const controlled = () => navigator.serviceWorker.controller !== null;
  const follow = (worker) => {
    if (!worker) return;
    const check = () => {
      if (worker.state === 'installed' && controlled()) announceUpdate();
    };
    check();
    worker.addEventListener('statechange', check);
  };
  if (reg.waiting && controlled()) announceUpdate();
  follow(reg.installing);
  reg.addEventListener('updatefound', () => follow(reg.installing));
  // The app's "Reload": the waiting worker takes over, then the page reloads on the new version.
  window.addEventListener('handshake-lab:reload', () => {
    const waiting = reg.waiting;
    if (!waiting) {
      location.reload();
      return;
    }
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    waiting.postMessage({ type: 'skip-waiting' });
  });
  // A page left open for hours still hears of a deploy (offline, the check just fails quietly).
  setInterval(() => reg.update().catch(() => {}), 60 * 60 * 1000);
}

async function registerWorker() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  try {
    const reg = await navigator.serviceWorker.register(new URL('sw.js', document.baseURI).href);
    watch(reg);
  } catch {
    // No worker (a private window, a host that refuses it): the app works online as before.
  }
}

start().then(registerWorker, (e) => {
  failed();
  throw e;
});
