// Network scenarios built for real (root): namespaces, NAT, firewall. Each check runs the
// browsers inside the client namespace against coturn on the public one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProbeResult, RunResults } from '../../core/results.js';
import { startCli } from '../support/cli.js';
import { childProcesses, isAlive, processGroupOf } from '../support/processes.js';

const namespaces = () => execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });

async function check(
  scenario: string,
  browsers: string[],
  probes: string[] = [],
  extra: string[] = [],
): Promise<{ code: number | null; run: RunResults; stdout: string }> {
  const dir = mkdtempSync(join(tmpdir(), `wh-e2e-${scenario}-`));
  const command = probes.length ? ['run', ...probes.flatMap((p) => ['-p', p])] : ['check'];
  const cli = startCli([...command, '--scenario', scenario, ...browsers.flatMap((b) => ['-b', b]), '-o', dir, ...extra]);
  const { code, stdout, stderr } = await cli.done;
  expect(stderr).not.toMatch(/teardown:/);
  // Every namespace this run made is gone (their names carry the run's pid).
  expect(namespaces()).not.toContain(`wh-${cli.child.pid}-`);
  return { code, run: JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults, stdout };
}

const result = (run: RunResults, browser: string, probe: string): ProbeResult => run.results.find((r) => r.browser.name === browser && r.probe === probe)!;
const messages = (r: ProbeResult) => r.findings.map((f) => f.message).join('\n');

