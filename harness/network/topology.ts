// Turns a scenario into the commands that build it: three namespaces in a row,
//
//   client (browsers)          router (NAT, firewall, shaping)          public ("internet", coturn)
//   198.51.100.2/24  --veth--  198.51.100.1/24 | 203.0.113.2/24  --veth--  203.0.113.1/24, 203.0.113.3/24
//
// Documentation ranges only (RFC 5737). Everything lives inside the namespaces, so deleting
// them removes every interface, rule and qdisc we made: the host is never touched.
import type { TurnPorts } from './placement.js';
import type { Scenario } from './scenarios.js';

export const ADDRESSES = {
  client: '198.51.100.2',
  routerLan: '198.51.100.1',
  routerWan: '203.0.113.2',
  /** coturn's first address: TURN and STUN. */
  server: '203.0.113.1',
  /** coturn's second address: a second STUN endpoint, so NAT mapping behaviour can be observed. */
  serverAlternate: '203.0.113.3',
} as const;

/** coturn's ports inside the public namespace: a fresh namespace has every port free, so the standard ones. */
export const SCENARIO_TURN_PORTS: TurnPorts = { port: 3478, tlsPort: 5349 };

/** The embedded Janus's API and admin ports in the public namespace (Janus's own defaults). */
export const SCENARIO_JANUS_PORTS = { http: 8088, admin: 7088 } as const;

export interface NamespaceNames {
  client: string;
  router: string;
  public: string;
}

/**
 * Namespace names carry the owning process id, for people reading `ip netns list`. They are no
 * proof of ownership: what a run owns is in its record (harness/ownership/runRecord.ts).
 */
export function namespaceNames(ownerPid: number, tag: string): NamespaceNames {
  const base = `wh-${ownerPid}-${tag}`;
  return { client: `${base}-cli`, router: `${base}-nat`, public: `${base}-pub` };
}

export type CommandLine = readonly string[];

export interface TopologyPlan {
  /** Created first; deleting them undoes everything else. */
  namespaces: readonly string[];
  commands: readonly CommandLine[];
}

export function planTopology(scenario: Scenario, ns: NamespaceNames, turn: TurnPorts): TopologyPlan {
  const inNs = (name: string, ...command: string[]): CommandLine => ['ip', 'netns', 'exec', name, ...command];
  const ipt = (...rule: string[]): CommandLine => inNs(ns.router, 'iptables', '-w', ...rule);
  const commands: CommandLine[] = [
    // veth pairs are created in the router and one end moved out, so names never clash on the host.
    ['ip', '-n', ns.router, 'link', 'add', 'lan0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns.client],
    ['ip', '-n', ns.router, 'link', 'add', 'wan0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns.public],
    ['ip', '-n', ns.client, 'addr', 'add', `${ADDRESSES.client}/24`, 'dev', 'eth0'],
    ['ip', '-n', ns.router, 'addr', 'add', `${ADDRESSES.routerLan}/24`, 'dev', 'lan0'],
    ['ip', '-n', ns.router, 'addr', 'add', `${ADDRESSES.routerWan}/24`, 'dev', 'wan0'],
    ['ip', '-n', ns.public, 'addr', 'add', `${ADDRESSES.server}/24`, 'dev', 'eth0'],
    ['ip', '-n', ns.public, 'addr', 'add', `${ADDRESSES.serverAlternate}/24`, 'dev', 'eth0'],
    ...[ns.client, ns.router, ns.public].flatMap((name) => [['ip', '-n', name, 'link', 'set', 'lo', 'up']]),
    ['ip', '-n', ns.client, 'link', 'set', 'eth0', 'up'],
    ['ip', '-n', ns.router, 'link', 'set', 'lan0', 'up'],
    ['ip', '-n', ns.router, 'link', 'set', 'wan0', 'up'],
    ['ip', '-n', ns.public, 'link', 'set', 'eth0', 'up'],
    ['ip', '-n', ns.client, 'route', 'add', 'default', 'via', ADDRESSES.routerLan],
    // Without NAT the public side must route back to the client network itself.
    ['ip', '-n', ns.public, 'route', 'add', '198.51.100.0/24', 'via', ADDRESSES.routerWan],
    inNs(ns.router, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1'),
  ];
  if (scenario.nat !== 'none') {
    commands.push(ipt('-t', 'nat', '-A', 'POSTROUTING', '-o', 'wan0', '-j', 'MASQUERADE', ...(scenario.nat === 'symmetric' ? ['--random-fully'] : [])));
  }
  if (scenario.blockUdp) commands.push(ipt('-A', 'FORWARD', '-i', 'lan0', '-p', 'udp', '-j', 'DROP'));
  if (scenario.onlyTurn) {
    commands.push(
      ipt('-A', 'FORWARD', '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT'),
      ipt('-A', 'FORWARD', '-i', 'lan0', '-d', ADDRESSES.server, '-p', 'udp', '--dport', String(turn.port), '-j', 'ACCEPT'),
      ipt('-A', 'FORWARD', '-i', 'lan0', '-d', ADDRESSES.server, '-p', 'tcp', '--dport', String(turn.port), '-j', 'ACCEPT'),
      // turns: is TLS over TCP only (coturn runs with no-dtls).
      ipt('-A', 'FORWARD', '-i', 'lan0', '-d', ADDRESSES.server, '-p', 'tcp', '--dport', String(turn.tlsPort), '-j', 'ACCEPT'),
      ipt('-A', 'FORWARD', '-i', 'lan0', '-j', 'DROP'),
    );
  }
  if (scenario.loss !== undefined) {
    commands.push(ipt('-A', 'FORWARD', '-m', 'statistic', '--mode', 'random', '--probability', String(scenario.loss), '-j', 'DROP'));
  }
  if (scenario.rateKbit !== undefined) {
    // tbf on the router's egress in each direction; burst sized for ~10 ms at the rate (min 5 kB).
    const burst = String(Math.max(5_000, Math.round((scenario.rateKbit * 1000) / 8 / 100)));
    for (const dev of ['lan0', 'wan0']) {
      commands.push(inNs(ns.router, 'tc', 'qdisc', 'add', 'dev', dev, 'root', 'tbf', 'rate', `${scenario.rateKbit}kbit`, 'burst', burst, 'latency', '50ms'));
    }
  }
  return { namespaces: [ns.client, ns.router, ns.public], commands };
}
