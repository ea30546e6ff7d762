// NAT behaviour (RFC 5780) in scenarios built for real (root): the harness's STUN client must
// classify each scenario as what its iptables rules make Linux do, and coturn's own
// turnutils_natdiscovery, asked the same questions from the same namespace, must agree. Then
// `check` shows it beside the browsers' evidence, and the dual-stack scenario gives both
// browsers IPv6 candidates.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyNat, type FilteringBehaviour, type MappingBehaviour } from '../../core/natBehaviour.js';
import type { ProbeResult, RunResults } from '../../core/results.js';
import { ADDRESSES, IPV6_ADDRESSES } from '../../harness/network/topology.js';
import { startEmbeddedTurn } from '../../harness/turn/coturn.js';
import { startCli } from '../support/cli.js';
import { harnessDiscovery, inScenario, natdiscoveryVerdict } from '../support/natInScenario.js';
import { validateResults } from '../support/resultsSchema.js';

interface LinuxBehaviour {
  scenario: string;
  mapping: MappingBehaviour;
  filtering: FilteringBehaviour;
  hairpinning: boolean;
  why: string;
  /** Asked over IPv6 (the scenario's IPv6 addresses) instead of IPv4. */
  ipv6?: true;
}

const LINUX: LinuxBehaviour[] = [
  {
    scenario: 'open',
    mapping: 'no NAT',
    filtering: 'endpoint-independent',
    hairpinning: true,
    why: 'no NAT rule and no firewall: the server sees the client address itself and anyone may send to it',
  },
  {
    scenario: 'nat',
    mapping: 'endpoint-independent',
    filtering: 'address-and-port-dependent',
    hairpinning: false,
    why: 'MASQUERADE keeps the source port for every destination; conntrack lets in only replies from the exact address and port; nothing sends LAN packets for the WAN address back in',
  },
  {
    scenario: 'symmetric-nat',
    mapping: 'address-and-port-dependent',
    filtering: 'address-and-port-dependent',
    hairpinning: false,
    why: 'MASQUERADE --random-fully picks a random port per new flow (address and port); conntrack filters as in nat',
  },
  {
    scenario: 'full-cone-nat',
    mapping: 'endpoint-independent',
    filtering: 'endpoint-independent',
    hairpinning: false,
    why: 'MASQUERADE keeps ports, and the DNAT rule on wan0 sends a new flow from anyone to the mapped port on to the client; LAN packets are not DNATed',
  },
  {
    scenario: 'dual-stack',
    mapping: 'no NAT',
    filtering: 'endpoint-independent',
    hairpinning: true,
    why: 'over IPv6: routed without NAT or firewall, as open is over IPv4',
    ipv6: true,
  },
];

describe('RFC 5780 NAT classes per scenario: the harness client and turnutils_natdiscovery agree with what Linux does', () => {
  it.concurrent.each(LINUX)('$scenario: $why', async (linux) => {
    const addresses = linux.ipv6 ? IPV6_ADDRESSES : ADDRESSES;
    await inScenario(linux.scenario, async ({ client }) => {
      const [[ours], theirs] = await Promise.all([
        harnessDiscovery(client, [linux.ipv6 ? `stun:[${addresses.server}]:3478` : `stun:${addresses.server}:3478`]),
        natdiscoveryVerdict(client, addresses.server, addresses.client),
      ]);
      expect(classifyNat(ours!), JSON.stringify(ours)).toEqual({
        kind: 'classified',
        mapping: linux.mapping,
        filtering: linux.filtering,
        hairpinning: linux.hairpinning,
      });
      expect({ mapping: theirs.mapping, filtering: theirs.filtering, hairpinning: theirs.hairpinning }, theirs.output).toEqual({
        mapping: linux.mapping,
        filtering: linux.filtering,
        hairpinning: linux.hairpinning,
      });
    });
  });
});

