// The capacity search's one rule, shared by the page (to stop raising the cap) and evaluate (to
// judge the recording): a step is carried when what the browser sends (or its own bandwidth
// estimate, where it reports one) reaches most of the cap while the server sees little loss.
// Pure and browser-safe.
import type { SeriesSet } from '../../core/series.js';
import { median } from '../../core/median.js';
import type { CapStep } from './types.js';

/** A step is carried when the rate reaches this share of the cap... */
export const CARRIED_SHARE = 0.85;
/** ...and the server sees less loss than this (%); more means the path is full. */
export const STOP_LOSS_PCT = 5;

export interface StepFigures {
  capKbps: number;
  /** Median rate on the wire (payload and per-packet headers) over the step's second half. */
  wireKbps?: number;
  /** Median of the browser's bandwidth estimate over the same time (Chromium only). */
  bweKbps?: number;
  /** Audio loss the server reported over the whole step (%). */
  lossPct?: number;
}

function columnIn(set: SeriesSet, field: string, fromT: number, toT: number): number[] {
  const column = set.series[field] ?? [];
  return set.t.flatMap((t, i) => (t > fromT && t <= toT && column[i] !== null && column[i] !== undefined ? [column[i]!] : []));
}

/** A cumulative counter of a set: `up.audioSent`. Sets sampled together share their time axis. */
export interface Counter {
  set: SeriesSet;
  field: string;
}

/**
 * The change of each counter between the first and the last sample in (fromT, toT] at which
 * every one of them has a value: one window for all, so ratios of them compare like with like.
 */
export function counterDeltas(counters: readonly Counter[], fromT: number, toT: number): number[] | undefined {
  const time = counters[0]?.set.t ?? [];
  const complete = time.flatMap((t, i) => (t > fromT && t <= toT && counters.every(({ set, field }) => typeof set.series[field]?.[i] === 'number') ? [i] : []));
  if (complete.length < 2) return undefined;
  const [first, last] = [complete[0]!, complete.at(-1)!];
  return counters.map(({ set, field }) => set.series[field]![last]! - set.series[field]![first]!);
}

/** Upstream loss (%) in a window: packets the server reported lost of those the browser sent (audio: no retransmission hides loss). */
export function upstreamLossPct(up: SeriesSet, fromT: number, toT: number): number | undefined {
  const deltas = counterDeltas(
    [
      { set: up, field: 'audioSent' },
      { set: up, field: 'audioLostAtServer' },
    ],
    fromT,
    toT,
  );
  if (!deltas) return undefined;
  const [sent, lost] = deltas as [number, number];
  return sent > 0 ? Math.max(0, (lost / sent) * 100) : undefined;
}

export function stepFigures(up: SeriesSet, step: CapStep): StepFigures {
  const half = (step.fromT + step.toT) / 2;
  const figures: StepFigures = { capKbps: step.capKbps };
  const wire = median(columnIn(up, 'wireKbps', half, step.toT));
  const bwe = median(columnIn(up, 'bweKbps', half, step.toT));
  const loss = upstreamLossPct(up, step.fromT, step.toT);
  if (wire !== undefined) figures.wireKbps = wire;
  if (bwe !== undefined) figures.bweKbps = bwe;
  if (loss !== undefined) figures.lossPct = loss;
  return figures;
}

/** What the path carried in a step: the bandwidth estimate where there is one, else the wire rate less what was lost. */
export function carriedKbps(figures: StepFigures): number | undefined {
  if (figures.bweKbps !== undefined) return Math.min(figures.bweKbps, figures.capKbps);
  return figures.wireKbps === undefined ? undefined : figures.wireKbps * (1 - (figures.lossPct ?? 0) / 100);
}

export function stepCarried(figures: StepFigures): boolean {
  const carried = carriedKbps(figures);
  return carried !== undefined && carried >= figures.capKbps * CARRIED_SHARE && (figures.lossPct ?? 0) < STOP_LOSS_PCT;
}

export interface CapacityFinding {
  /** kbit/s the upstream carried: the highest carried cap, or what the first step it could not carry measured. */
  kbps: number;
  /** Every step was carried: the capacity is at least this (the search ended, not the path). */
  atLeast: boolean;
  /** The cap of the step the search stopped at (undefined when all were carried). */
  stoppedAtKbps?: number;
}

export function capacityOf(up: SeriesSet, steps: readonly CapStep[]): CapacityFinding | undefined {
  let carried: number | undefined;
  for (const step of steps) {
    const figures = stepFigures(up, step);
    if (stepCarried(figures)) {
      carried = step.capKbps;
      continue;
    }
    const measured = carriedKbps(figures);
    if (measured === undefined && carried === undefined) return undefined;
    return { kbps: Math.round(Math.max(carried ?? 0, measured ?? 0)), atLeast: false, stoppedAtKbps: step.capKbps };
  }
  return carried === undefined ? undefined : { kbps: carried, atLeast: true };
}
