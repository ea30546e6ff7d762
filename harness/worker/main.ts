// A runner started inside a network namespace (`ip netns exec NS node worker/main.js`): it
// runs the matrix there, with its own page server on that namespace's loopback, and streams
// reporter hooks to the parent. It installs no signal handler: the parent has the run's one
// interrupt handler and asks the worker to stop by closing stdin (partial results, as the CLI).
import { createInterface } from 'node:readline';
import { findProbe } from '../../probes/index.js';
import type { ProbeSpec } from '../../probes/types.js';
import type { Reporter } from '../../reports/reporter.js';
import { LOCAL_BROWSERS } from '../launchers/index.js';
import { runMatrix } from '../runner.js';
import { type HookEvent, HOOKS, type WorkerJob } from './protocol.js';

function emit(event: HookEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

const streamingReporter: Reporter = Object.fromEntries([
  ['name', 'worker'],
  ...HOOKS.map((hook) => [hook, (payload: unknown) => emit({ hook, payload })]),
]) as Reporter;

const controller = new AbortController();
const lines = createInterface({ input: process.stdin });
// The end of stdin (the parent's stop request, or its death) aborts the run; the first line is the job.
lines.once('close', () => controller.abort());
const job = await new Promise<WorkerJob>((resolve, reject) => {
  lines.once('line', (line) => resolve(JSON.parse(line) as WorkerJob));
  lines.once('close', () => reject(new Error('stdin closed before a job arrived')));
});
await runMatrix({
  command: job.command,
  browsers: job.browsers.map((b) => ({ launcher: LOCAL_BROWSERS[b.name]!, request: b.executablePath ? { executablePath: b.executablePath } : {} })),
  probes: job.probes.map((id) => findProbe(id)).filter((p): p is ProbeSpec => p !== undefined),
  adapterModes: job.adapterModes,
  outDir: job.outDir,
  ...(job.timeoutMs !== undefined ? { timeoutMs: job.timeoutMs } : {}),
  reporter: streamingReporter,
  signal: controller.signal,
  context: job.context,
  ...(job.trustedAuthorityFiles ? { trustedAuthorityFiles: job.trustedAuthorityFiles } : {}),
  redaction: job.redaction,
  ...(job.scenario !== undefined ? { scenario: job.scenario } : {}),
  ...(job.shard ? { shard: job.shard } : {}),
  ...(job.pageHost ? { pageHost: job.pageHost } : {}),
  ...(job.natDiscovery ? { natDiscovery: true } : {}),
});
// Browsers and the page server are closed; do not wait for stray handles (see cli.ts).
process.stdout.write('', () => process.exit(0));
