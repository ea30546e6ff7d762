// A process is named by its pid AND its start time: pids are reused, the pair is not. This is
// how the harness recognises its own processes (and its own dead runs) and nobody else's.
import { readFile } from 'node:fs/promises';

export interface ProcessIdentity {
  pid: number;
  /** Field 22 of /proc/<pid>/stat: clock ticks after boot when the process started. */
  startTime: string;
}

/**
 * The start time (field 22) of a /proc/<pid>/stat line, or null when the line is not one or the
 * process has ended and only waits to be reaped (a zombie). The command name (field 2) may hold
 * spaces and parentheses, so fields are counted after its last ')'.
 */
export function parseStartTime(stat: string): string | null {
  const afterName = stat
    .slice(stat.lastIndexOf(')') + 1)
    .trim()
    .split(' ');
  // afterName[0] is field 3 (state), so field 22 sits at index 19.
  const [state, startTime] = [afterName[0], afterName[19]];
  if (state === 'Z' || state === 'X') return null;
  return startTime !== undefined && /^\d+$/.test(startTime) ? startTime : null;
}

/** The identity of a running process, or null when no process `pid` runs. */
export async function identityOf(pid: number): Promise<ProcessIdentity | null> {
  try {
    const startTime = parseStartTime(await readFile(`/proc/${pid}/stat`, 'utf8'));
    return startTime === null ? null : { pid, startTime };
  } catch {
    return null;
  }
}

/** Whether the very process `identity` names still runs (not merely some process with its pid). */
export async function isRunning(identity: ProcessIdentity): Promise<boolean> {
  return (await identityOf(identity.pid))?.startTime === identity.startTime;
}
