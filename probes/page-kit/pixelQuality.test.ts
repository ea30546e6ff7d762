import { describe, expect, it } from 'vitest';
import type { LumaImage } from './frameMark.js';
import { isBlack, lumaOf, psnr, ssim } from './pixelQuality.js';

const image = (width: number, height: number, f: (x: number, y: number) => number): LumaImage => {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y);
  return { width, height, data };
};
const texture = (x: number, y: number) => (x * 37 + y * 91 + ((x * y) % 17) * 5) % 256;

describe('PSNR', () => {
  it('is 100 dB for identical pictures and 10·log10(255²/MSE) otherwise', () => {
    const a = image(16, 16, texture);
    expect(psnr(a, a)).toBe(100);
    // Every pixel off by 5: MSE 25 -> 34.15 dB.
    const b = image(16, 16, (x, y) => texture(x, y) + 5);
    expect(psnr(a, b)).toBeCloseTo(10 * Math.log10((255 * 255) / 25), 6);
    expect(psnr(a, b)).toBeCloseTo(34.15, 2);
  });
});

describe('SSIM', () => {
  it('is 1 for identical pictures and falls with noise, and further with more', () => {
    const a = image(64, 64, texture);
    expect(ssim(a, a)).toBeCloseTo(1, 10);
    let seed = 7;
    const noise = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed / 0x7fffffff) * 2 - 1;
    };
    const light = image(64, 64, (x, y) => texture(x, y) + noise() * 10);
    const heavy = image(64, 64, (x, y) => texture(x, y) + noise() * 60);
    expect(ssim(a, light)).toBeLessThan(1);
    expect(ssim(a, light)).toBeGreaterThan(0.95);
    expect(ssim(a, heavy)).toBeLessThan(ssim(a, light) - 0.05);
  });

  it('on one 8x8 window equals the formula of Wang et al. (C1 = (0.01·255)², C2 = (0.03·255)²)', () => {
    const a = image(8, 8, (x, y) => x * 10 + y);
    const b = image(8, 8, (x) => 200 - x * 5);
    const mean = (img: LumaImage) => Array.from(img.data).reduce((s, v) => s + v, 0) / 64;
    const ma = mean(a);
    const mb = mean(b);
    let va = 0;
    let vb = 0;
    let cov = 0;
    for (let i = 0; i < 64; i++) {
      va += (a.data[i]! - ma) ** 2 / 64;
      vb += (b.data[i]! - mb) ** 2 / 64;
      cov += ((a.data[i]! - ma) * (b.data[i]! - mb)) / 64;
    }
    const c1 = (0.01 * 255) ** 2;
    const c2 = (0.03 * 255) ** 2;
    const expected = ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
    expect(ssim(a, b)).toBeCloseTo(expected, 9);
    expect(expected).toBeLessThan(0);
  });
});

describe('luma and black', () => {
  it('BT.601 luma of RGBA, skipping rows above fromRow', () => {
    const rgba = [255, 255, 255, 255, 255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255];
    expect(Array.from(lumaOf(rgba, 2, 2).data)).toEqual([255, 76, 149, 28]);
    expect(lumaOf(rgba, 2, 2, 1)).toMatchObject({ width: 2, height: 1 });
    expect(Array.from(lumaOf(rgba, 2, 2, 1).data)).toEqual([149, 28]);
  });

  it('black: a dark picture with codec noise is black; a dark picture with anything bright in it, or a grey one, is not', () => {
    expect(isBlack(image(32, 32, (x, y) => 16 + ((x + y) % 5)))).toBe(true);
    expect(isBlack(image(32, 32, (x, y) => (x === 5 && y === 5 ? 200 : 10)))).toBe(false);
    expect(isBlack(image(32, 32, () => 40))).toBe(false);
  });
});
