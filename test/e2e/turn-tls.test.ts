// TURN over TLS end to end: real coturn, real certificates (openssl), both browsers trusting
// the run's authority through NSS databases of their own. `check --tls` allocates over turns:;
// each broken certificate gets its own verdict; behind an HTTPS-only firewall only turns: on
// 443 gets through. Nothing is left behind: no trust folders, no certificates, no namespaces.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeResult, RunResults } from '../../core/results.js';
import { chooseStateDirectory } from '../../harness/ownership/stateDirectory.js';
import { startCli } from '../support/cli.js';
import { TURNS_CASES, type TurnsCases, startTurnsCases } from '../support/turnsCases.js';

const BROWSERS = ['chromium', 'firefox'];
const outDir = (name: string) => mkdtempSync(join(tmpdir(), `wh-e2e-${name}-`));
const readRun = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
const result = (run: RunResults, browser: string, probe: string): ProbeResult => run.results.find((r) => r.browser.name === browser && r.probe === probe)!;
const messages = (r: ProbeResult) => r.findings.map((f) => f.message);
const STATE_DIR = chooseStateDirectory({ uid: process.getuid?.() ?? 0, runtimeDir: process.env['XDG_RUNTIME_DIR'] || undefined, tmp: tmpdir() });
/** The folders this branch's launchers make for trust (other runs on the machine make none of these). */
const trustFolders = () => (existsSync(STATE_DIR) ? readdirSync(STATE_DIR).filter((name) => /^wh-(chromium-home|firefox-profile)-/.test(name)) : []);
/** The user's own NSS database (Chromium's default): the run's authority must never land there. */
const userNssNicknames = () => {
  const db = join(homedir(), '.pki', 'nssdb');
  return existsSync(db) ? execFileSync('certutil', ['-L', '-d', `sql:${db}`], { encoding: 'utf8' }) : '';
};

describe('check --tls (embedded coturn, the run’s own test authority)', () => {
  let exit: { code: number | null; stdout: string; stderr: string };
  let run: RunResults;

  beforeAll(async () => {
    const dir = outDir('check-tls');
    exit = await startCli(['check', '--tls', '-o', dir]).done;
    run = readRun(dir);
  }, 120_000);

  it('is READY, with a relay allocated over turns: in both browsers', () => {
    expect(exit.code, exit.stdout + exit.stderr).toBe(0);
    expect(exit.stdout).toMatch(/Readiness: READY\n/);
    for (const browser of BROWSERS) {
      const turn = result(run, browser, 'turn-reachability');
      expect(turn.status, messages(turn).join('\n')).toBe('pass');
      expect(messages(turn)).toContainEqual(
        expect.stringMatching(/^turns:localhost:\d+\?transport=tcp: reachable over TLS \(TLSv1\.\d handshake \d+ ms\): relay \S+ allocated in \d+ ms$/),
      );
      expect(turn.metrics['tlsAnswerMs']).toBeGreaterThan(0);
      expect(turn.metrics['tlsHandshakeMs']).toBeGreaterThanOrEqual(0);
    }
  });

  it('leaves no trust folder behind and never touches the user’s own NSS database', () => {
    expect(trustFolders()).toEqual([]);
    expect(userNssNicknames()).not.toMatch(/webrtc-harness/);
  });
});

describe('broken turns: certificates, each with its own verdict', () => {
  let cases: TurnsCases;
  let run: RunResults;
  let secretDir: string | undefined;

  beforeAll(async () => {
    const secret = randomBytes(12).toString('hex');
    cases = await startTurnsCases(secret);
    secretDir = mkdtempSync(join(tmpdir(), 'wh-e2e-tls-secret-'));
    writeFileSync(join(secretDir, 'secret'), secret, { mode: 0o600 });
    const dir = outDir('turns-cases');
    const urls = TURNS_CASES.flatMap((name) => ['--turn', cases.servers[name].url]);
    const args = ['run', '-p', 'turn-reachability', ...urls, '--turn-secret-file', join(secretDir, 'secret'), '--tls-ca', cases.authorityFile, '-o', dir];
    const exit = await startCli(args).done;
    expect(exit.stderr).not.toMatch(/teardown:/);
    run = readRun(dir);
  }, 120_000);
  afterAll(async () => {
    if (secretDir) rmSync(secretDir, { recursive: true, force: true });
    await cases?.stop();
  });

  it.each(BROWSERS)('%s: trusted allocates; untrusted, name mismatch, expired and refused TLS are each named', (browser) => {
    const found = messages(result(run, browser, 'turn-reachability'));
    const about = (name: (typeof TURNS_CASES)[number]) => found.find((m) => m.startsWith(`${cases.servers[name].url}:`)) ?? `(no finding for ${name})`;
    expect(about('trusted')).toMatch(/: reachable over TLS \(TLSv1\.\d handshake \d+ ms\): relay \S+ allocated in \d+ ms$/);
    expect(about('untrusted')).toMatch(/: untrusted certificate \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    expect(about('name-mismatch')).toMatch(/: name mismatch: the URL names localhost, the certificate DNS:turn\.webrtc-harness\.test/);
    expect(about('expired')).toMatch(/: certificate expired .*\(CERT_HAS_EXPIRED\)/);
    expect(about('version-refused')).toMatch(/: TLS version or handshake refused: TCP to localhost:\d+ connects, but no TLS 1\.2\/1\.3 handshake completes/);
  });
});

describe('check --scenario https-only --tls (NAT, only TCP 443 out)', () => {
  let exit: { code: number | null; stdout: string; stderr: string };
  let run: RunResults;
  let pid: number;

  beforeAll(async () => {
    const dir = outDir('https-only');
    const cli = startCli(['check', '--scenario', 'https-only', '--tls', '-o', dir]);
    pid = cli.child.pid!;
    exit = await cli.done;
    run = readRun(dir);
  }, 150_000);

  it('is READY through turns: on 443 only, and the advice says so', () => {
    expect(exit.code, exit.stdout + exit.stderr).toBe(0);
    expect(exit.stdout).toMatch(/Readiness: READY/);
    expect(exit.stdout).toMatch(/Servers: embedded coturn on 203\.0\.113\.1:3478 \(TLS 443\)/);
    for (const browser of BROWSERS) {
      const turn = result(run, browser, 'turn-reachability');
      expect(turn.metrics).toMatchObject({ servers: 3, reachable: 1 });
      expect(turn.metrics['tlsAnswerMs']).toBeGreaterThan(0);
      expect(turn.metrics['udpAnswerMs']).toBeUndefined();
      expect(turn.metrics['tcpAnswerMs']).toBeUndefined();
      expect(messages(turn)).toContainEqual(expect.stringMatching(/^turns:turn\.webrtc-harness\.test:443\?transport=tcp: reachable over TLS/));
      expect(messages(turn)).toContainEqual(expect.stringMatching(/^Only turns: gets through \(TLS to turn\.webrtc-harness\.test:443\)/));
      expect(result(run, browser, 'connectivity').metrics['relayConnectMs']).toBeGreaterThan(0);
    }
  });

  it('removes its namespaces, their hosts files and the trust folders', () => {
    expect(exit.stderr).not.toMatch(/teardown:/);
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(`wh-${pid}-`);
    expect(existsSync('/etc/netns') ? readdirSync('/etc/netns').filter((name) => name.startsWith(`wh-${pid}-`)) : []).toEqual([]);
    expect(trustFolders()).toEqual([]);
  });
});
