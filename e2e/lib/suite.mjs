// What every end-to-end file needs around its tests: the release dist/ served and one headless
// Chromium, started before the file's first test and closed after its last.
import { after, before } from 'node:test';
import { launch } from './browser.mjs';
import { serveDist } from './server.mjs';

/**
 * Registers the file's `before` and `after` hooks; the returned object's `server` (`.url`) and
 * `browser` are set once `before` has run, so tests read them as `app.server`, `app.browser`.
 */
export function servedApp() {
  const app = { server: undefined, browser: undefined };
  before(async () => {
    app.server = await serveDist();
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}
