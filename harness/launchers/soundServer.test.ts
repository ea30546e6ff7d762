import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PULSEAUDIO, pulseaudioArgs, startPrivateSoundServer } from './soundServer.js';

const execFileAsync = promisify(execFile);

describe('the private sound server', () => {
  it("loads nothing of the machine's configuration: only the null sink and a socket in its own folder", () => {
    const args = pulseaudioArgs('/state/wh-pulse-1');
    expect(args).toContain('-n');
    expect(args).toContain('--daemonize=no');
    expect(args).toContain('--disallow-module-loading');
    expect(args.filter((a) => a.startsWith('--load='))).toEqual([
      '--load=module-null-sink sink_name=harness',
      '--load=module-native-protocol-unix auth-anonymous=1 socket=/state/wh-pulse-1/native',
    ]);
  });

  it.runIf(existsSync(PULSEAUDIO))(
    'starts with a null sink behind its socket, and leaves nothing once stopped',
    async () => {
      const server = await startPrivateSoundServer();
      const socket = server.env.PULSE_SERVER.replace(/^unix:/, '');
      try {
        expect(existsSync(socket)).toBe(true);
        expect(dirname(server.env.PULSE_COOKIE)).toBe(dirname(socket));
        // A real client asks the server which sinks it has (pactl ships with pulseaudio-utils; when absent, the socket suffices).
        const pactl = await execFileAsync('pactl', ['--server', server.env.PULSE_SERVER, 'list', 'short', 'sinks'], {
          env: { ...process.env, PULSE_COOKIE: server.env.PULSE_COOKIE },
        }).catch(() => null);
        if (pactl) expect(pactl.stdout).toMatch(/\bharness\b/);
      } finally {
        await server.stop();
      }
      expect(existsSync(dirname(socket))).toBe(false);
      const left = await execFileAsync('pgrep', ['-f', `socket=${socket}`]).catch(() => ({ stdout: '' }));
      expect(left.stdout).toBe('');
    },
    30_000,
  );
});
