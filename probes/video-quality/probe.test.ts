import { describe, expect, it } from 'vitest';
import { loadRawFixture } from '../../test/support/fixtures.js';
import { statusOf } from '../types.js';
import { DEFAULT_THRESHOLDS, evaluateVideoQuality, videoQualityProbe } from './probe.js';
import type { VideoQualityRaw } from './types.js';

const load = (name: string) => loadRawFixture<VideoQualityRaw>('video-quality', name);
const messages = (raw: VideoQualityRaw) => evaluateVideoQuality(raw).findings.map((f) => `${f.severity}: ${f.message}`);
/** A recording judged by today's default thresholds (the page echoes the params it ran with). */
const withDefaults = (raw: VideoQualityRaw): VideoQualityRaw => ({ ...raw, thresholds: DEFAULT_THRESHOLDS });

describe('video-quality on recorded calls', () => {
  it('Chromium on loopback: every frame read and judged, PSNR above the floor, no freezes, the three series', () => {
    const verdict = evaluateVideoQuality(load('chromium-adapter-off.json'));
    expect(statusOf(verdict)).toBe('pass');
    expect(verdict.metrics['psnrDb']).toBeGreaterThan(DEFAULT_THRESHOLDS.minPsnrDb);
    expect(verdict.metrics['freezeCount']).toBe(0);
    expect(verdict.metrics['receivedFps']).toBeGreaterThan(25);
    expect(verdict.series?.map((s) => s.name)).toEqual(['received frames', 'analysed frames', 'per second']);
  });

  it('behind a 400 kbit/s cap the picture is worse than on loopback, in both browsers (PSNR, resolution or frame rate)', () => {
    for (const browser of ['chromium', 'firefox']) {
      const free = evaluateVideoQuality(load(`${browser}-adapter-off.json`)).metrics;
      const capped = evaluateVideoQuality(load(`${browser}-bandwidth-400kbit.json`)).metrics;
      const worse =
        capped['psnrDb']! < free['psnrDb']! || capped['receivedHeight']! < free['receivedHeight']! || capped['receivedFps']! < free['receivedFps']! * 0.8;
      expect(worse, `${browser}: ${JSON.stringify({ free, capped })}`).toBe(true);
    }
  });

  it('Chromium at 2 fps behind the cap: the default frame-rate floor warns, and getStats counting freezes the frames do not is a finding', () => {
    const verdict = evaluateVideoQuality(withDefaults(load('chromium-bandwidth-400kbit.json')));
    const text = verdict.findings.map((f) => f.message).join('\n');
    expect(text).toMatch(/[\d.]+ fps received, below 15 fps/);
    expect(text).toMatch(/getStats disagrees on freezes: freezeCount \d+, the frames show 0/);
  });

  it.each(['chromium', 'firefox'])('%s: a sender that stops drawing fails as frozen, noticed live within 1 s', (browser) => {
    const raw = load(`${browser}-frozen-source.json`);
    const verdict = evaluateVideoQuality(raw);
    expect(statusOf(verdict)).toBe('fail');
    expect(messages(raw).join('\n')).toMatch(/fail: frozen \d+ ms in 1 freeze/);
    expect(verdict.metrics['freezeDetectMs']).toBeLessThanOrEqual(1000);
    expect(verdict.series?.[0]?.annotations?.at(-1)?.label).toMatch(/^freeze \d+ ms \(until the end\)$/);
  });

  it.each(['chromium', 'firefox'])('%s: a black source fails as black, every frame of it', (browser) => {
    const verdict = evaluateVideoQuality(load(`${browser}-black-source.json`));
    expect(statusOf(verdict)).toBe('fail');
    expect(verdict.metrics['blackFrames']).toBe(verdict.metrics['receivedFrames']);
    expect(verdict.metrics['psnrDb']).toBeUndefined();
  });

  it('a third of the frames black is the limit: one frame more fails', () => {
    const raw = load('chromium-adapter-off.json');
    const n = raw.frames.black.length;
    const blackening = (count: number) => ({ ...raw, frames: { ...raw.frames, black: raw.frames.black.map((_, i) => (i < count ? 1 : 0)) } });
    const limit = Math.floor(n / 3);
    expect(messages(blackening(limit)).some((m) => m.startsWith('fail: black'))).toBe(false);
    expect(messages(blackening(limit + 1)).some((m) => m.startsWith('fail: black'))).toBe(true);
  });

  it('a freeze inside the warm-up is reported, not judged (getStats, counting the whole call, is still checked against it); the same freeze after it warns', () => {
    const raw = load('chromium-adapter-off.json');
    const first = raw.frames.t[0]!;
    /** Drops the frames shown in [from, from + 500 ms): a 500 ms freeze there. */
    const gapAt = (from: number): VideoQualityRaw => {
      const keep = raw.frames.t.map((t) => t < from || t >= from + 500);
      const frames = Object.fromEntries(
        Object.entries(raw.frames).map(([k, column]) => [k, (column as unknown[]).filter((_, i) => keep[i])]),
      ) as unknown as VideoQualityRaw['frames'];
      return { ...raw, frames, pageStalls: [] };
    };
    expect(messages(gapAt(first + 500)).join('\n')).toMatch(/start-up, not judged: .* 1 freeze\(s\)/);
    expect(messages(gapAt(first + 500)).filter((m) => /^(warn|fail): \d+ freeze/.test(m))).toEqual([]);
    expect(messages(gapAt(first + 500))).toContainEqual(
      expect.stringMatching(/^warn: getStats disagrees on frozen time: totalFreezesDuration 0 ms, the frames show \d+ ms/),
    );
    expect(messages(gapAt(first + 4000))).toContainEqual(expect.stringMatching(/^warn: 1 freeze\(s\), \d+ ms in all$/));
  });

  it('the drill-down tables read the raw data, and give nothing for a malformed one', () => {
    const tables = videoQualityProbe.tables!(load('chromium-frozen-source.json'));
    expect(tables.map((t) => t.title)).toEqual([expect.stringMatching(/^Freezes/), 'getStats against the frames (whole call)']);
    expect(tables[0]!.rows.at(-1)).toEqual([expect.any(String), expect.any(String), 'no (until the end)', 'yes']);
    expect(videoQualityProbe.tables!({ frames: 'nonsense', source: {} })).toEqual([]);
    expect(videoQualityProbe.tables!(null)).toEqual([]);
  });

  it('the key figure says PSNR, rate and delay, or what is wrong first', () => {
    expect(videoQualityProbe.keyFigure!(evaluateVideoQuality(load('chromium-adapter-off.json')).metrics)).toMatch(/^PSNR [\d.]+ dB · [\d.]+ fps · [\d.]+ ms$/);
    expect(videoQualityProbe.keyFigure!(evaluateVideoQuality(load('chromium-black-source.json')).metrics)).toMatch(/^black \(\d+ frames\)$/);
  });
});
