// Where `serve` listens and what address its visitors are given. Visitors are on other machines,
// so by default it listens on this machine's own address on its network (not on loopback, not on
// every interface). The embedded coturn needs one concrete address to listen and relay on: the
// served one, or this machine's own when the server listens on every interface.
import { networkInterfaces } from 'node:os';
import { UsageError } from '../errors.js';
import { addressKind, numericAddress } from '../server/listenAddress.js';

export interface ServeAddress {
  /** What the HTTP(S) server listens on (may be the unspecified address: every interface). */
  listenHost: string;
  /** A concrete address it is reached at: listenHost, or this machine's own when that is every interface. */
  urlHost: string;
  /** A concrete address of this machine: coturn's listening and relay address. */
  turnIp: string;
}

type Interfaces = ReturnType<typeof networkInterfaces>;

/** The first IPv4 address of this machine that is not loopback: the one its network reaches it on. */
export function ownNetworkAddress(interfaces: Interfaces = networkInterfaces()): string | null {
  for (const addresses of Object.values(interfaces)) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

/** A numeric address in canonical form (IPv4 dotted), refusing names and what cannot be listened on. */
function unicastOrUnspecified(flag: string, text: string): { canonical: string; unspecified: boolean } {
  const address = numericAddress(text);
  if (!address) throw new UsageError(`${flag} expects an IP address of this machine (see: ip -brief address), not '${text}'`);
  const canonical = address.family === 4 ? address.bytes.join('.') : text;
  const kind = addressKind(address);
  if (kind !== 'unicast' && kind !== 'unspecified') throw new UsageError(`${flag} ${text}: a ${kind} address cannot be listened on`);
  return { canonical, unspecified: kind === 'unspecified' };
}

/**
 * `--host`: an IP address (canonical form); none given: this machine's address on its network, else
 * loopback. `--turn-ip`: where coturn goes when that is not where the HTTP server listens (behind a
 * reverse proxy the server listens on loopback, coturn must not).
 */
export function serveAddress(host: string | undefined, turnIp: string | undefined, interfaces: Interfaces = networkInterfaces()): ServeAddress {
  const own = ownNetworkAddress(interfaces) ?? '127.0.0.1';
  const listen = host === undefined ? { canonical: own, unspecified: false } : unicastOrUnspecified('--host', host);
  const listenHost = listen.canonical;
  const urlHost = listen.unspecified ? own : listenHost;
  if (turnIp !== undefined) {
    const turn = unicastOrUnspecified('--turn-ip', turnIp);
    if (turn.unspecified) throw new UsageError('--turn-ip needs one address: coturn relays from it, and visitors are told it');
    return { listenHost, urlHost, turnIp: turn.canonical };
  }
  return { listenHost, urlHost, turnIp: urlHost };
}

/** Loopback: only browsers on this machine reach it. */
export function isLoopback(ip: string): boolean {
  const address = numericAddress(ip);
  if (!address) return false;
  return address.family === 4 ? address.bytes[0] === 127 : address.bytes.slice(0, 15).every((b) => b === 0) && address.bytes[15] === 1;
}

export const hostInUrl = (host: string) => (host.includes(':') ? `[${host}]` : host);

/**
 * `--public-url`: the origin visitors reach (a reverse proxy's https://checks.example.org). Only
 * an origin: a path would not be where the server's routes are.
 */
export function parsePublicUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--public-url expects a URL such as https://checks.example.org, not '${text}'`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError('--public-url must be an http: or https: URL');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password)
    throw new UsageError('--public-url is an origin only (scheme, host, port): serve answers at its root');
  return new URL(url.origin);
}
