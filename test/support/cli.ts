// Spawns the compiled CLI the way a user runs it, for e2e tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../reports/paths.js';

export const CLI_PATH = join(PACKAGE_ROOT, 'dist', 'harness', 'cli.js');

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process exits. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Resolves with the first stdout line matching `pattern`. */
  waitForLine(pattern: RegExp): Promise<string>;
}

/**
 * `uid` runs the CLI as another user (e.g. 65534, nobody) to test what non-root users see;
 * `ownProcessGroup` makes it lead a process group, as a shell does for a foreground job, so a
 * test can signal the group as a terminal's Ctrl-C does; `prefix` runs it through a command that
 * execs it (`ip netns exec <namespace>`: the CLI inside a scenario's namespace, with the same pid).
 */
export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  uid?: number,
  { ownProcessGroup = false, prefix = [] as readonly string[] } = {},
): CliRun {
  const [command, ...commandArgs] = [...prefix, process.execPath, CLI_PATH, ...args];
  const child = spawn(command!, commandArgs, {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: ownProcessGroup,
    ...(uid !== undefined ? { uid, gid: uid } : {}),
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const line of chunk.split('\n')) {
      for (const w of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return {
    child,
    done,
    waitForLine: (pattern) =>
      new Promise((resolve, reject) => {
        const existing = stdout.split('\n').find((l) => pattern.test(l));
        if (existing !== undefined) return resolve(existing);
        waiters.push({ pattern, resolve });
        void done.then(() => reject(new Error(`CLI exited before printing ${pattern}\n${stdout}\n${stderr}`)));
      }),
  };
}
