// Where a run's parts sit: the browsers (with the page server) and the embedded TURN server.
// The scenario builder returns one of these for the namespaces it made; loopback is the
// machine's own network. Steps after the network (coturn, Janus) read it, so a port or an
// address is decided in one place: the network that lets it through.
import { LOOPBACK } from './scenarios.js';

/** The TURN server's ports: plain TURN/STUN (UDP and TCP) and turns: (TLS over TCP). */
export interface TurnPorts {
  port: number;
  tlsPort: number;
}

export interface TurnPlacement {
  /** Command prefix that starts the server where it sits; empty: this host. */
  prefix: readonly string[];
  listenIp: string;
  /** A second listening address: a second STUN endpoint, so NAT mapping behaviour shows. */
  alternateIp?: string;
  /** IPv6 listening addresses beside the IPv4 ones (primary and alternate: RFC 5780 over IPv6 too); STUN only, relaying stays IPv4. */
  ipv6?: { listenIp: string; alternateIp: string };
  /** The name turns: URLs use, resolving to listenIp where the browsers run; default: see EmbeddedTurnOptions.tlsHostName. */
  tlsHostName?: string;
  /** The ports the network lets through; null: free ones on this host, chosen at start. */
  ports: TurnPorts | null;
}

/** Where the embedded Janus sits: its HTTP API (and admin API) and the address its media uses. */
export interface MediaServerPlacement {
  /** Command prefix that starts Janus where it sits; empty: this host. */
  prefix: readonly string[];
  /** Address the Janus API and admin API listen on. */
  httpIp: string;
  /**
   * The one address Janus gathers ICE candidates on (it must be an interface's address). In a
   * scenario the TURN server's relay address, the one peer coturn relays to
   * (harness/turn/coturnConfig.ts), so a relayed call reaches Janus too.
   */
  mediaIp: string;
  /** Fixed API and admin ports (a fresh namespace has every port free); null: free ones on this host. */
  ports: { http: number; admin: number } | null;
}

export interface NetworkPlacement {
  /** `loopback` or the scenario's name, as results record it. */
  scenario: string;
  /** Command prefix that runs the matrix where the browsers sit; null: in this process. */
  clientPrefix: readonly string[] | null;
  /** Namespaces the network consists of (none on loopback). */
  namespaces: readonly string[];
  turn: TurnPlacement;
  mediaServer: MediaServerPlacement;
}

/** The default: everything on this machine's own network, no root needed. */
export const LOOPBACK_NETWORK: NetworkPlacement = {
  scenario: LOOPBACK,
  clientPrefix: null,
  namespaces: [],
  turn: { prefix: [], listenIp: '127.0.0.1', ports: null },
  // On loopback coturn relays to no local service (its relay address 127.0.0.2 is on no
  // interface, so Janus cannot use it): the call reaches Janus directly. libnice gathers on no
  // loopback interface, so Janus's candidates there are this machine's own addresses.
  mediaServer: { prefix: [], httpIp: '127.0.0.1', mediaIp: '127.0.0.1', ports: null },
};
