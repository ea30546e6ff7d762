// coturn's own TURN client, turnutils_uclient, as an independent witness in e2e tests. A missing
// tool or a run that hangs is an error, never a quiet "could not allocate".
import { execFile } from 'node:child_process';
import type { EmbeddedTurn } from '../../harness/turn/coturn.js';

export interface UclientRun {
  /** turnutils_uclient exited 0 (everything it was asked to do worked). */
  succeeded: boolean;
  output: string;
}

/** `wrapper` places the client elsewhere, e.g. ['ip', 'netns', 'exec', NAMESPACE]. */
export function runUclient(args: readonly string[], wrapper: readonly string[] = [], timeoutMs = 60_000): Promise<UclientRun> {
  const [file, ...rest] = [...wrapper, 'turnutils_uclient', ...args];
  return new Promise((resolve, reject) => {
    execFile(file!, rest, { timeout: timeoutMs }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (!error) return resolve({ succeeded: true, output });
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return reject(new Error('turnutils_uclient is not installed (it comes with coturn: apt-get install coturn)'));
      if (error.killed) return reject(new Error(`turnutils_uclient ${args.join(' ')} did not finish within ${timeoutMs} ms\n${output}`));
      resolve({ succeeded: false, output });
    });
  });
}

/** How often coturn has so far answered `user` with error `code` (its verbose log names the user and the code). */
export function coturnErrorAnswers(turn: EmbeddedTurn, user: string, code: 401 | 403): number {
  return turn
    .log()
    .split('\n')
    .filter((line) => line.includes(`user <${user}>: incoming packet`) && line.includes(`error ${code}:`)).length;
}

/**
 * Whether coturn's log shows more such answers than `before`. Its log arrives on another pipe
 * than the client's exit, so it is awaited (with a generous bound), not read once.
 */
export async function coturnAnsweredWith(turn: EmbeddedTurn, user: string, code: 401 | 403, before: number, limitMs = 10_000): Promise<boolean> {
  for (const deadline = Date.now() + limitMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    if (coturnErrorAnswers(turn, user, code) > before) return true;
  }
  return false;
}
