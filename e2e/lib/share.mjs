// Helpers for issue 11's end-to-end tests: the Share menu (copy link, exports, open a file), hand-
// made share links, and the command-line tool that reads the same links.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { deflateRawSync } from 'node:zlib';
import { ROOT } from './server.mjs';

/** A share link's fragment (`x1.…`) for a link document (docs/link-format.md), made as the core
 * makes it: raw deflate, then URL-safe base64 without padding. */
export function linkOf(doc, version = 1) {
  const json = typeof doc === 'string' ? doc : JSON.stringify(doc);
  return `x${version}.${deflateRawSync(Buffer.from(json, 'utf8'), { level: 9 }).toString('base64url')}`;
}

/** The link whose payload inflates to `bytes` bytes of spaces (a decompression bomb). */
export function bombLink(bytes) {
  return `x1.${deflateRawSync(Buffer.alloc(bytes, 0x20), { level: 9 }).toString('base64url')}`;
}

/** Opens the Share menu. */
export async function openShareMenu(page) {
  const details = page.locator('.share-menu__details');
  if ((await details.getAttribute('open')) === null) await page.locator('.share-menu__summary').click();
  await page.locator('.share-menu__panel').waitFor();
}

/** Exports the run as `key` (`svg`, `png`, `jsonl`, `pcap`…) from the Share menu; resolves to
 * `{ name, bytes }` of the download. */
export async function exportFile(page, key) {
  await openShareMenu(page);
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 20_000 }),
    page.locator(`.share-menu__item[data-export="${key}"]`).click(),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

/** Copies the share link with the key `l`; resolves to the link the notice shows. */
export async function copyLink(page) {
  await page.keyboard.press('l');
  const field = page.locator('.notice__link');
  await field.waitFor({ timeout: 10_000 });
  return field.inputValue();
}

/** Takes the keyboard from any field, so the next key is a shortcut. */
export async function blur(page) {
  await page.evaluate(() => document.activeElement?.blur());
}

const run = promisify(execFile);

/** `handshake-cli run --link LINK ARGS…` (built by cargo when needed); resolves to its stdout. */
export async function cli(link, ...args) {
  const { stdout } = await run('cargo', ['run', '-q', '-p', 'handshake-cli', '--', 'run', '--link', link, ...args], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}
