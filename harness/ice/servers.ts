// ICE server URLs as users write them (RFC 7064 stun:/stuns:, RFC 7065 turn:/turns:), parsed
// and validated up front so a typo is a usage error, not a silent "unreachable".
import { createHmac } from 'node:crypto';
import type { IceScheme, IceServerUrl, IceTransport } from '../../probes/page-kit/iceServers.js';
import { UsageError } from '../errors.js';

export type { IceServerEntry, IceServerUrl } from '../../probes/page-kit/iceServers.js';

const DEFAULT_PORTS: Record<IceScheme, number> = { stun: 3478, stuns: 5349, turn: 3478, turns: 5349 };

/**
 * `url` as an error message may quote it. ICE URLs carry no credentials, so whatever stands
 * before an `@` (`turn:user:Pa55word@host`) is a password typed in the wrong place: all of it
 * but an ICE scheme becomes ***.
 */
export function quotableIceUrl(url: string): string {
  const at = url.lastIndexOf('@');
  if (at < 0) return url;
  const scheme = /^(?:stuns?|turns?):(?:\/\/)?/i.exec(url)?.[0] ?? '';
  return `${scheme}***${url.slice(at)}`;
}

export function parseIceUrl(url: string): IceServerUrl {
  const match = /^(stuns?|turns?):(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/.exec(url.trim());
  if (!match) {
    const hint = url.includes('@') ? ': credentials go in --username/--credential or --turn-secret, not in the URL' : '';
    throw new UsageError(
      `'${quotableIceUrl(url)}' is not an ICE server URL (expected e.g. stun:host:3478, turn:host:3478?transport=tcp, turns:host:443)${hint}`,
    );
  }
  const scheme = match[1] as IceScheme;
  const host = match[2]!;
  const port = match[3] === undefined ? DEFAULT_PORTS[scheme] : Number(match[3]);
  if (port < 1 || port > 65_535) throw new UsageError(`port ${port} in '${url}' is out of range`);
  const secure = scheme === 'stuns' || scheme === 'turns';
  if (match[4] && scheme.startsWith('stun')) throw new UsageError(`'${url}': ?transport= belongs to turn: URLs only`);
  const transport: IceTransport = secure ? 'tcp' : ((match[4] as IceTransport | undefined) ?? 'udp');
  return { url: url.trim(), scheme, host, port, transport, secure };
}

/**
 * TURN REST API credentials (draft-uberti-behave-turn-rest), as coturn's `use-auth-secret`
 * checks them: username `<expiry unix time>:<user>`, password base64(HMAC-SHA1(secret, username)).
 */
export function restApiCredentials(secret: string, user = 'webrtc-harness', ttlSeconds = 3600, now = Date.now()): { username: string; credential: string } {
  const username = `${Math.floor(now / 1000) + ttlSeconds}:${user}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}