describe('network scenarios', () => {
  it('nat: srflx candidates carry the NAT public address, mapping is endpoint-independent, relay connects', async () => {
    const { code, run } = await check('nat', ['chromium', 'firefox']);
    expect(code).toBe(0);
    expect(run.environment.scenario).toBe('nat');
    for (const browser of ['chromium', 'firefox']) {
      const stun = result(run, browser, 'stun-reachability');
      expect(stun.scenario).toBe('nat');
      expect(messages(stun)).toMatch(/reachable: srflx 203\.0\.113\.2:\d+/);
      expect(messages(stun)).toMatch(/NAT mapping is endpoint-independent/);
      expect(result(run, browser, 'connectivity').metrics['relayConnectMs']).toBeGreaterThan(0);
    }
    // Both test peers sit behind the same NAT and Linux does not hairpin: the srflx path between
    // them fails, and the finding says why instead of calling the network broken.
    expect(messages(result(run, 'chromium', 'connectivity'))).toMatch(/srflx: failed.*needs the NAT to hairpin/);
    // The browsers differ behind the NAT as on loopback: only Firefox hides host addresses.
    expect(result(run, 'chromium', 'ice-candidates').metrics['mdnsHostCandidates']).toBe(0);
    expect(result(run, 'firefox', 'ice-candidates').metrics['mdnsHostCandidates']).toBeGreaterThan(0);
  });

  it('open: public addresses and no NAT, so the address STUN reports is the host address itself', async () => {
    const { code, run } = await check('open', ['chromium', 'firefox']);
    expect(code).toBe(0);
    expect(messages(result(run, 'chromium', 'stun-reachability'))).toMatch(/mapped address equals a host address \(no NAT between browser and server\)/);
    // Firefox reports the srflx it was given: its own client address, not the router's 203.0.113.2.
    expect(messages(result(run, 'firefox', 'stun-reachability'))).toMatch(/reachable: srflx 198\.51\.100\.2:\d+/);
    for (const browser of ['chromium', 'firefox']) expect(result(run, browser, 'connectivity').metrics['relayConnectMs']).toBeGreaterThan(0);
  });

  it('loss-2pct: a call relayed through the router loses packets on the way (2% each crossing)', async () => {
    const { run } = await check('loss-2pct', ['chromium'], ['getstats-bandwidth']);
    const call = result(run, 'chromium', 'getstats-bandwidth');
    // The relayed media crosses the lossy router twice (to coturn and back): about 4%, never none.
    expect(call.metrics['lossPct'], JSON.stringify(call.metrics)).toBeGreaterThanOrEqual(1);
    expect(call.metrics['lossPct']).toBeLessThanOrEqual(10);
  });

  it('bandwidth-1mbit: a data channel that fills the link is held near 1 Mbit/s', async () => {
    const { run } = await check('bandwidth-1mbit', ['chromium'], ['datachannel-throughput']);
    const throughput = result(run, 'chromium', 'datachannel-throughput');
    // Unshaped the same probe moves tens of Mbit/s; the cap also carries IP/UDP/TURN/SCTP headers,
    // so the payload rate lies below 1000 kbit/s, but not below half of it.
    expect(throughput.metrics['reliableKbps'], JSON.stringify(throughput.metrics)).toBeGreaterThanOrEqual(500);
    expect(throughput.metrics['reliableKbps']).toBeLessThanOrEqual(1300);
  });

  it('udp-blocked: no UDP relay, TURN over TCP allocates and the relay path connects', async () => {
    const { code, run } = await check('udp-blocked', ['chromium', 'firefox']);
    expect(code).toBe(0);
    for (const browser of ['chromium', 'firefox']) {
      const turn = result(run, browser, 'turn-reachability');
      expect(turn.status).toBe('warn');
      expect(turn.metrics['udpAnswerMs']).toBeUndefined();
      expect(turn.metrics['tcpAnswerMs']).toBeGreaterThanOrEqual(0);
      expect(messages(turn)).toMatch(/UDP to TURN is blocked/);
      expect(result(run, browser, 'ice-candidates').metrics['srflxCandidates']).toBe(0);
      const relay = (result(run, browser, 'connectivity').raw as { attempts: { path: string; outcome: string }[] }).attempts.find((a) => a.path === 'relay');
      expect(relay?.outcome).toBe('connected');
    }
  });

  it('symmetric-nat: each STUN server sees another public port, and the check says a relay is needed', async () => {
    const { run } = await check('symmetric-nat', ['chromium']);
    const stun = result(run, 'chromium', 'stun-reachability');
    expect(messages(stun)).toMatch(/symmetric NAT: each STUN server saw a different public port/);
    expect(stun.metrics['publicPortsPerSocket']).toBeGreaterThan(1);
    expect(result(run, 'chromium', 'connectivity').metrics['relayConnectMs']).toBeGreaterThan(0);
  });

  it('relay-only: only the TURN port gets through; relay connects, the second STUN endpoint is unreachable', async () => {
    const { run } = await check('relay-only', ['firefox']);
    const stun = result(run, 'firefox', 'stun-reachability');
    expect(messages(stun)).toMatch(/stun:203\.0\.113\.3:3478: unreachable/);
    expect(result(run, 'firefox', 'turn-reachability').status).toBe('pass');
    expect(result(run, 'firefox', 'connectivity').metrics['relayConnectMs']).toBeGreaterThan(0);
  });

  it('relay-only with --tls: the firewall lets the turns: port coturn listens on through, and turns: allocates', async () => {
    const { run } = await check('relay-only', ['chromium'], [], ['--tls']);
    const turn = result(run, 'chromium', 'turn-reachability');
    // results.json lists servers as `URL (with credentials)`.
    const turns = run.environment.iceServers.find((server) => server.startsWith('turns:'))?.split(' ')[0];
    expect(turns, JSON.stringify(run.environment.iceServers)).toBe('turns:turn.webrtc-harness.test:5349?transport=tcp');
    expect(messages(turn)).toMatch(/turns:turn\.webrtc-harness\.test:5349\?transport=tcp: reachable over TLS/);
    // The plain TURN port still gets through beside it.
    expect(turn.metrics['udpAnswerMs']).toBeGreaterThanOrEqual(0);
    expect(turn.metrics['tlsAnswerMs']).toBeGreaterThan(0);
  });

  it('Ctrl-C during a scenario run removes its namespaces and coturn and exits 130', async () => {
    const cli = startCli(['check', '--scenario', 'nat', '-b', 'chromium', '-o', mkdtempSync(join(tmpdir(), 'wh-e2e-sigint-nat-'))]);
    await cli.waitForLine(/chromium .* ready$/);
    expect(namespaces()).toContain(`wh-${cli.child.pid}-`);
    // This run's own coturn: other runs on the machine may have theirs.
    const coturn = childProcesses(cli.child.pid!).filter((p) => p.command.startsWith('/usr/bin/turnserver -c '));
    expect(coturn).toHaveLength(1);
    cli.child.kill('SIGINT');
    const { code } = await cli.done;
    expect(code).toBe(130);
    expect(namespaces()).not.toContain(`wh-${cli.child.pid}-`);
    expect(isAlive(coturn[0]!.pid)).toBe(false);
  });

  it('Ctrl-C at a terminal (the whole process group, twice) is handled once by the harness: the worker sits in its own group, teardown runs once, exit 130', async () => {
    const cli = startCli(['check', '--scenario', 'nat', '-b', 'chromium', '-o', mkdtempSync(join(tmpdir(), 'wh-e2e-sigint-group-'))], {}, undefined, {
      ownProcessGroup: true,
    });
    await cli.waitForLine(/chromium .* ready$/);
    const harness = cli.child.pid!;
    const worker = childProcesses(harness).find((p) => p.command.includes('/harness/worker/main.js'));
    const groups = { harness: processGroupOf(harness), worker: worker && processGroupOf(worker.pid) };
    process.kill(-harness, 'SIGINT');
    process.kill(-harness, 'SIGINT');
    const { code, stderr } = await cli.done;
    expect(worker, JSON.stringify(childProcesses(harness))).toBeDefined();
    // The terminal signals the foreground process group: the worker is not in it, so only the harness hears Ctrl-C.
    expect(groups.harness).toBe(harness);
    expect(groups.worker).not.toBe(harness);
    expect(code).toBe(130);
    expect(stderr.match(/SIGINT: stopping/g)).toHaveLength(1);
    expect(stderr).not.toMatch(/teardown:/);
    expect(namespaces()).not.toContain(`wh-${harness}-`);
    expect(isAlive(worker!.pid)).toBe(false);
  });

  it('without root, a scenario is an environment error that says why', async () => {
    const { code, stderr } = await startCli(['check', '--scenario', 'nat'], {}, 65534).done;
    expect(code).toBe(2);
    expect(stderr).toContain('network scenarios need root');
  });
});
