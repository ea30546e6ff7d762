// TURN secrets given as a file or an environment variable stay out of sight of other users
// (no command line of the harness or of anything it starts holds them, ps shows command
// lines to everyone) and out of every output, with the embedded coturn really using them.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restApiCredentials } from '../../harness/ice/servers.js';
import { startCli } from '../support/cli.js';
import { processTree } from '../support/processes.js';

const OUTPUT_FILES = ['results.json', 'junit.xml', 'index.html'];

function readProc(pid: number, file: 'cmdline' | 'environ'): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return ''; // gone meanwhile
  }
}

interface Sighting {
  /** Every command line seen in the harness's process tree while it ran. */
  commands: string[];
  /** `pid file: command` of each place the secret was seen. */
  leaks: string[];
}

/** Runs `check` with the embedded coturn and looks at every process of its tree until it exits. */
async function checkWatched(secret: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'wh-e2e-secrets-'));
  const cli = startCli(['check', '-b', 'chromium', ...args, '-o', dir], env);
  const sighting: Sighting = { commands: [], leaks: [] };
  let running = true;
  const exit = cli.done.finally(() => (running = false));
  while (running) {
    for (const pid of processTree(cli.child.pid!)) {
      const command = readProc(pid, 'cmdline');
      sighting.commands.push(command);
      if (command.includes(secret)) sighting.leaks.push(`${pid} cmdline: ${command}`);
      // The harness's own environment is where the user put the variable; what it starts must not inherit it.
      if (pid !== cli.child.pid && readProc(pid, 'environ').includes(secret)) sighting.leaks.push(`${pid} environ: ${command}`);
    }
    await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, 100))]);
  }
  const { code, stdout, stderr } = await exit;
  const outputs = { stdout, stderr, ...Object.fromEntries(OUTPUT_FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')])) };
  return { code, stdout, sighting, outputs };
}

const freshSecret = () => `north-wind-${randomBytes(12).toString('hex')}`;

describe('a TURN shared secret kept out of sight', () => {
  it.each([
    [
      '--turn-secret-file',
      (secret: string) => {
        const file = join(mkdtempSync(join(tmpdir(), 'wh-e2e-secret-file-')), 'turn-secret');
        writeFileSync(file, `${secret}\n`, { mode: 0o600 });
        return { args: ['--turn-secret-file', file], env: {} };
      },
    ],
    ['WEBRTC_HARNESS_TURN_SECRET', (secret: string) => ({ args: [], env: { WEBRTC_HARNESS_TURN_SECRET: secret } })],
  ])('given as %s, reaches the embedded coturn (READY) and no command line, child environment or output', async (_how, given) => {
    const secret = freshSecret();
    const { args, env } = given(secret);
    const { code, stdout, sighting, outputs } = await checkWatched(secret, args, env);

    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/Readiness: READY/);
    // The watch saw coturn and the browser run, so their command lines were looked at.
    expect(sighting.commands.some((c) => c.includes('turnserver'))).toBe(true);
    expect(sighting.commands.some((c) => /chrom/.test(c))).toBe(true);
    expect(sighting.leaks, sighting.leaks.join('\n')).toEqual([]);
    for (const [name, text] of Object.entries(outputs)) expect(text.includes(secret), name).toBe(false);
  });

  it('given as --turn-secret, is seen on the command line (the watch above can see a secret where there is one), but in no output, nor are the credentials made from it', async () => {
    const secret = freshSecret();
    const startedAt = Date.now();
    const { code, sighting, outputs } = await checkWatched(secret, ['--turn-secret', secret]);
    expect(code).toBe(0);
    expect(sighting.leaks.some((l) => l.includes('cmdline'))).toBe(true);
    // The TURN REST credentials the harness made from the secret: their expiry is the second of
    // making them plus the lifetime, so every second the run lasted gives one candidate pair.
    const derived: string[] = [];
    for (let t = startedAt - 1_000; t <= Date.now() + 1_000; t += 1_000) derived.push(...Object.values(restApiCredentials(secret, undefined, undefined, t)));
    for (const [name, text] of Object.entries(outputs)) {
      expect(text.includes(secret), name).toBe(false);
      expect(
        derived.filter((value) => text.includes(value)),
        name,
      ).toEqual([]);
    }
  });
});
