import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { currentProcess, isRunning, processStartTime } from './processIdentity.js';

describe('process identity (pid + start time)', () => {
  it('names this process, which is running', () => {
    const me = currentProcess();
    expect(me.pid).toBe(process.pid);
    expect(me.startTime).toMatch(/^\d+$/);
    expect(isRunning(me)).toBe(true);
  });

  it('a live pid with another start time is not the recorded process (pid reuse)', () => {
    const me = currentProcess();
    expect(isRunning({ pid: me.pid, startTime: String(Number(me.startTime) + 1) })).toBe(false);
  });

  it('a process that exited is no longer running', async () => {
    const child = spawn('sleep', ['30']);
    await once(child, 'spawn');
    const identity = { pid: child.pid!, startTime: processStartTime(child.pid!)! };
    expect(isRunning(identity)).toBe(true);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(isRunning(identity)).toBe(false);
  });

  it('reads the start time after a command name holding spaces and parentheses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wh-identity-'));
    const oddName = join(dir, 'x) 1 2 3 (y');
    symlinkSync('/usr/bin/sleep', oddName);
    const child = spawn(oddName, ['30']);
    const plain = spawn('/usr/bin/sleep', ['30']);
    try {
      await Promise.all([once(child, 'spawn'), once(plain, 'spawn')]);
      expect(readFileSync(`/proc/${child.pid}/stat`, 'utf8')).toContain('(x) 1 2 3 (y)');
      // Started together, so their start times (clock ticks, 100 a second) lie close; a field
      // read four places off (the name's spaces counted as separators) would not.
      const ticksApart = Math.abs(Number(processStartTime(child.pid!)) - Number(processStartTime(plain.pid!)));
      expect(ticksApart).toBeLessThan(1_000);
    } finally {
      child.kill('SIGKILL');
      plain.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has no start time for a pid that does not exist', () => {
    expect(processStartTime(2 ** 22 + 1)).toBeNull();
  });
});
