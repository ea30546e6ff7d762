// Runs a matrix through a worker process placed by a command prefix (ip netns exec NS), and
// replays the worker's reporter hooks on this side's reporters. The worker gets no signals:
// it runs in its own process group (a Ctrl-C at the terminal reaches only the harness, whose
// one handler decides) and stops when its job pipe closes, which also happens when the
// harness dies.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { COMPILED_ROOT } from '../../reports/paths.js';
import type { RunResults } from '../../core/results.js';
import type { RunOptions } from '../runner.js';
import { withTimeout } from '../teardown.js';
import { isHookEvent, type WorkerJob } from './protocol.js';

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
    ...(options.trustedAuthorityFiles?.length ? { trustedAuthorityFiles: [...options.trustedAuthorityFiles] } : {}),
    redaction: options.redaction ?? { secrets: [], ips: false },
    ...(options.scenario !== undefined ? { scenario: options.scenario } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
    ...(options.pageHost ? { pageHost: options.pageHost } : {}),
    ...(options.natDiscovery ? { natDiscovery: true } : {}),
  };
  const [command, ...args] = [...wrapper, process.execPath, WORKER_PATH];
  const child = spawn(command!, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Closing the pipe is the worker's stop request.
  const stop = () => child.stdin.end();
  options.signal?.addEventListener('abort', stop, { once: true });
  // The job carries the TURN credentials: a pipe, never a file or an argument (ps shows those).
  child.stdin.on('error', () => undefined); // a worker that died early closed its end first
  child.stdin.write(`${JSON.stringify(job)}\n`);
  if (options.signal?.aborted) stop();
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
    options.signal?.removeEventListener('abort', stop);
    stop();
    if (child.exitCode === null && child.signalCode === null) {
      await withTimeout(exited, 10_000, 'worker exit').catch(() => child.kill('SIGKILL'));
    }
  }
}