async function check(scenario: string, browsers: string[]): Promise<{ code: number | null; stdout: string; run: RunResults }> {
  const dir = mkdtempSync(join(tmpdir(), `wh-e2e-nat-${scenario}-`));
  const { code, stdout, stderr } = await startCli(['check', '--scenario', scenario, ...browsers.flatMap((b) => ['-b', b]), '-o', dir]).done;
  expect(stderr).not.toMatch(/teardown:/);
  return { code, stdout, run: JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults };
}
const result = (run: RunResults, browser: string, probe: string): ProbeResult => run.results.find((r) => r.browser.name === browser && r.probe === probe)!;
const messages = (r: ProbeResult) => r.findings.map((f) => f.message).join('\n');

describe('check shows the NAT class beside the browsers’ evidence', () => {
  it("loopback: classifies the user's --stun server when it supports RFC 5780 (a coturn on 127.0.0.1 and 127.0.0.3): no NAT", async () => {
    const turn = await startEmbeddedTurn({ alternateIp: '127.0.0.3' });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'wh-e2e-nat-loopback-'));
      const url = `stun:127.0.0.1:${turn.port}`;
      const { code, stdout } = await startCli(['check', '--stun', url, '-b', 'chromium', '-o', dir]).done;
      expect(code, stdout).toBe(0);
      expect(stdout).toContain(`NAT (${url}): mapping no NAT, filtering endpoint-independent, hairpinning not needed (host candidates are public)`);
    } finally {
      await turn.stop();
    }
  });

  it('full-cone-nat: the check prints the classification, records the answers in a valid results.json, and the browser saw one public port', async () => {
    const { code, stdout, run } = await check('full-cone-nat', ['chromium']);
    expect(code, stdout).toBe(0);
    expect(stdout).toContain(
      'NAT (stun:203.0.113.1:3478): mapping endpoint-independent, filtering endpoint-independent, hairpinning no (full cone: any peer reaches the srflx candidate)',
    );
    // coturn's second listener names itself as OTHER-ADDRESS: no second address to test from.
    expect(stdout).toMatch(/NAT \(stun:203\.0\.113\.3:3478\): not supported by this server/);
    expect(stdout).toMatch(/chromium: srflx 203\.0\.113\.2:\d+\n/);
    expect(validateResults(run), JSON.stringify(validateResults.errors)).toBe(true);
    expect(run.nat?.map((d) => d.server)).toEqual(['stun:203.0.113.1:3478', 'stun:203.0.113.3:3478']);
  });

  it('dual-stack: both browsers gather IPv6 candidates and reach the IPv6 STUN server; IPv6 has no NAT', async () => {
    const { code, stdout, run } = await check('dual-stack', ['chromium', 'firefox']);
    expect(code, stdout).toBe(0);
    for (const browser of ['chromium', 'firefox']) expect(result(run, browser, 'ice-candidates').metrics['ipv6Candidates'], browser).toBeGreaterThan(0);
    // Chromium shows its IPv6 host address and drops the srflx that equals it (no NAT on IPv6)...
    expect(messages(result(run, 'chromium', 'ice-candidates'))).toMatch(/IPv6: host: [1-9]\d* udp/);
    expect(messages(result(run, 'chromium', 'stun-reachability'))).toMatch(
      /stun:\[2001:db8:2::1\]:3478: answered in under \d+ ms; the mapped address equals a host address/,
    );
    // ...Firefox hides host addresses behind mDNS names and keeps the IPv6 srflx.
    expect(messages(result(run, 'firefox', 'ice-candidates'))).toMatch(/IPv6: srflx: [1-9]\d* udp; a server answered over IPv6/);
    expect(messages(result(run, 'firefox', 'stun-reachability'))).toMatch(/stun:\[2001:db8:2::1\]:3478: reachable: srflx \[?2001:db8:1::2\]?:\d+/);
    expect(stdout).toMatch(/NAT \(stun:\[2001:db8:2::1\]:3478\): mapping no NAT, filtering endpoint-independent/);
    expect(stdout).toMatch(/NAT \(stun:203\.0\.113\.1:3478\): mapping endpoint-independent, filtering address-and-port-dependent/);
  });
});
