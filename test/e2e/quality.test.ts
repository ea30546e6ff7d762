// video-quality and audio-quality on real networks (root: scenarios build namespaces) and on
// sources that must fail. The truths are directions within one run, not absolute numbers: the
// machine is shared, so what a 400 kbit/s cap does is judged against the open network measured
// beside it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProbeResult, RunResults } from '../../core/results.js';
import { LAUNCHERS } from '../../harness/launchers/index.js';
import { runMatrix } from '../../harness/runner.js';
import { ReporterMultiplexer } from '../../reports/index.js';
import { startCli } from '../support/cli.js';
import { videoQualityWithSource } from '../support/qualitySources.js';
import type { ProbeSpec } from '../../probes/types.js';
import { DEFAULT_THRESHOLDS, videoQualityProbe } from '../../probes/video-quality/probe.js';
import type { CameraCheckParams, VideoQualityRaw } from '../../probes/video-quality/types.js';

/** Floors and ceilings for an open network, with room for a loaded 2-core machine (seen: PSNR 27-32 dB, delay 40-145 ms). */
const OPEN_MIN_PSNR_DB = 25;
const OPEN_MAX_GLASS_TO_GLASS_MS = 400;
const OPEN_MAX_AUDIO_DELAY_MS = 400;
/** The sender's encoder CPU-limited for this share of the call: the machine, not the network, decides freezes. */
const CPU_STARVED_PCT = 20;
/** The page's main thread stalled this long in all: the browser's process did not get the CPU. */
const PAGE_STALLED_MS = 100;

async function runScenario(scenario: string, browsers: string[], probes: string[]): Promise<RunResults> {
  const dir = mkdtempSync(join(tmpdir(), `wh-e2e-quality-${scenario}-`));
  const { stderr } = await startCli(['run', ...browsers.flatMap((b) => ['-b', b]), ...probes.flatMap((p) => ['-p', p]), '--scenario', scenario, '-o', dir])
    .done;
  expect(stderr).not.toMatch(/teardown:/);
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
}

const pick = (run: RunResults, browser: string, probe: string): ProbeResult => {
  const result = run.results.find((r) => r.browser.name === browser && r.probe === probe);
  expect(result?.raw, `${browser} ${probe}: ${result?.reason}`).toBeDefined();
  return result!;
};
const metric = (r: ProbeResult, name: string) => r.metrics[name] ?? Number.NaN;
const messages = (r: ProbeResult) => r.findings.map((f) => `${f.severity}: ${f.message}`).join('\n');

describe('video and audio quality on real networks', () => {
  let open: RunResults;
  beforeAll(async () => {
    open = await runScenario('open', ['chromium', 'firefox'], ['video-quality', 'audio-quality']);
  }, 240_000);

  it.each(['chromium', 'firefox'])('open, %s: no freezes, PSNR above the floor, delay below the ceiling', (browser) => {
    const video = pick(open, browser, 'video-quality');
    // A call starved of CPU freezes on any network: then the open network is not what is measured,
    // and only the picture's floor and the delay are asserted. Starved: the sending encoder says it
    // was CPU-limited (Chromium's qualityLimitationDurations), or the page itself stalled (both
    // browsers; seen here at load averages of 15-28 on 2 cores, never on a quiet machine).
    const starved = metric(video, 'senderCpuLimitedPct') >= CPU_STARVED_PCT || metric(video, 'pageStalledMs') >= PAGE_STALLED_MS;
    if (!starved) expect(metric(video, 'freezeCount'), messages(video)).toBe(0);
    expect(metric(video, 'blackFrames')).toBe(0);
    expect(metric(video, 'psnrDb')).toBeGreaterThanOrEqual(OPEN_MIN_PSNR_DB);
    expect(metric(video, 'glassToGlassMs')).toBeLessThanOrEqual(OPEN_MAX_GLASS_TO_GLASS_MS);
    expect(video.series?.map((s) => s.name)).toEqual(['received frames', 'analysed frames', 'per second']);
  });

  it('open: the bursts arrive whole in Chromium and in Firefox (whose WebAudio runs on its private PulseAudio)', () => {
    const chromium = pick(open, 'chromium', 'audio-quality');
    expect(metric(chromium, 'missingBursts'), messages(chromium)).toBe(0);
    expect(metric(chromium, 'audioDelayMs')).toBeLessThanOrEqual(OPEN_MAX_AUDIO_DELAY_MS);
    // Chromium's fake microphone beeps at full scale: the check must say it clips.
    expect(metric(chromium, 'clippedRuns')).toBeGreaterThan(0);
    const firefox = pick(open, 'firefox', 'audio-quality');
    expect(firefox.status, firefox.reason).not.toBe('skip');
    expect(metric(firefox, 'micRmsDb'), messages(firefox)).toBeLessThan(0);
    expect(metric(firefox, 'missingBursts'), messages(firefox)).toBe(0);
    expect(metric(firefox, 'audioDelayMs')).toBeLessThanOrEqual(OPEN_MAX_AUDIO_DELAY_MS);
  });

  it('bandwidth-400kbit: the picture is worse than on the open network (lower PSNR, resolution or frame rate)', async () => {
    const capped = pick(await runScenario('bandwidth-400kbit', ['chromium'], ['video-quality']), 'chromium', 'video-quality');
    const free = pick(open, 'chromium', 'video-quality');
    // Chromium's encoder gives up frame rate first, then resolution, within the 8 s call: any of the three counts.
    const worse = {
      psnr: metric(capped, 'psnrDb') < metric(free, 'psnrDb'),
      height: metric(capped, 'receivedHeight') < metric(free, 'receivedHeight'),
      fps: metric(capped, 'receivedFps') < metric(free, 'receivedFps') * 0.8,
    };
    expect(Object.values(worse).some(Boolean), `${JSON.stringify(worse)}\ncapped ${JSON.stringify(capped.metrics)}\nopen ${JSON.stringify(free.metrics)}`).toBe(
      true,
    );
  }, 120_000);

  it('loss-2pct: more skipped or frozen frames, or more concealed audio, than on the open network', async () => {
    const lossy = await runScenario('loss-2pct', ['chromium'], ['video-quality', 'audio-quality']);
    const video = pick(lossy, 'chromium', 'video-quality');
    const audio = pick(lossy, 'chromium', 'audio-quality');
    const damage = (v: ProbeResult) => metric(v, 'skippedFrames') + metric(v, 'frozenFrames');
    const seen = {
      frames: damage(video) > damage(pick(open, 'chromium', 'video-quality')),
      concealment: metric(audio, 'concealedMs') > metric(pick(open, 'chromium', 'audio-quality'), 'concealedMs'),
    };
    expect(Object.values(seen).some(Boolean), `${JSON.stringify(seen)}\nvideo ${JSON.stringify(video.metrics)}\naudio ${JSON.stringify(audio.metrics)}`).toBe(
      true,
    );
  }, 120_000);
});

