// A runner started inside a network namespace (`ip netns exec NS node worker/main.js`): it
// runs the matrix there, with its own page server on that namespace's loopback, and streams
// reporter hooks to the parent. SIGINT/SIGTERM stop it like the CLI: partial results.
import { text } from 'node:stream/consumers';
import { findProbe } from '../../probes/index.js';
import type { ProbeSpec } from '../../probes/types.js';
import type { Reporter } from '../../reports/reporter.js';
import { LAUNCHERS } from '../launchers/index.js';
import { runMatrix } from '../runner.js';
import { type HookEvent, HOOKS, type WorkerJob } from './protocol.js';

function emit(event: HookEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

const streamingReporter: Reporter = Object.fromEntries([['name', 'worker'], ...HOOKS.map((hook) => [hook, (payload: unknown) => emit({ hook, payload })])]) as Reporter;

const job = JSON.parse(await text(process.stdin)) as WorkerJob;
const controller = new AbortController();
process.on('SIGINT', () => controller.abort());
process.on('SIGTERM', () => controller.abort());
await runMatrix({
  command: job.command,
  browsers: job.browsers.map((b) => ({ launcher: LAUNCHERS[b.name]!, request: b.executablePath ? { executablePath: b.executablePath } : {} })),
  probes: job.probes.map((id) => findProbe(id)).filter((p): p is ProbeSpec => p !== undefined),
  adapterModes: job.adapterModes,
  outDir: job.outDir,
  ...(job.timeoutMs !== undefined ? { timeoutMs: job.timeoutMs } : {}),
  reporter: streamingReporter,
  signal: controller.signal,
  context: job.context,
  redaction: job.redaction,
  scenario: job.scenario,
  ...(job.shard ? { shard: job.shard } : {}),
  ...(job.pageHost ? { pageHost: job.pageHost } : {}),
});
// Browsers and the page server are closed; do not wait for stray handles (see cli.ts).
process.stdout.write('', () => process.exit(0));
