// How a probe declares each metric it reports: its unit, which way is worse and how far it may
// move between two runs before `report diff` lists it and `--baseline` calls it a regression.
// The kinds every probe shares are helpers here, so one probe's timings are judged like another's.
// Pure and browser-safe.

export interface MetricRule {
  /** `ms`, `kbit/s`, `%`, or the thing counted (`APIs`, `candidates`). */
  unit: string;
  worse: 'higher' | 'lower' | 'either';
  /** Fraction of the old value the change must exceed (0.5: ±50%). */
  relative: number;
  /** And the absolute amount it must exceed, so 0.7 -> 1.4 ms is not "+100%". */
  absolute: number;
  /** A change beyond tolerance in the worse direction fails a baseline run; otherwise `report diff` only lists it. */
  regression: boolean;
}

/** Timings jitter on a shared machine: a regression when slower by half, and by 50 ms. */
export const timing = (): MetricRule => ({ unit: 'ms', worse: 'higher', relative: 0.5, absolute: 50, regression: true });

/** A capability that must not shrink (APIs present, servers answering, codecs): one fewer is a regression. */
export const mustNotDrop = (unit: string): MetricRule => ({ unit, worse: 'lower', relative: 0, absolute: 0, regression: true });

/** A count of failures that must not grow: one more is a regression. */
export const mustNotRise = (unit: string): MetricRule => ({ unit, worse: 'higher', relative: 0, absolute: 0, regression: true });

/**
 * Depends on the machine or the path (device counts, host candidates, rates): `report diff`
 * lists it beyond ±50%, a baseline never fails on it. Also the rule for a metric no spec
 * declares (a results file from an older harness).
 */
export const informational = (unit: string): MetricRule => ({ unit, worse: 'either', relative: 0.5, absolute: 0, regression: false });

/** Every metric a probe may report, by name. */
export type MetricRules = Readonly<Record<string, MetricRule>>;
