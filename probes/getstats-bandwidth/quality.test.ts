import { describe, expect, it } from 'vitest';
import { estimateMos, mosFromR, rFactor } from './quality.js';

describe('MOS estimate (simplified E-model)', () => {
  it('a perfect network gives the top of the narrowband scale', () => {
    expect(rFactor(0, 0, 0)).toBeCloseTo(92.95, 2);
    expect(mosFromR(93.2)).toBe(4.41);
    expect(estimateMos(0, 0, 0)).toBe(4.4);
  });

  it('delay hurts slowly below 160 ms effective latency and fast above it', () => {
    expect(estimateMos(100, 5, 0)).toBeGreaterThan(4.3);
    expect(estimateMos(600, 20, 0)).toBeLessThan(estimateMos(200, 20, 0));
    expect(rFactor(400, 0, 0)).toBeCloseTo(93.2 - (210 - 120) / 10, 5);
  });

  it('loss costs 2.5 R points per percent; heavy loss ends at MOS 1', () => {
    expect(rFactor(0, 0, 4) - rFactor(0, 0, 0)).toBeCloseTo(-10, 5);
    expect(estimateMos(0, 0, 40)).toBe(1);
  });
});
