// `--remote`, `--remote-protocol` and `--page-host` for `run` and `check`: browsers the harness
// connects to instead of launching, and where they load the probe pages from.
import { UsageError } from '../errors.js';
import {
  type RemoteEndpoint,
  type RemoteProtocol,
  type RemoteSource,
  REMOTE_PROTOCOLS,
  RemoteLauncher,
  endpointSecrets,
  inferProtocol,
  isHttpEndpoint,
} from '../launchers/remote.js';
import { WebDriverRemote } from '../launchers/webdriverRemote.js';
import { type PageHost, parsePageHost } from '../pageHost.js';

export const REMOTE_OPTIONS = {
  remote: { type: 'string', multiple: true },
  'remote-protocol': { type: 'string', multiple: true },
  'page-host': { type: 'string' },
} as const;

export const REMOTE_HELP = `      --remote NAME=URL   connect to a browser running elsewhere instead of launching one: a
                          WebSocket endpoint (Browserless, a browser started with
                          --remote-debugging-port, a Grid session's se/cdp) or a classic WebDriver
                          one, http(s)://HOST:PORT[/wd/hub] (Selenium Grid 4, Safari's safaridriver,
                          a cloud grid). NAME is its name in the results; repeat for several.
                          With --remote, local browsers run only when -b names them
      --remote-protocol P cdp, bidi or webdriver for every remote, or NAME=P for one (default: from
                          the endpoint: http(s) is classic WebDriver; for ws, /session... and
                          .../se/bidi are WebDriver BiDi, anything else is CDP). cdp on an http(s)
                          Grid: open a WebDriver session and drive its se:cdp endpoint
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
    if (!isProtocol(protocol)) throw new UsageError(`--remote-protocol expects cdp, bidi, webdriver or NAME=cdp|bidi|webdriver, not '${value}'`);
    if (name !== '' && !names.has(name)) throw new UsageError(`--remote-protocol ${value}: no --remote is named '${name}'`);
    choices.set(name, protocol);
  }
  return choices;
}

function parseEndpoint(spec: string): Omit<RemoteEndpoint, 'protocol'> {
  const at = spec.indexOf('=');
  const name = spec.slice(0, Math.max(at, 0));
  if (at < 1 || !NAME.test(name))
    throw new UsageError(
      `--remote expects NAME=ws://HOST:PORT/PATH or NAME=http://HOST:PORT with NAME made of letters, digits, '.', '_', '-', not '${spec.split('?')[0]}'`,
    );
  let url: URL;
  try {
    url = new URL(spec.slice(at + 1));
  } catch {
    throw new UsageError(`--remote ${name}: '${spec.slice(at + 1).split('?')[0]}' is not a URL`);
  }
  if (!['ws:', 'wss:', 'http:', 'https:'].includes(url.protocol))
    throw new UsageError(`--remote ${name}: expected a ws(s):// or http(s):// endpoint, not ${url.protocol}`);
  return { name, url };
}

/** The source for an endpoint: WebSocket ones connect puppeteer; http(s) ones open a WebDriver session (and use its se:cdp with cdp). */
function remoteSource(endpoint: RemoteEndpoint): RemoteSource {
  const { name, url, protocol } = endpoint;
  if (isHttpEndpoint(url)) {
    if (protocol === 'bidi')
      throw new UsageError(`--remote ${name}: bidi needs the WebSocket endpoint (ws://…/session or a Grid session's se/bidi), not an http one`);
    return new WebDriverRemote({ name, url, protocol });
  }
  if (protocol === 'webdriver') throw new UsageError(`--remote ${name}: classic WebDriver needs an http(s):// endpoint, not ${url.protocol}`);
  return new RemoteLauncher(endpoint);
}

/** The --remote endpoints, each with its protocol: given for it, given for all, or inferred from the endpoint. */
export function chooseRemotes(values: RemoteValues): RemoteSource[] {
  const endpoints = (values.remote ?? []).map(parseEndpoint);
  const names = new Set<string>();
  for (const { name } of endpoints) {
    if (names.has(name)) throw new UsageError(`--remote ${name} is given twice`);
    names.add(name);
  }
  const protocols = protocolChoices(values['remote-protocol'] ?? [], names);
  return endpoints.map((e) => remoteSource({ ...e, protocol: protocols.get(e.name) ?? protocols.get('') ?? inferProtocol(e.url) }));
}

export function choosePageHost(values: RemoteValues): PageHost | undefined {
  return values['page-host'] === undefined ? undefined : parsePageHost(values['page-host']);
}

/** Tokens and passwords in the endpoints (a cloud grid's access key), masked in every output like TURN credentials. */
export function remoteSecrets(remotes: readonly RemoteSource[]): string[] {
  return remotes.flatMap((r) => endpointSecrets(r.endpoint.url));
}

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** A remote on another machine loads pages from `localhost` unless --page-host says otherwise: say so before the probes fail. */
export function pageHostHint(remotes: readonly RemoteSource[], pageHost: PageHost | undefined): string | null {
  const far = remotes.filter((r) => !LOOPBACK_HOST.test(r.endpoint.url.hostname));
  if (pageHost || far.length === 0) return null;
  return `note: ${far.map((r) => r.name).join(', ')} ${far.length === 1 ? 'runs' : 'run'} on another machine, which cannot load probe pages from localhost here: pass --page-host with an address it reaches\n`;
}

export function isRemoteSource(source: { name: string }): source is RemoteSource {
  return source instanceof RemoteLauncher || source instanceof WebDriverRemote;
}
