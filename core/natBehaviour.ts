// NAT behaviour by RFC 5780: what a STUN client on the browsers' side of the network recorded
// (harness/nat/discover.ts asks the server, results.json keeps the answers) and the pure
// verdict on it. Mapping (RFC 4787 §4.1) says whether the NAT reuses one public address and
// port for every destination; filtering (§5) says who may send to that public port; hairpinning
// (§6) whether a host behind the NAT reaches another one through its public address.

/** An address and port, as a STUN attribute carries them; IPv6 addresses without brackets. */
export interface Endpoint {
  address: string;
  port: number;
}

/** One binding response's addresses; null in a test: no answer within the client's retries. */
export interface BindingAnswer {
  /** XOR-MAPPED-ADDRESS: where the server saw the request come from. */
  mapped: Endpoint;
  /** RESPONSE-ORIGIN: where the answer was sent from. */
  responseOrigin?: Endpoint;
  /** OTHER-ADDRESS: the server's second address and port; its absence means no RFC 5780. */
  otherAddress?: Endpoint;
}

/**
 * RFC 5780 §4.3 (mapping), one socket: I to the primary address; II to the other address and
 * the primary port; III to the other address and port. II and III run only when I named an
 * other address.
 */
export interface MappingTests {
  test1: BindingAnswer | null;
  test2?: BindingAnswer | null;
  test3?: BindingAnswer | null;
}

/**
 * RFC 5780 §4.4 (filtering), a fresh socket (no pinhole from the mapping tests): I to the
 * primary address; II asks the server to answer from its other address and port
 * (CHANGE-REQUEST ip+port); III from the primary address, other port (change port).
 */
export interface FilteringTests {
  test1: BindingAnswer | null;
  test2?: BindingAnswer | null;
  test3?: BindingAnswer | null;
}

/** RFC 5780 §4.5: a second socket sends a binding request to the first socket's mapped address. */
export interface HairpinTest {
  to: Endpoint;
  /** The first socket received that very request (matched by transaction id). */
  received: boolean;
}

/** What the client recorded against one STUN server. */
export interface NatDiscovery {
  /** The stun: URL asked, as the run lists it. */
  server: string;
  /** The address the client sent from (its route's source address); mapped == local means no NAT. */
  localAddress: string | null;
  /** The server's address and port the tests were sent to (the URL's host resolved). */
  serverAddress?: Endpoint;
  /** Why the tests could not run (the name did not resolve, no socket); the tests are then absent. */
  error?: string;
  mapping?: MappingTests;
  filtering?: FilteringTests;
  hairpinning?: HairpinTest;
}

export type MappingBehaviour = 'no NAT' | 'endpoint-independent' | 'address-dependent' | 'address-and-port-dependent';
export type FilteringBehaviour = 'endpoint-independent' | 'address-dependent' | 'address-and-port-dependent';

export type NatVerdict =
  | { kind: 'classified'; mapping: MappingBehaviour; filtering: FilteringBehaviour | null; hairpinning: boolean | null }
  | { kind: 'not-supported'; reason: string }
  | { kind: 'unreachable'; reason: string };

const same = (a: Endpoint | undefined, b: Endpoint | undefined): boolean => a !== undefined && b !== undefined && a.address === b.address && a.port === b.port;

/**
 * The server's other address, when it is one RFC 5780 can test from: a different IP address
 * and port than the primary (coturn names its own address with port+1 when asked on its
 * second listener, which can show neither address- nor filtering behaviour).
 */
export function usableOtherAddress(primary: Endpoint, answer: BindingAnswer | null | undefined): Endpoint | null {
  const other = answer?.otherAddress;
  return other && other.address !== primary.address && other.port !== primary.port ? other : null;
}

export function showEndpoint(e: Endpoint): string {
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

/**
 * Mapping (RFC 5780 §4.3): test I's mapped address equal to the local address is no NAT; II
 * equal to I is endpoint-independent; else III equal to II is address-dependent, otherwise
 * address-and-port-dependent. Filtering (§4.4): an answer to II is endpoint-independent, else an
 * answer to III is address-dependent, else address-and-port-dependent. A test that could not run
 * leaves its behaviour unknown (null), never guessed.
 */
export function classifyNat(d: NatDiscovery): NatVerdict {
  if (d.error) return { kind: 'unreachable', reason: d.error };
  const first = d.mapping?.test1;
  if (!first) return { kind: 'unreachable', reason: 'no answer to a binding request' };
  if (!first.otherAddress) {
    return { kind: 'not-supported', reason: 'not supported by this server (its answer names no OTHER-ADDRESS: RFC 5780 needs a second address)' };
  }
  const primary = d.serverAddress ?? first.responseOrigin;
  if (primary && !usableOtherAddress(primary, first)) {
    return {
      kind: 'not-supported',
      reason: `not supported by this server (its OTHER-ADDRESS ${showEndpoint(first.otherAddress)} shares the IP address or port of ${showEndpoint(primary)}: no second address to test from)`,
    };
  }
  const { test2, test3 } = d.mapping ?? {};
  let mapping: MappingBehaviour;
  if (d.localAddress !== null && first.mapped.address === d.localAddress) mapping = 'no NAT';
  else if (!test2) return { kind: 'unreachable', reason: `no answer from the other address ${showEndpoint(first.otherAddress)}` };
  else if (same(test2.mapped, first.mapped)) mapping = 'endpoint-independent';
  else if (!test3) return { kind: 'unreachable', reason: `no answer from the other address and port ${showEndpoint(first.otherAddress)}` };
  else mapping = same(test3.mapped, test2.mapped) ? 'address-dependent' : 'address-and-port-dependent';
  const f = d.filtering;
  let filtering: FilteringBehaviour | null = null;
  if (f?.test1 && f.test2) filtering = 'endpoint-independent';
  else if (f?.test1 && f.test2 === null && f.test3) filtering = 'address-dependent';
  else if (f?.test1 && f.test2 === null && f.test3 === null) filtering = 'address-and-port-dependent';
  return { kind: 'classified', mapping, filtering, hairpinning: d.hairpinning ? d.hairpinning.received : null };
}

/** What the behaviour means for calls, in a few words. */
function consequence(mapping: MappingBehaviour, filtering: FilteringBehaviour | null): string {
  if (mapping === 'no NAT') return 'host candidates are public';
  if (mapping !== 'endpoint-independent') return 'symmetric: srflx candidates are useless to peers, calls need a TURN relay';
  if (filtering === 'endpoint-independent') return 'full cone: any peer reaches the srflx candidate';
  return 'srflx candidates work once both sides have sent (hole punching)';
}

/** `NAT (stun:…): mapping …, filtering …, hairpinning …`, the line `check` prints and reports show. */
export function describeNat(d: NatDiscovery): string {
  const verdict = classifyNat(d);
  if (verdict.kind !== 'classified') return `NAT (${d.server}): ${verdict.kind === 'not-supported' ? verdict.reason : `not classified: ${verdict.reason}`}`;
  const hairpin = verdict.mapping === 'no NAT' ? 'not needed' : verdict.hairpinning === null ? 'unknown' : verdict.hairpinning ? 'yes' : 'no';
  return `NAT (${d.server}): mapping ${verdict.mapping}, filtering ${verdict.filtering ?? 'unknown'}, hairpinning ${hairpin} (${consequence(verdict.mapping, verdict.filtering)})`;
}
