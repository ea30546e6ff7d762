// Runs a matrix through a worker process placed by a command prefix (ip netns exec NS), and
// replays the worker's reporter hooks on this side's reporters.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { COMPILED_ROOT } from '../paths.js';
import type { RunResults } from '../results.js';
import type { RunOptions } from '../runner.js';
import { withTimeout } from '../teardown.js';
import { isHookEvent, type WorkerJob } from './protocol.js';
import { LOOPBACK } from '../network/scenarios.js';

export const WORKER_PATH = join(COMPILED_ROOT, 'harness', 'worker', 'main.js');

export async function runMatrixThrough(wrapper: readonly string[], options: RunOptions): Promise<RunResults> {
  const job: WorkerJob = {
    command: options.command,
    browsers: options.browsers.map((b) => ({ name: b.launcher.name, ...(b.request.executablePath ? { executablePath: b.request.executablePath } : {}) })),
    probes: options.probes.map((p) => p.id),
    adapterModes: [...options.adapterModes],
    outDir: options.outDir,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    context: options.context ?? { iceServers: [] },
    redaction: options.redaction ?? { secrets: [], ips: false },
    scenario: options.scenario ?? LOOPBACK,
    ...(options.shard ? { shard: options.shard } : {}),
    ...(options.pageHost ? { pageHost: options.pageHost } : {}),
  };
  const [command, ...args] = [...wrapper, process.execPath, WORKER_PATH];
  const child = spawn(command!, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const onAbort = () => child.kill('SIGINT');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // The job carries the TURN credentials: a pipe, never a file or an argument (ps shows those).
  child.stdin.end(JSON.stringify(job));
  let run: RunResults | null = null;
  try {
    // Hooks are awaited one by one, in the order the worker called them.
    for await (const line of createInterface({ input: child.stdout })) {
      let event: unknown;
      try {
        event = JSON.parse(line);
      } catch {
        continue;
      }
      if (!isHookEvent(event)) continue;
      if (event.hook === 'onRunEnd') run = event.payload as RunResults;
      const hook = options.reporter[event.hook] as ((payload: unknown) => unknown) | undefined;
      await hook?.call(options.reporter, event.payload);
    }
    const code = await exited;
    if (!run) throw new Error(`the runner inside the scenario exited (${code}) before finishing:\n${stderr.split('\n').slice(-12).join('\n')}`);
    return run;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await withTimeout(exited, 10_000, 'worker exit').catch(() => child.kill('SIGKILL'));
    }
  }
}