/** The served page's camera check, judged by video-quality's evaluate. */
const cameraCheck: ProbeSpec<CameraCheckParams, VideoQualityRaw> = {
  ...videoQualityProbe,
  id: 'camera-check',
  pageModule: 'test/e2e/probes/camera-check/page.js',
  defaultParams: { durationMs: 4_000, thresholds: DEFAULT_THRESHOLDS },
  params: undefined,
};

describe('the detectors can fail', () => {
  let run: RunResults;
  beforeAll(async () => {
    run = await runMatrix({
      command: 'test',
      browsers: ['chromium', 'firefox'].map((name) => ({ launcher: LAUNCHERS[name]!, request: {} })),
      probes: [videoQualityWithSource('frozen-after-ms'), videoQualityWithSource('black'), cameraCheck],
      adapterModes: ['off'],
      outDir: mkdtempSync(join(tmpdir(), 'wh-e2e-quality-sources-')),
      reporter: new ReporterMultiplexer([]),
    });
  }, 180_000);

  it.each(['chromium', 'firefox'])('%s: a sender that stops drawing is seen frozen within 1 s, and the result fails', (browser) => {
    const frozen = pick(run, browser, 'video-quality-frozen-after-ms');
    const raw = frozen.raw as VideoQualityRaw;
    const recorded = `recorded until ${raw.durationMs} ms, last frame at ${raw.frames.t.at(-1)} ms, stalls ${JSON.stringify(raw.pageStalls)}`;
    expect(frozen.status, `${messages(frozen)}\n${recorded}`).toBe('fail');
    expect(messages(frozen)).toMatch(/fail: frozen \d+ ms/);
    expect(metric(frozen, 'freezeDetectMs')).toBeLessThanOrEqual(1000);
  });

  it.each(['chromium', 'firefox'])('%s: a black source is seen black, and the result fails', (browser) => {
    const black = pick(run, browser, 'video-quality-black');
    expect(black.status, messages(black)).toBe('fail');
    expect(messages(black)).toMatch(/fail: black: \d+ of \d+ frames/);
    expect(metric(black, 'blackFrames')).toBe(metric(black, 'receivedFrames'));
  });

  it("the served page's camera check on Chromium's fake camera (a moving pattern): frames read, none black, not frozen", () => {
    const camera = pick(run, 'chromium', 'camera-check');
    expect(metric(camera, 'receivedFrames'), messages(camera)).toBeGreaterThan(30);
    expect(metric(camera, 'blackFrames')).toBe(0);
    expect(metric(camera, 'frozenMs')).toBeLessThan(1000);
  });
});
