// Comparing two PNG screenshots pixel by pixel in the browser (no image library in node): the
// number of pixels that differ and their bounding box.
import { readFile } from 'node:fs/promises';

/** `{ width, height, differ, box }` of two PNGs (buffers or paths), decoded by a canvas in a blank
 * page of `browser` (the app's own page would refuse data: images: its CSP). */
export async function pixelDiff(browser, a, b) {
  const url = async (x) => `data:image/png;base64,${(typeof x === 'string' ? await readFile(x) : x).toString('base64')}`;
  const page = await browser.newPage();
  const result = await page.evaluate(
    async ([ua, ub]) => {
      const load = (src) =>
        new Promise((ok, fail) => {
          const img = new Image();
          img.onload = () => ok(img);
          img.onerror = fail;
          img.src = src;
        });
      const pixels = (img) => {
        const c = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
        const g = c.getContext('2d');
        g.drawImage(img, 0, 0);
        return g.getImageData(0, 0, c.width, c.height);
      };
      const [ia, ib] = await Promise.all([load(ua), load(ub)]);
      if (ia.naturalWidth !== ib.naturalWidth || ia.naturalHeight !== ib.naturalHeight) {
        return { width: ia.naturalWidth, height: ia.naturalHeight, other: [ib.naturalWidth, ib.naturalHeight], differ: -1 };
      }
      const [pa, pb] = [pixels(ia), pixels(ib)];
      let differ = 0;
      const box = { left: Infinity, top: Infinity, right: -1, bottom: -1 };
      for (let i = 0; i < pa.data.length; i += 4) {
        if (pa.data[i] !== pb.data[i] || pa.data[i + 1] !== pb.data[i + 1] || pa.data[i + 2] !== pb.data[i + 2] || pa.data[i + 3] !== pb.data[i + 3]) {
          differ++;
          const x = (i / 4) % pa.width;
          const y = Math.floor(i / 4 / pa.width);
          box.left = Math.min(box.left, x);
          box.top = Math.min(box.top, y);
          box.right = Math.max(box.right, x);
          box.bottom = Math.max(box.bottom, y);
        }
      }
      return { width: pa.width, height: pa.height, differ, box };
    },
    [await url(a), await url(b)],
  );
  await page.close();
  return result;
}
