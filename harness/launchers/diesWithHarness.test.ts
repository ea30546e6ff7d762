import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../test/support/processes.js';
import { START_IF_PARENT_LIVES, diesWithHarness, parentDeathScript } from './diesWithHarness.js';

const execFileAsync = promisify(execFile);

describe('a browser started so that it dies with the harness', () => {
  it('quotes the browser path as one word whatever it holds', async () => {
    const script = parentDeathScript("/opt/it's here/firefox");
    expect(script).toContain(`"$PPID" '/opt/it'\\''s here/firefox' "$@"`);
    const { stdout } = await execFileAsync('sh', ['-n', '-c', script.split('\n').slice(2).join('\n')]);
    expect(stdout).toBe('');
  });

  it('passes the arguments through and execs in place (the browser keeps the harness as parent)', async () => {
    const executable = await diesWithHarness('/usr/bin/sh');
    try {
      const child = spawn(executable.path, ['-c', 'echo $$'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      await once(child, 'exit');
      const [shellPid] = out.trim().split('\n');
      expect(Number(shellPid)).toBe(child.pid);
    } finally {
      await executable.remove();
    }
  });

  it('starts nothing when the parent is no longer the one that asked (it died before the death signal was set)', async () => {
    const asked = await execFileAsync('/bin/sh', ['-c', START_IF_PARENT_LIVES, 'sh', String(process.pid), '/bin/echo', 'started']);
    expect(asked.stdout).toBe('started\n');
    const other = execFileAsync('/bin/sh', ['-c', START_IF_PARENT_LIVES, 'sh', '1', '/bin/echo', 'started']);
    await expect(other).rejects.toMatchObject({ code: 1, stdout: '' });
  });

  it('the kernel kills the browser when its parent dies', async () => {
    const executable = await diesWithHarness('/usr/bin/sleep');
    try {
      // A parent that starts the "browser" and reports its pid, then is SIGKILLed like a harness.
      const parent = spawn(
        process.execPath,
        [
          '-e',
          `const c = require('node:child_process').spawn(${JSON.stringify(executable.path)}, ['60']); c.on('spawn', () => console.log(c.pid)); setInterval(() => {}, 1000);`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const [line] = (await once(parent.stdout.setEncoding('utf8'), 'data')) as [string];
      const browserPid = Number(line.trim());
      expect(isAlive(browserPid)).toBe(true);
      parent.kill('SIGKILL');
      await once(parent, 'exit');
      for (let i = 0; i < 200 && isAlive(browserPid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(isAlive(browserPid)).toBe(false);
    } finally {
      await executable.remove();
    }
  });
});
