// Precompressed copies: `NAME.gz` (gzip -9) and `NAME.br` (brotli, quality 11, the largest
// window) beside every file Trunk names with a hash (`…-<hash>_bg.wasm`, `…-<hash>.js`,
// `…-<hash>.css`), with node's own zlib. Deterministic: gzip's header carries no name and no time.
// scripts/post-build.mjs writes them for a release build of the app; bench/browser.mjs for the
// floor, so that both sites are measured as a host that serves such copies sends them.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Trunk's hashed names (start.js and sw.js keep their names and are left as they are). */
export const HASHED = /-[0-9a-f]+(_bg)?\.(wasm|js|css)$/;

/** Writes the copies beside each hashed file of `dir`; returns `{ name, raw, gz, br }` for each. */
export async function precompress(dir) {
  const names = (await readdir(dir)).filter((name) => HASHED.test(name)).sort();
  const written = [];
  for (const name of names) {
    const bytes = await readFile(join(dir, name));
    const gz = gzipSync(bytes, { level: 9 });
    const br = brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_MODE]: name.endsWith('.wasm') ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
    await writeFile(join(dir, `${name}.gz`), gz);
    await writeFile(join(dir, `${name}.br`), br);
    written.push({ name, raw: bytes.length, gz: gz.length, br: br.length });
  }
  return written;
}
