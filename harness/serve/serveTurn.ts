// The STUN/TURN servers `serve` offers its visitors. By default an embedded coturn on the served
// address with a shared secret made for this process (coturn's use-auth-secret): visitors only
// ever receive credentials minted from it per visit (turnRest.ts), which expire within minutes.
// With --turn URLs (an existing coturn), the operator's secret (--turn-secret-file) mints them.
//
// Relaying, thought through for remote visitors: the page tests TURN by connecting two peer
// connections of the visitor's own browser through relay candidates only. Each allocates a relay
// address on coturn (turnIp:relay port); media then flows visitor -> coturn (listening port) ->
// relay A -> relay B -> coturn -> visitor. The one peer coturn ever sends to is therefore one of
// its own relay addresses, so the config denies every peer but turnIp (harness/turn/coturnConfig):
// the relay cannot be used to reach this machine's services or any other host. The same holds
// behind NAT: relay-to-relay traffic never leaves the machine, visitors only reach the listening
// port. What a visitor's firewall must let out is that port (UDP and TCP, and TLS with turns:).
import { randomBytes } from 'node:crypto';
import { UsageError } from '../errors.js';
import { type IceServerUrl, parseIceUrl } from '../ice/servers.js';
import { hostInUrl } from './serveAddress.js';
import { type TurnOffer, VISIT_CREDENTIAL_LIFETIME_SECONDS } from './turnRest.js';

export interface ServeTurnRequest {
  /** --stun and --turn URLs (givenServers): an existing server; none: the embedded coturn. */
  given: readonly IceServerUrl[];
  /** --turn-secret-file / WEBRTC_HARNESS_TURN_SECRET; for the embedded coturn, made here when absent. */
  secret: string | undefined;
  /** Where the embedded coturn listens and relays. */
  turnIp: string;
  /** The host visitors' browsers reach coturn by (the public URL's host, or turnIp). */
  advertisedHost: string;
  /** undefined: a free port (tests); otherwise a fixed one the firewall lets through. */
  port: number | undefined;
  tlsPort: number | undefined;
  relayPorts: { min: number; max: number };
  /** --tls-cert/--tls-key: the embedded coturn offers turns: with them too. */
  tlsFiles: { certFile: string; keyFile: string } | undefined;
}

export interface ServeTurn {
  offer: TurnOffer;
  /** For the start-up lines: where it is, never the secret. */
  description: string;
  stop(): Promise<void>;
}

/** --stun and --turn, checked before anything starts: a TURN server needs its shared secret. */
export function givenServers(stunUrls: readonly string[], turnUrls: readonly string[], secret: string | undefined): IceServerUrl[] {
  const stun = stunUrls.map((text) => {
    const url = parseIceUrl(text);
    if (!url.scheme.startsWith('stun')) throw new UsageError(`--stun expects a stun: URL, not '${text}' (use --turn for TURN)`);
    return url;
  });
  const turn = turnUrls.map((text) => {
    const url = parseIceUrl(text);
    if (!url.scheme.startsWith('turn')) throw new UsageError(`--turn expects a turn: or turns: URL, not '${text}'`);
    return url;
  });
  if (turn.length > 0 && secret === undefined)
    throw new UsageError(
      "--turn needs the server's shared secret (coturn use-auth-secret) in --turn-secret-file or WEBRTC_HARNESS_TURN_SECRET: visitors get credentials minted from it",
    );
  return [...stun, ...turn];
}

export async function startServeTurn(request: ServeTurnRequest): Promise<ServeTurn> {
  const lifetimeSeconds = VISIT_CREDENTIAL_LIFETIME_SECONDS;
  if (request.given.length > 0) {
    const urls = request.given;
    return {
      offer: { urls, secret: request.secret ?? '', lifetimeSeconds },
      description: `given servers: ${urls.map((u) => u.url).join(', ')}`,
      stop: async () => undefined,
    };
  }
  // 256 bits, for this process only: a restart makes every credential handed out so far worthless.
  const secret = request.secret ?? randomBytes(32).toString('base64url');
  const { startEmbeddedTurn } = await import('../turn/coturn.js');
  const turn = await startEmbeddedTurn({
    listenIp: request.turnIp,
    ...(request.port !== undefined ? { port: request.port } : {}),
    ...(request.tlsPort !== undefined ? { tlsPort: request.tlsPort } : {}),
    ...(request.tlsFiles ? { tls: { kind: 'files' as const, ...request.tlsFiles } } : {}),
    relayPortRange: request.relayPorts,
    sharedSecret: secret,
  });
  const host = hostInUrl(request.advertisedHost);
  const urls = [
    `stun:${host}:${turn.port}`,
    `turn:${host}:${turn.port}?transport=udp`,
    `turn:${host}:${turn.port}?transport=tcp`,
    ...(turn.tlsPort !== undefined ? [`turns:${host}:${turn.tlsPort}?transport=tcp`] : []),
  ].map(parseIceUrl);
  return {
    offer: { urls, secret, lifetimeSeconds },
    description: `embedded coturn on ${hostInUrl(turn.listenIp)}:${turn.port} (UDP, TCP${turn.tlsPort !== undefined ? `, TLS ${turn.tlsPort}` : ''}), relaying from ${turn.relayIp} ports ${request.relayPorts.min}-${request.relayPorts.max}`,
    stop: () => turn.stop(),
  };
}
