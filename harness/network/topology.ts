// Turns a scenario into the commands that build it: three namespaces in a row,
//
//   client (browsers)          router (NAT, firewall, shaping)          public ("internet", coturn)
//   198.51.100.2/24  --veth--  198.51.100.1/24 | 203.0.113.2/24  --veth--  203.0.113.1/24, 203.0.113.3/24
//   2001:db8:1::2/64           2001:db8:1::1/64 | 2001:db8:2::2/64         2001:db8:2::1/64, 2001:db8:2::3/64  (ipv6 scenarios)
//
// Documentation ranges only (RFC 5737, RFC 3849). Everything lives inside the namespaces, so deleting
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

/** The same places over IPv6, in scenarios with `ipv6`: routed, no NAT (as most dual-stack access networks). */
export const IPV6_ADDRESSES = {
  client: '2001:db8:1::2',
  routerLan: '2001:db8:1::1',
  routerWan: '2001:db8:2::2',
  server: '2001:db8:2::1',
  serverAlternate: '2001:db8:2::3',
} as const;

/** coturn's ports inside the public namespace: a fresh namespace has every port free, so the standard ones. */
export const SCENARIO_TURN_PORTS: TurnPorts = { port: 3478, tlsPort: 5349 };

/** The scenario's TURN ports: the standard ones, turns: on 443 where the firewall passes HTTPS only. */
export function scenarioTurnPorts(scenario: Scenario): TurnPorts {
  return scenario.onlyHttps ? { ...SCENARIO_TURN_PORTS, tlsPort: 443 } : SCENARIO_TURN_PORTS;
}

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
  if (scenario.ipv6) commands.push(...ipv6Commands(ns));
  if (scenario.nat !== 'none') {
    commands.push(ipt('-t', 'nat', '-A', 'POSTROUTING', '-o', 'wan0', '-j', 'MASQUERADE', ...(scenario.nat === 'symmetric' ? ['--random-fully'] : [])));
  }
  if (scenario.nat === 'full-cone') {
    // MASQUERADE keeps the client's source port (one client, so no clash), so the mapped port is
    // the client's own: a new flow from anyone on the public side to 203.0.113.2:P is sent on to
    // 198.51.100.2:P. Replies of existing flows never reach this rule (conntrack un-NATs them
    // first), and only wan0 is matched: a packet from the LAN side is not hairpinned.
    commands.push(ipt('-t', 'nat', '-A', 'PREROUTING', '-i', 'wan0', '-p', 'udp', '-j', 'DNAT', '--to-destination', ADDRESSES.client));
  }
  if (scenario.blockUdp) commands.push(ipt('-A', 'FORWARD', '-i', 'lan0', '-p', 'udp', '-j', 'DROP'));
  if (scenario.onlyTurn) {
    commands.push(
      ipt('-A', 'FORWARD', '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT'),
      ipt('-A', 'FORWARD', '-i', 'lan0', '-d', ADDRESSES.server, '-p', 'udp', '--dport', String(turn.port), '-j', 'ACCEPT'),
      ipt('-A', 'FORWARD', '-i', 'lan0', '-d', ADDRESSES.server, '-p', 'tcp', '--dport', String(turn.port), '-j', 'ACCEPT'),
      // turns: is TLS over TCP only (coturn runs with no-dtls).
      ipt('-A', 'FORWARD', '-i', 'lan0', '-d', ADDRESSES.server, '-p', 'tcp', '--dport', String(turn.tlsPort), '-j', 'ACCEPT'),
      // The media server's signalling (Janus's HTTP API, which the page reaches through the page
      // server's proxy): real deployments carry it over HTTPS on 443, which these firewalls pass;
      // its media still has to go through TURN.
      ipt('-A', 'FORWARD', '-i', 'lan0', '-d', ADDRESSES.server, '-p', 'tcp', '--dport', String(SCENARIO_JANUS_PORTS.http), '-j', 'ACCEPT'),
      ipt('-A', 'FORWARD', '-i', 'lan0', '-j', 'DROP'),
    );
  }
  if (scenario.onlyHttps) {
    commands.push(
      ipt('-A', 'FORWARD', '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT'),
      ipt('-A', 'FORWARD', '-i', 'lan0', '-p', 'tcp', '--dport', '443', '-j', 'ACCEPT'),
      // The media server's signalling (Janus's HTTP API, which the page reaches through the page
      // server's proxy): real deployments carry it over HTTPS on 443, which these firewalls pass;
      // its media still has to go through TURN.
      ipt('-A', 'FORWARD', '-i', 'lan0', '-d', ADDRESSES.server, '-p', 'tcp', '--dport', String(SCENARIO_JANUS_PORTS.http), '-j', 'ACCEPT'),
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

/** IPv6 beside IPv4: addresses without duplicate address detection (usable at once), routes, forwarding. */
function ipv6Commands(ns: NamespaceNames): CommandLine[] {
  const a = IPV6_ADDRESSES;
  const add = (name: string, address: string, dev: string): CommandLine => ['ip', '-n', name, 'addr', 'add', `${address}/64`, 'dev', dev, 'nodad'];
  return [
    add(ns.client, a.client, 'eth0'),
    add(ns.router, a.routerLan, 'lan0'),
    add(ns.router, a.routerWan, 'wan0'),
    add(ns.public, a.server, 'eth0'),
    add(ns.public, a.serverAlternate, 'eth0'),
    ['ip', '-n', ns.client, '-6', 'route', 'add', 'default', 'via', a.routerLan],
    ['ip', '-n', ns.public, '-6', 'route', 'add', '2001:db8:1::/64', 'via', a.routerWan],
    ['ip', 'netns', 'exec', ns.router, 'sysctl', '-q', '-w', 'net.ipv6.conf.all.forwarding=1'],
  ];
}
