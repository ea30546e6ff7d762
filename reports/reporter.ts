import type { ProbeResult, RunResults } from '../core/results.js';

/** Handed to reporters when the run begins: what is planned, where output goes. */
export interface RunPlan {
  outDir: string;
  browsers: string[];
  probes: string[];
  adapterModes: string[];
  /** Total number of probe runs in the matrix. */
  total: number;
}

export interface ProbeStart {
  probe: string;
  browser: string;
  adapter: string;
}

/**
 * A reporter implements the hooks it needs. Hooks may be async; the multiplexer isolates
 * reporters from each other, so one that throws never silences the rest.
 */
export interface Reporter {
  readonly name: string;
  onRunBegin?(plan: RunPlan): void | Promise<void>;
  onBrowserReady?(browser: { name: string; version: string }): void | Promise<void>;
  onProbeBegin?(start: ProbeStart): void | Promise<void>;
  onProbeEnd?(result: ProbeResult): void | Promise<void>;
  onRunEnd?(run: RunResults): void | Promise<void>;
}
