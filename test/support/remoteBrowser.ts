// A browser started by the test itself, outside the harness, standing in for one on another
// machine (a Selenium Grid node, Browserless): the harness only connects to its endpoint.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_FLAGS } from '../../harness/launchers/chromium.js';
import { FIREFOX_PREFS } from '../../harness/launchers/firefox.js';

export interface StartedBrowser {
  /** The WebSocket endpoint exactly as the browser printed it. */
  endpoint: string;
  pid: number;
  isRunning(): boolean;
  /** Kills the browser and its helper processes (its own process group). Idempotent. */
  stop(): Promise<void>;
}

/** Starts `command` in a process group of its own and waits for the line that names its endpoint; stop() also removes `profile`. */
function startAndWaitForEndpoint(command: string, args: readonly string[], endpointLine: RegExp, profile: string, timeoutMs = 30_000): Promise<StartedBrowser> {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let exited = child.exitCode !== null;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async () => {
    if (exited || child.pid === undefined) return rmSync(profile, { recursive: true, force: true });
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    rmSync(profile, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${command} printed no endpoint within ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const endpoint = endpointLine.exec(stderr)?.[1];
      if (endpoint === undefined) return;
      clearTimeout(timer);
      child.stderr!.removeAllListeners('data').resume();
      resolve({ endpoint, pid: child.pid!, isRunning: () => !exited, stop });
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Chromium with the harness's own flags, listening for CDP on a free port. */
export function startRemoteChromium(extraFlags: readonly string[] = []): Promise<StartedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'wh-remote-chromium-'));
  const args = ['--headless', '--remote-debugging-port=0', `--user-data-dir=${profile}`, ...CHROMIUM_FLAGS.map((f) => f.value), ...extraFlags, 'about:blank'];
  return startAndWaitForEndpoint('/usr/bin/chromium', args, /^DevTools listening on (ws:\/\/\S+)$/m, profile);
}

/** Firefox ESR with the harness's prefs (and `extraPrefs`) in the profile's user.js, listening for WebDriver BiDi on a free port. */
export function startRemoteFirefox(extraPrefs: Readonly<Record<string, boolean | number | string>> = {}): Promise<StartedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'wh-remote-firefox-'));
  const values = { ...Object.fromEntries(Object.entries(FIREFOX_PREFS).map(([name, setting]) => [name, setting.value])), ...extraPrefs };
  const prefs = Object.entries(values).map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`);
  writeFileSync(join(profile, 'user.js'), `${prefs.join('\n')}\n`);
  const args = ['--headless', '--remote-debugging-port', '0', '--profile', profile, '--no-remote', 'about:blank'];
  return startAndWaitForEndpoint('/usr/bin/firefox-esr', args, /^WebDriver BiDi listening on (ws:\/\/\S+)$/m, profile);
}
