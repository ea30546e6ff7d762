// What the parent and a worker (a runner inside a network namespace) say to each other:
// the job as one line of JSON on stdin, which then stays open until the parent wants the
// worker to stop (or dies); reporter hooks as JSON lines on stdout.
import type { AdapterMode } from '../../core/results.js';
import type { RunContext } from '../../probes/types.js';
import type { Reporter } from '../../reports/reporter.js';
import type { PageHost } from '../pageHost.js';
import type { Redaction } from '../redact.js';
import type { RunShard } from '../../core/results.js';

export interface WorkerJob {
  command: string;
  browsers: { name: string; executablePath?: string }[];
  probes: string[];
  adapterModes: AdapterMode[];
  outDir: string;
  timeoutMs?: number;
  context: RunContext;
  trustedAuthorityFiles?: string[];
  redaction: Redaction;
  scenario?: string;
  shard?: RunShard;
  pageHost?: PageHost;
  natDiscovery?: boolean;
}

type Hook = Exclude<keyof Reporter, 'name'>;

/** One reporter hook call, as a line of JSON. */
export interface HookEvent {
  hook: Hook;
  payload: unknown;
}

export const HOOKS: readonly Hook[] = ['onRunBegin', 'onBrowserReady', 'onProbeBegin', 'onProbeEnd', 'onRunEnd'];

export function isHookEvent(value: unknown): value is HookEvent {
  const hook = (value as { hook?: unknown } | null)?.hook;
  return typeof hook === 'string' && (HOOKS as readonly string[]).includes(hook);
}
