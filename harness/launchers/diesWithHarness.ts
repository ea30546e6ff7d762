// A browser that outlives a killed harness keeps its profile, its open pages and (for Firefox) a
// remote-control port. Chromium driven over a pipe ends by itself when the pipe closes; Firefox
// does not, so it is started through a two-line script that asks the kernel to kill it when its
// parent (the harness) dies: util-linux setpriv --pdeathsig, which execs in place, so the
// browser keeps the harness as its parent.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SETPRIV = '/usr/bin/setpriv';

/** `it's` -> `'it'\''s'`: one word for sh, whatever it holds. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** `sh -c` this with `PARENT_PID COMMAND ARGS...`: runs the command only while its parent is PARENT_PID. */
export const START_IF_PARENT_LIVES = 'read -r _ _ _ ppid _ < /proc/$$/stat; [ "$ppid" = "$1" ] || exit 1; shift; exec "$@"';

/**
 * The script: setpriv sets the parent-death signal, then a shell in the same process checks that
 * its parent is still the harness before it execs the browser. A harness killed before setpriv
 * ran would otherwise leave a browser no signal ever reaches (its parent then is init).
 */
export function parentDeathScript(executablePath: string): string {
  return [
    '#!/bin/sh',
    '# written by webrtc-harness: the browser is killed when the harness dies',
    `exec ${SETPRIV} --pdeathsig KILL -- /bin/sh -c ${shellQuote(START_IF_PARENT_LIVES)} sh "$PPID" ${shellQuote(executablePath)} "$@"`,
    '',
  ].join('\n');
}

export interface DeathBoundExecutable {
  /** Start this instead of the browser; it execs the browser with the parent-death signal set. */
  path: string;
  remove(): Promise<void>;
}

export async function diesWithHarness(executablePath: string): Promise<DeathBoundExecutable> {
  const dir = await mkdtemp(join(tmpdir(), 'wh-launch-'));
  const path = join(dir, 'browser');
  await writeFile(path, parentDeathScript(executablePath), { mode: 0o700 });
  await chmod(path, 0o700);
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}
