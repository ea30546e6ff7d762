// Benchmark: what reading every received frame costs in each browser (video-quality's own
// performance.now() figures, recorded in its raw data), the probe's wall time, and the CPU the
// browser's whole process tree used while the probe ran (from /proc, against wall time; 100% is
// one core). Loopback call without TURN, 640x480 at 30 fps. Prints figures; asserts nothing.
//   npm run build && node dist/test/bench/quality-analysis.js [--rounds 3]
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from '../../core/median.js';
import { LAUNCHERS } from '../../harness/launchers/index.js';
import { runMatrix } from '../../harness/runner.js';
import type { VideoQualityRaw } from '../../probes/video-quality/types.js';
import { videoQualityProbe } from '../../probes/video-quality/probe.js';
import { ReporterMultiplexer } from '../../reports/index.js';
import type { ProbeStart, Reporter } from '../../reports/reporter.js';
import { processTree } from '../support/processes.js';

const TICKS_PER_SECOND = 100;

/** utime + stime of a process in clock ticks; 0 when it is gone. */
function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * CPU of this process's descendants from a probe's start to its end, attributed to the browser
 * running it: video-quality is exclusive, so one browser's probe runs at a time (the other idles).
 * Sampled every 250 ms and summed per process, so a renderer that exits with its page (each probe
 * page has its own browser context) still counts up to its last sample.
 */
class CpuSampler implements Reporter {
  readonly name = 'cpu-sampler';
  private last = new Map<number, number>();
  private used = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private current: string | null = null;
  private startedAt = 0;
  readonly shares = new Map<string, number[]>();

  private sample(): void {
    for (const pid of processTree(process.pid)) {
      const ticks = cpuTicks(pid);
      const before = this.last.get(pid);
      // A process first seen mid-probe started during it: all its ticks are the probe's.
      this.used += ticks - (before ?? 0);
      this.last.set(pid, ticks);
    }
  }

  onProbeBegin(start: ProbeStart): void {
    this.current = start.browser;
    this.last = new Map(processTree(process.pid).map((pid) => [pid, cpuTicks(pid)]));
    this.used = 0;
    this.startedAt = performance.now();
    this.timer = setInterval(() => this.sample(), 250);
  }

  onProbeEnd(): void {
    clearInterval(this.timer);
    if (this.current === null) return;
    this.sample();
    const seconds = (performance.now() - this.startedAt) / 1000;
    const share = (this.used / TICKS_PER_SECOND / seconds) * 100;
    this.shares.set(this.current, [...(this.shares.get(this.current) ?? []), share]);
    this.current = null;
  }
}

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const rounds = Number(values.rounds);
const figures = new Map<
  string,
  { perFrame: number[]; perFrameP95: number[]; full: number[]; fullP95: number[]; busy: number[]; wall: number[]; fps: number[] }
>();
const sampler = new CpuSampler();
for (let round = 0; round < rounds; round++) {
  const run = await runMatrix({
    command: 'bench',
    browsers: ['chromium', 'firefox'].map((name) => ({ launcher: LAUNCHERS[name]!, request: {} })),
    probes: [videoQualityProbe],
    adapterModes: ['off'],
    outDir: mkdtempSync(join(tmpdir(), 'wh-bench-quality-')),
    reporter: new ReporterMultiplexer([sampler]),
  });
  for (const result of run.results) {
    const raw = result.raw as VideoQualityRaw | undefined;
    if (!raw) {
      console.error(`${result.browser.name}: no raw data (${result.reason})`);
      continue;
    }
    const f = figures.get(result.browser.name) ?? { perFrame: [], perFrameP95: [], full: [], fullP95: [], busy: [], wall: [], fps: [] };
    f.perFrame.push(raw.cost.perFrameMsMedian);
    f.perFrameP95.push(raw.cost.perFrameMsP95);
    f.full.push(raw.cost.fullMsMedian);
    f.fullP95.push(raw.cost.fullMsP95);
    f.busy.push(raw.cost.busyPct);
    f.wall.push(result.durationMs / 1000);
    f.fps.push(result.metrics['receivedFps'] ?? 0);
    figures.set(result.browser.name, f);
  }
}
const m = (values: number[], digits = 1) => (median(values) ?? 0).toFixed(digits);
console.log(`video-quality, ${rounds} round(s), medians over rounds; PSNR/SSIM on one frame read in ${videoQualityProbe.defaultParams.psnrEvery}`);
console.log('browser   reader cost/frame ms (p95)   PSNR+SSIM ms (p95)   main thread busy   browser CPU (100% = 1 core)   received fps   probe wall');
for (const [browser, f] of figures) {
  console.log(
    `${browser.padEnd(9)} ${`${m(f.perFrame, 2)} (${m(f.perFrameP95, 2)})`.padEnd(28)} ${`${m(f.full, 2)} (${m(f.fullP95, 2)})`.padEnd(20)} ${`${m(f.busy)}%`.padEnd(18)} ${`${m(sampler.shares.get(browser) ?? [])}%`.padEnd(29)} ${m(f.fps).padEnd(14)} ${m(f.wall)} s`,
  );
}
