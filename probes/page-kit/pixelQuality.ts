// Picture measures on luma, the way video quality tools compute them: PSNR (peak 255) and
// SSIM (Wang et al. 2004, constants K1 0.01 and K2 0.03) over 8x8 windows, plus the black-frame
// test. Pure and browser-safe: pages run it on getImageData pixels, unit tests on plain arrays.
import type { LumaImage } from './frameMark.js';

/** BT.601 luma of RGBA pixels (canvas ImageData), rows `fromRow`..end: the picture quality skips the mark strip. */
export function lumaOf(rgba: ArrayLike<number>, width: number, height: number, fromRow = 0): LumaImage {
  const rows = height - fromRow;
  const data = new Uint8Array(width * rows);
  let o = fromRow * width * 4;
  for (let i = 0; i < data.length; i++, o += 4) data[i] = (rgba[o]! * 77 + rgba[o + 1]! * 150 + rgba[o + 2]! * 29) >> 8;
  return { width, height: rows, data };
}

/** PSNR in dB of `b` against the reference `a` (same size); 100 for identical pictures. */
export function psnr(a: LumaImage, b: LumaImage): number {
  let sum = 0;
  const n = a.width * a.height;
  for (let i = 0; i < n; i++) {
    const d = a.data[i]! - b.data[i]!;
    sum += d * d;
  }
  if (sum === 0) return 100;
  return 10 * Math.log10((255 * 255) / (sum / n));
}

const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;
const WINDOW = 8;

/** Mean SSIM over non-overlapping 8x8 windows (a partial window at the edge is left out). */
export function ssim(a: LumaImage, b: LumaImage): number {
  let total = 0;
  let windows = 0;
  const area = WINDOW * WINDOW;
  for (let wy = 0; wy + WINDOW <= a.height; wy += WINDOW) {
    for (let wx = 0; wx + WINDOW <= a.width; wx += WINDOW) {
      let sa = 0;
      let sb = 0;
      let saa = 0;
      let sbb = 0;
      let sab = 0;
      for (let y = wy; y < wy + WINDOW; y++) {
        for (let i = y * a.width + wx, end = i + WINDOW; i < end; i++) {
          const va = a.data[i]!;
          const vb = b.data[i]!;
          sa += va;
          sb += vb;
          saa += va * va;
          sbb += vb * vb;
          sab += va * vb;
        }
      }
      const ma = sa / area;
      const mb = sb / area;
      const va = saa / area - ma * ma;
      const vb = sbb / area - mb * mb;
      const cov = sab / area - ma * mb;
      total += ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
      windows++;
    }
  }
  return windows ? total / windows : 1;
}

/** Mean luma at or below which a picture is black (video-range black is 16; codecs wander a little). */
export const BLACK_MEAN_LUMA = 24;
/** And no pixel brighter than this: a dark scene with a light in it is not black. */
export const BLACK_MAX_LUMA = 60;

export function isBlack(image: LumaImage): boolean {
  let sum = 0;
  let max = 0;
  const n = image.width * image.height;
  for (let i = 0; i < n; i++) {
    const v = image.data[i]!;
    sum += v;
    if (v > max) max = v;
  }
  return n > 0 && sum / n <= BLACK_MEAN_LUMA && max <= BLACK_MAX_LUMA;
}
