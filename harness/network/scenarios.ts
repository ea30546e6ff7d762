// Named network shapes, declared as data. harness/network/topology.ts turns one into the
// commands that build it; nothing here touches the system.

export type NatKind = 'none' | 'port-preserving' | 'symmetric' | 'full-cone';

export interface Scenario {
  name: string;
  description: string;
  /** What a user should expect to see; shown by --help and in reports. */
  expect: string;
  nat: NatKind;
  /** Drop all UDP the client sends towards the public side. */
  blockUdp?: boolean;
  /** Let the client reach only the TURN server's port (UDP and TCP), nothing else on the public side. */
  onlyTurn?: boolean;
  /** Let the client out on TCP port 443 only (an HTTPS-only firewall); coturn then serves turns: on 443. */
  onlyHttps?: boolean;
  /** Egress rate cap on both directions of the router, in kbit/s (tc tbf). */
  rateKbit?: number;
  /** Random loss applied to forwarded packets, 0..1 (iptables statistic; netem is not available here). */
  loss?: number;
  /** IPv6 beside IPv4 (2001:db8::/32), routed without NAT; coturn listens on both families. */
  ipv6?: boolean;
}

export const LOOPBACK = 'loopback';

/** `loopback` needs no entry: browsers and coturn share the machine's own network, no root needed. */
export const SCENARIOS: readonly Scenario[] = [
  { name: 'open', description: 'public addresses, no NAT, no firewall', expect: 'host candidates reach the server directly; srflx equals host', nat: 'none' },
  {
    name: 'nat',
    description: 'home NAT: endpoint-independent mapping (Linux MASQUERADE keeps ports)',
    expect: "srflx candidates carry the NAT's public address 203.0.113.2",
    nat: 'port-preserving',
  },
  {
    name: 'symmetric-nat',
    description: 'symmetric NAT: a new random public port per destination (MASQUERADE --random-fully)',
    expect: 'each STUN server sees a different public port: srflx is useless to peers, relay is needed',
    nat: 'symmetric',
  },
  {
    name: 'full-cone-nat',
    description: 'full-cone NAT: MASQUERADE keeps ports, and any sender reaches a mapped port (DNAT back to the client)',
    expect: 'NAT filtering is endpoint-independent: the RFC 5780 check says full cone',
    nat: 'full-cone',
  },
  {
    name: 'dual-stack',
    description: 'IPv4 behind NAT (MASQUERADE) and IPv6 routed without NAT (2001:db8::/32)',
    expect: 'IPv6 host and srflx candidates beside IPv4 ones; the IPv6 STUN server answers',
    nat: 'port-preserving',
    ipv6: true,
  },
  {
    name: 'udp-blocked',
    description: 'NAT with all outgoing UDP dropped',
    expect: 'no srflx and no relay over UDP; TURN over TCP works and carries the call',
    nat: 'port-preserving',
    blockUdp: true,
  },
  {
    name: 'relay-only',
    description: 'NAT with a firewall that lets through only the TURN server port',
    expect: 'only relay candidates connect',
    nat: 'port-preserving',
    onlyTurn: true,
  },
  {
    name: 'https-only',
    description: 'NAT with a firewall that lets out only TCP 443 (HTTPS)',
    expect: 'only turns: on 443 gets through (with --tls): relay over TLS carries the call',
    nat: 'port-preserving',
    onlyHttps: true,
  },
  {
    name: 'bandwidth-1mbit',
    description: 'NAT with a 1 Mbit/s cap in both directions (tc tbf)',
    expect: 'media bitrate settles under 1 Mbit/s',
    nat: 'port-preserving',
    rateKbit: 1000,
  },
  {
    name: 'bandwidth-400kbit',
    description: 'NAT with a 400 kbit/s cap in both directions (tc tbf)',
    expect: 'media bitrate settles under 400 kbit/s',
    nat: 'port-preserving',
    rateKbit: 400,
  },
  {
    name: 'loss-2pct',
    description: 'NAT dropping 2% of forwarded packets at random (iptables statistic)',
    expect: 'connectivity holds; getStats shows ~2% loss',
    nat: 'port-preserving',
    loss: 0.02,
  },
];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

export const SCENARIO_NAMES = [LOOPBACK, ...SCENARIOS.map((s) => s.name)];
