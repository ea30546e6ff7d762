import { describe, expect, it } from 'vitest';
import { objectSeriesSet, type RawObject } from './internalsSeries.js';

const iso = (ms: number) => ms;
const object = (fields: Record<string, [number, number, unknown[]]>, statsType = 'remote-inbound-rtp'): RawObject => ({
  statsType,
  fields: new Map(Object.entries(fields).map(([name, [startMs, endMs, values]]) => [name, { startMs: iso(startMs), endMs: iso(endMs), values }])),
});

describe('objectSeriesSet (webrtc-internals series back on one axis)', () => {
  it("uses the object's own timestamp field as the axis and places a field that appeared later on the last points", () => {
    const set = objectSeriesSet(
      'pc/RIV1',
      object({ timestamp: [1000, 4000, [1000, 2000, 3000, 4000]], packetsLost: [1000, 4000, [0, 1, 1, 2]], roundTripTime: [3000, 4000, [0.02, 0.03]] }),
    )!;
    expect(set.t).toEqual([1000, 2000, 3000, 4000]);
    expect(set.series).toEqual({ packetsLost: [0, 1, 1, 2], roundTripTime: [null, null, 0.02, 0.03] });
    expect(set.statsType).toBe('remote-inbound-rtp');
  });

  it('keeps the last of samples with the same timestamp (remote stats repeat theirs until the next RTCP report)', () => {
    const set = objectSeriesSet('pc/RIA1', object({ timestamp: [1000, 5000, [1000, 1000, 1000, 5000]], fractionLost: [1000, 5000, [0, 0, 0.1, 0.2]] }))!;
    expect(set.t).toEqual([1000, 5000]);
    expect(set.series['fractionLost']).toEqual([0.1, 0.2]);
  });

  it('without a timestamp field, spaces the longest field evenly between its first and last time', () => {
    const set = objectSeriesSet('pc/X', object({ a: [0, 3000, [1, 2, 3, 4]], b: [0, 3000, [5, 6, 7, 8]] }))!;
    expect(set.t).toEqual([0, 1000, 2000, 3000]);
    expect(set.series['b']).toEqual([5, 6, 7, 8]);
  });

  it('places a field with other times (it stopped earlier) at the nearest points in time', () => {
    const set = objectSeriesSet('pc/X', object({ timestamp: [0, 3000, [0, 1000, 2000, 3000]], early: [0, 1000, [7, 8]] }))!;
    expect(set.series['early']).toEqual([7, 8, null, null]);
  });

  it('turns text, booleans and junk numbers into labels or nulls; nothing numeric is dropped', () => {
    const set = objectSeriesSet(
      'pc/X',
      object({
        timestamp: [0, 1000, [0, 1000]],
        kind: [0, 1000, ['video', 'video']],
        active: [0, 1000, [true, false]],
        odd: [0, 1000, ['NaN', '12.5']],
        huge: [0, 1000, [1e308, 'Infinity']],
        type: [0, 1000, ['x', 'x']],
      }),
    )!;
    expect(set.labels).toEqual({ kind: 'video', active: 'false' });
    expect(set.series).toEqual({ odd: [null, 12.5], huge: [1e308, null] });
  });

  it('is undefined when no field has usable times', () => {
    expect(objectSeriesSet('pc/X', object({ a: [Number.NaN, Number.NaN, [1, 2]] }))).toBeUndefined();
  });
});
