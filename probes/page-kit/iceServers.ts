// ICE server entries as probes receive them. Browser-safe types: the Node side parses and
// validates URLs (harness/ice/servers.ts); pages only turn entries into RTCIceServer.

export type IceScheme = 'stun' | 'stuns' | 'turn' | 'turns';
export type IceTransport = 'udp' | 'tcp';

export interface IceServerUrl {
  /** The URL as the browser receives it. */
  url: string;
  scheme: IceScheme;
  host: string;
  port: number;
  /** Transport to the server: `?transport=` for turn:, TCP (TLS) for turns:/stuns:, UDP otherwise. */
  transport: IceTransport;
  secure: boolean;
}

/** One URL with the credentials that go with it: the unit every ICE probe tests. */
export interface IceServerEntry extends IceServerUrl {
  username?: string;
  credential?: string;
}

/** What raw data may keep of an entry: everything but the credentials. */
export interface PublicIceServer extends IceServerUrl {
  hasCredentials: boolean;
}

export function publicServer(entry: IceServerEntry): PublicIceServer {
  const { username, credential: _credential, ...url } = entry;
  return { ...url, hasCredentials: username !== undefined };
}

/** What a report may show of a server (results.json's environment): the URL and whether credentials were given, never their values. */
export function describeEntry(entry: IceServerEntry): string {
  return entry.username === undefined ? entry.url : `${entry.url} (with credentials)`;
}

export function toRtcIceServer(entry: IceServerEntry): RTCIceServer {
  return { urls: [entry.url], ...(entry.username !== undefined ? { username: entry.username, credential: entry.credential ?? '' } : {}) };
}

export const isTurnUrl = (server: IceServerUrl) => server.scheme === 'turn' || server.scheme === 'turns';
export const isStunUrl = (server: IceServerUrl) => server.scheme === 'stun' || server.scheme === 'stuns';
