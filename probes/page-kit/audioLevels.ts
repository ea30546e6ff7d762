// Sample-level audio measures, fed block by block as a ScriptProcessor hands them over: the
// microphone check as testrtc's mictest makes it (RMS and peak level, runs of full-scale
// samples as clipping) and the tone-burst detector that finds the marked bursts in the sent and
// the received signal on one sample clock. Pure and browser-safe: unit tests feed synthetic samples.

/** |sample| at or above this is full scale (float samples from 16-bit PCM top out at 32767/32768). */
export const FULL_SCALE = 0.999;
/** More full-scale samples in a row than this is clipping (testrtc: 6). */
export const CLIP_RUN = 6;

export const toDb = (amplitude: number) => (amplitude > 0 ? 20 * Math.log10(amplitude) : -Infinity);

export interface LevelSummary {
  rmsDb: number;
  peakDb: number;
  /** Runs of more than CLIP_RUN consecutive full-scale samples. */
  clippedRuns: number;
  samples: number;
}

export class LevelMeter {
  private sumSquares = 0;
  private peak = 0;
  private count = 0;
  private run = 0;
  private runs = 0;

  push(samples: ArrayLike<number>): void {
    for (let i = 0; i < samples.length; i++) {
      const v = samples[i]!;
      const a = Math.abs(v);
      this.sumSquares += v * v;
      if (a > this.peak) this.peak = a;
      if (a >= FULL_SCALE) {
        this.run++;
        // Counted once, as the run passes the limit.
        if (this.run === CLIP_RUN + 1) this.runs++;
      } else this.run = 0;
    }
    this.count += samples.length;
  }

  summary(): LevelSummary {
    const rms = this.count ? Math.sqrt(this.sumSquares / this.count) : 0;
    return { rmsDb: round1(toDb(rms)), peakDb: round1(toDb(this.peak)), clippedRuns: this.runs, samples: this.count };
  }
}

/** -Infinity (digital silence) as -200 dB: JSON has no infinities. */
const round1 = (db: number) => (Number.isFinite(db) ? Math.round(db * 10) / 10 : -200);

/** A stretch of signal above the detector's level: a tone burst, or a piece of one. */
export interface Burst {
  /** ms on the detector's sample clock. */
  startMs: number;
  lengthMs: number;
  rmsDb: number;
}

/** Above this amplitude a burst starts (-26 dBFS: far above codec noise, far below the bursts' -6 dBFS). */
const ON_AMPLITUDE = 0.05;
/** A burst ends after this long below it: shorter dips are the tone's own zero crossings. */
const HOLD_MS = 5;

export class BurstDetector {
  private readonly holdSamples: number;
  private position = 0;
  private start: number | null = null;
  private lastLoud = 0;
  private sumSquares = 0;
  readonly bursts: Burst[] = [];

  constructor(private readonly sampleRate: number) {
    this.holdSamples = Math.round((sampleRate * HOLD_MS) / 1000);
  }

  push(samples: ArrayLike<number>): void {
    for (let i = 0; i < samples.length; i++, this.position++) {
      const v = samples[i]!;
      if (Math.abs(v) >= ON_AMPLITUDE) {
        if (this.start === null) {
          this.start = this.position;
          this.sumSquares = 0;
        }
        this.lastLoud = this.position;
      } else if (this.start !== null && this.position - this.lastLoud > this.holdSamples) this.close();
      if (this.start !== null) this.sumSquares += v * v;
    }
  }

  private close(): void {
    const start = this.start!;
    const length = this.lastLoud - start + 1;
    const ms = (samples: number) => Math.round((samples / this.sampleRate) * 10000) / 10;
    this.bursts.push({ startMs: ms(start), lengthMs: ms(length), rmsDb: round1(toDb(Math.sqrt(this.sumSquares / length))) });
    this.start = null;
  }

  /** Closes a burst still open at the end of the recording. */
  finish(): Burst[] {
    if (this.start !== null) this.close();
    return this.bursts;
  }
}
