// `--remote`, `--remote-protocol` and `--page-host` for `run` and `check`: browsers the harness
// connects to instead of launching, and where they load the probe pages from.
import { UsageError } from '../errors.js';
import { type RemoteEndpoint, type RemoteProtocol, REMOTE_PROTOCOLS, RemoteLauncher, endpointSecrets, inferProtocol } from '../launchers/remote.js';
import { type PageHost, parsePageHost } from '../pageHost.js';

export const REMOTE_OPTIONS = {
  remote: { type: 'string', multiple: true },
  'remote-protocol': { type: 'string', multiple: true },
  'page-host': { type: 'string' },
} as const;

export const REMOTE_HELP = `      --remote NAME=WS    connect to a browser running elsewhere instead of launching one: its
                          WebSocket endpoint (Selenium Grid 4, Browserless, a browser started with
                          --remote-debugging-port). NAME is its name in the results; repeat for
                          several. With --remote, local browsers run only when -b names them
      --remote-protocol P cdp or bidi for every remote, or NAME=cdp|bidi for one (default: from the
                          endpoint's path: /session... and .../se/bidi are WebDriver BiDi, anything
                          else, e.g. /devtools/browser/<id> or .../se/cdp, is CDP)
      --page-host HOST[:PORT]  serve probe pages on HOST (listen address and page origin) so a
                          remote browser can load them (default: 127.0.0.1, origin localhost). Not
                          loopback: the remote browser must treat http://HOST:PORT as secure (README)
`;

export interface RemoteValues {
  remote?: string[] | undefined;
  'remote-protocol'?: string[] | undefined;
  'page-host'?: string | undefined;
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/i;

function isProtocol(text: string): text is RemoteProtocol {
  return (REMOTE_PROTOCOLS as readonly string[]).includes(text);
}

/** `--remote-protocol` values: a protocol for every remote (key ''), or NAME=protocol for one. */
function protocolChoices(values: readonly string[], names: ReadonlySet<string>): Map<string, RemoteProtocol> {
  const choices = new Map<string, RemoteProtocol>();
  for (const value of values) {
    const [name, protocol] = value.includes('=') ? [value.slice(0, value.indexOf('=')), value.slice(value.indexOf('=') + 1)] : ['', value];
    if (!isProtocol(protocol)) throw new UsageError(`--remote-protocol expects cdp, bidi or NAME=cdp|bidi, not '${value}'`);
    if (name !== '' && !names.has(name)) throw new UsageError(`--remote-protocol ${value}: no --remote is named '${name}'`);
    choices.set(name, protocol);
  }
  return choices;
}

function parseEndpoint(spec: string): Omit<RemoteEndpoint, 'protocol'> {
  const at = spec.indexOf('=');
  const name = spec.slice(0, Math.max(at, 0));
  if (at < 1 || !NAME.test(name))
    throw new UsageError(`--remote expects NAME=ws://HOST:PORT/PATH with NAME made of letters, digits, '.', '_', '-', not '${spec.split('?')[0]}'`);
  let url: URL;
  try {
    url = new URL(spec.slice(at + 1));
  } catch {
    throw new UsageError(`--remote ${name}: '${spec.slice(at + 1).split('?')[0]}' is not a URL`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new UsageError(`--remote ${name}: expected a ws:// or wss:// endpoint, not ${url.protocol}`);
  return { name, url };
}

/** The --remote endpoints, each with its protocol: given for it, given for all, or inferred from its path. */
export function chooseRemotes(values: RemoteValues): RemoteLauncher[] {
  const endpoints = (values.remote ?? []).map(parseEndpoint);
  const names = new Set<string>();
  for (const { name } of endpoints) {
    if (names.has(name)) throw new UsageError(`--remote ${name} is given twice`);
    names.add(name);
  }
  const protocols = protocolChoices(values['remote-protocol'] ?? [], names);
  return endpoints.map((e) => new RemoteLauncher({ ...e, protocol: protocols.get(e.name) ?? protocols.get('') ?? inferProtocol(e.url) }));
}

export function choosePageHost(values: RemoteValues): PageHost | undefined {
  return values['page-host'] === undefined ? undefined : parsePageHost(values['page-host']);
}

/** Tokens and passwords in the endpoints, masked in every output like TURN credentials. */
export function remoteSecrets(remotes: readonly RemoteLauncher[]): string[] {
  return remotes.flatMap((r) => endpointSecrets(r.endpoint.url));
}

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** A remote on another machine loads pages from `localhost` unless --page-host says otherwise: say so before the probes fail. */
export function pageHostHint(remotes: readonly RemoteLauncher[], pageHost: PageHost | undefined): string | null {
  const far = remotes.filter((r) => !LOOPBACK_HOST.test(r.endpoint.url.hostname));
  if (pageHost || far.length === 0) return null;
  return `note: ${far.map((r) => r.name).join(', ')} ${far.length === 1 ? 'runs' : 'run'} on another machine, which cannot load probe pages from localhost here: pass --page-host with an address it reaches\n`;
}
