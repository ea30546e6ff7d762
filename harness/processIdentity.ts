// A process named so that it cannot be mistaken for another: its pid plus its start time (in
// clock ticks since boot, field 22 of /proc/PID/stat). A pid alone is reused by the kernel;
// the pair is not, so a record of ours never leads us to kill or clean up after a stranger.
import { readFileSync } from 'node:fs';

export interface ProcessIdentity {
  pid: number;
  startTime: string;
}

/** The start time of `pid`, or null when no such process exists (or /proc cannot tell). */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command (field 2) is in parentheses and may hold spaces: count fields after its ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** This process, as records of what it created name it. */
export function currentProcess(): ProcessIdentity {
  const startTime = processStartTime(process.pid);
  if (startTime === null) throw new Error('cannot read /proc/self/stat: the harness needs Linux /proc');
  return { pid: process.pid, startTime };
}

/** True while the process that `identity` names is still running (same pid, same start time). */
export function isRunning(identity: ProcessIdentity): boolean {
  return processStartTime(identity.pid) === identity.startTime;
}
