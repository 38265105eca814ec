// Issue 11 item 7: the Content-Security-Policy of index.html is in force and the app works under
// it. The built page has no inline script; the app plays the handshake with no violation
// reported; a script or an inline handler put into the page is blocked, and so is eval.
// Screenshot: target/e2e/csp-app.png.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { screenshot } from './lib/browser.mjs';
import { openLab, waitForStates } from './lib/lab.mjs';
import { DIST } from './lib/server.mjs';
import { servedApp } from './lib/suite.mjs';

const app = servedApp();

/** The policy's directives as a map: `script-src` → [`'self'`, …]. */
function directives(policy) {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe('issue 11: Content-Security-Policy', () => {
  test('the built page states a strict policy and holds no inline script', async () => {
    const html = await readFile(join(DIST, 'index.html'), 'utf8');
    const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/);
    assert.ok(meta, 'no CSP <meta>');
    const csp = directives(meta[1]);
    assert.deepEqual(csp.get('default-src'), ["'self'"]);
    assert.deepEqual(csp.get('script-src'), ["'self'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(csp.get('style-src-elem'), ["'self'"], 'no <style> element or foreign stylesheet');
    assert.deepEqual(csp.get('connect-src'), ["'self'"]);
    assert.deepEqual(csp.get('object-src'), ["'none'"]);
    const scripts = [...html.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length >= 1);
    for (const [whole, attrs, body] of scripts) {
      assert.match(attrs, /\bsrc="\.\/start\.js"/, whole);
      assert.equal(body.trim(), '', whole);
    }
    assert.doesNotMatch(html, /\son[a-z]+="/i, 'an inline event handler');
  });

  test('the app works under it, and what it forbids is blocked', async () => {
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&lang=en&speed=4', {});
    // Collected from before the page's first script: every violation the page reports.
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await page.reload();
    await page.locator('.stage .lane--server').waitFor();
    await page.keyboard.press('Space');
    await waitForStates(page, 'ESTABLISHED', 'ESTABLISHED');
    // The ladder, the capsules and the countdowns are placed with style attributes: allowed
    // by style-src-attr, so they are where they belong.
    const placed = await page.locator('.seg-label').first().evaluate((el) => el.getBoundingClientRect().top > 0);
    assert.ok(placed);
    await screenshot(page, 'csp-app');
    assert.deepEqual(await page.evaluate(() => window.__violations), [], 'the app itself violates the policy');
    assert.deepEqual(problems, [], 'console errors while the app ran');

    // Now what the policy is for. Each attempt must be reported and must not run.
    const blocked = await page.evaluate(async () => {
      const seen = () => window.__violations.length;
      const wait = (n) =>
        new Promise((ok) => {
          const t = setInterval(() => {
            if (seen() >= n) {
              clearInterval(t);
              ok();
            }
          }, 10);
          setTimeout(() => {
            clearInterval(t);
            ok();
          }, 2000);
        });
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.body.append(script);
      await wait(1);
      const img = document.createElement('div');
      img.innerHTML = '<img src="icon.svg" onload="window.__handlerRan = true">';
      document.body.append(img);
      await wait(2);
      let evaled;
      try {
        evaled = eval('"eval ran"');
      } catch (e) {
        evaled = e.name;
      }
      await wait(3);
      const other = await fetch('https://example.org/').then(
        () => 'fetched',
        (e) => e.name,
      );
      await wait(4);
      return {
        inline: window.__inlineRan ?? false,
        handler: window.__handlerRan ?? false,
        evaled,
        other,
        violations: window.__violations,
      };
    });
    assert.equal(blocked.inline, false, 'an inline script ran');
    assert.equal(blocked.handler, false, 'an inline event handler ran');
    assert.equal(blocked.evaled, 'EvalError', 'eval ran');
    assert.equal(blocked.other, 'TypeError', 'a request to another origin was made');
    assert.ok(blocked.violations.some((v) => /^script-src(-elem)? inline$/.test(v)), blocked.violations.join(' | '));
    assert.ok(blocked.violations.some((v) => /^script-src(-attr)? inline$/.test(v)), blocked.violations.join(' | '));
    assert.ok(blocked.violations.some((v) => /^script-src eval$/.test(v)), blocked.violations.join(' | '));
    assert.ok(blocked.violations.some((v) => /^connect-src https:\/\/example\.org/.test(v)), blocked.violations.join(' | '));
    // The app is still fine.
    assert.equal(await page.locator('.lane__state-name').first().textContent(), 'ESTABLISHED');
    await context.close();
  });

  test("the panic page's Reload reloads under the policy", async () => {
    // web/src/panic.rs puts a `button.panic__reload` in place of the page; it has no inline
    // handler (the policy would block it: a panic once left a Reload that did nothing), and
    // start.js hears the click. The same button, put in place of the page here.
    const { context, page, problems } = await openLab(app.browser, app.server, '?preset=handshake&lang=en');
    await page.evaluate(() => {
      window.__beforeReload = true;
      const reload = document.createElement('button');
      reload.type = 'button';
      reload.className = 'panic__reload';
      reload.textContent = '다시 불러오기 / Reload';
      document.body.replaceChildren(reload);
    });
    await Promise.all([page.waitForEvent('load'), page.locator('.panic__reload').click()]);
    await page.locator('.stage .lane--server').waitFor();
    assert.equal(await page.evaluate(() => window.__beforeReload ?? false), false, 'the page was not reloaded');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
