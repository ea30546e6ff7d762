// A browser already running elsewhere (Selenium Grid 4, Browserless, a browser started with
// --remote-debugging-port), reached by its WebSocket endpoint: CDP for Chromium, WebDriver BiDi
// for Firefox. The harness only connects: closing disconnects and never ends a browser it did
// not start. Its flags and prefs (fake media, permission prompts) are the remote side's business.
// An http(s) endpoint is a classic WebDriver one instead (harness/launchers/webdriverRemote.ts).
import { connect as tcpConnect } from 'node:net';
import { EnvironmentError, errorMessage } from '../errors.js';
import { withTimeout } from '../teardown.js';
import { type BrowserSource, type LaunchedBrowser, attachBrowser } from './launcher.js';

/** `webdriver`: classic WebDriver at an http(s) endpoint (safaridriver, a Grid, a cloud). */
export type RemoteProtocol = 'cdp' | 'bidi' | 'webdriver';

export const REMOTE_PROTOCOLS: readonly RemoteProtocol[] = ['cdp', 'bidi', 'webdriver'];

export interface RemoteEndpoint {
  /** The browser's name in results, e.g. `chromium-grid`. */
  name: string;
  url: URL;
  protocol: RemoteProtocol;
}

/** First match wins; an endpoint no rule matches speaks CDP. */
const PROTOCOL_RULES: readonly { path: RegExp; protocol: RemoteProtocol; reason: string }[] = [
  { path: /\/se\/cdp\/?$/, protocol: 'cdp', reason: 'ws://grid:4444/session/<id>/se/cdp: Selenium Grid 4 relaying CDP (checked before /session)' },
  { path: /\/se\/bidi\/?$/, protocol: 'bidi', reason: 'ws://grid:4444/session/<id>/se/bidi: Selenium Grid 4 relaying WebDriver BiDi' },
  { path: /^\/session(?:\/|$)/, protocol: 'bidi', reason: "ws://127.0.0.1:9222/session: Firefox's Remote Agent, a WebDriver BiDi session endpoint" },
  { path: /^\/devtools\/browser\//, protocol: 'cdp', reason: 'ws://127.0.0.1:9222/devtools/browser/<id>: Chromium --remote-debugging-port' },
];

/** Whether the endpoint is an http(s) one, where classic WebDriver lives. */
export const isHttpEndpoint = (url: URL) => url.protocol === 'http:' || url.protocol === 'https:';

/**
 * The protocol an endpoint speaks: http(s) is classic WebDriver; a WebSocket one is judged by its
 * path (see PROTOCOL_RULES), and Browserless-style paths (`/chromium?token=…`) are CDP.
 */
export function inferProtocol(url: URL): RemoteProtocol {
  if (isHttpEndpoint(url)) return 'webdriver';
  return PROTOCOL_RULES.find((rule) => rule.path.test(url.pathname))?.protocol ?? 'cdp';
}

/** A browser source the harness connects to rather than launches, with where it is. */
export interface RemoteSource extends BrowserSource {
  readonly endpoint: RemoteEndpoint;
}

/** Firefox prints its BiDi endpoint without a path; a WebDriver BiDi session lives at `/session`. */
export function connectUrl(endpoint: RemoteEndpoint): string {
  const url = new URL(endpoint.url.href);
  if (endpoint.protocol === 'bidi' && (url.pathname === '/' || url.pathname === '')) url.pathname = '/session';
  return url.href;
}

/** What of an endpoint must never reach an output: its password and its query values (Browserless tokens). */
export function endpointSecrets(url: URL): string[] {
  return [decodeURIComponent(url.password), ...url.searchParams.values()].filter((s) => s !== '');
}

/** The endpoint as it may be shown: no credentials, no query, no lone trailing slash (`http://grid:4444`). */
export function describeEndpoint(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/$/, '')}`;
}

const CONNECT_TIMEOUT_MS = 30_000;

/**
 * Connects puppeteer to a WebSocket endpoint and hands it over as a browser named `name`;
 * closing disconnects (BiDi: ends our session) and then runs `release`. `headers` carry the
 * credentials of a Grid's URL to its relayed CDP endpoint.
 */
export async function connectPuppeteer(
  name: string,
  wsUrl: string,
  protocol: 'cdp' | 'bidi',
  shown: string,
  options: { headers?: Record<string, string>; release?: () => Promise<void> } = {},
): Promise<LaunchedBrowser> {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await withTimeout(
    puppeteer.connect({
      browserWSEndpoint: wsUrl,
      protocol: protocol === 'bidi' ? 'webDriverBiDi' : 'cdp',
      ...(options.headers ? { headers: options.headers } : {}),
    }),
    CONNECT_TIMEOUT_MS,
    `connecting to ${shown}`,
  );
  return attachBrowser(browser, name, async (gone) => {
    // Disconnect only; the browser belongs to whoever started it.
    if (browser.connected) await withTimeout(browser.disconnect(), 5_000, 'disconnecting').catch(() => undefined);
    await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 100).unref())]);
    await options.release?.();
  });
}

export class RemoteLauncher implements RemoteSource {
  readonly name: string;
  readonly displayName: string;

  constructor(readonly endpoint: RemoteEndpoint) {
    this.name = endpoint.name;
    this.displayName = `${endpoint.name} (remote, ${endpoint.protocol === 'bidi' ? 'WebDriver BiDi' : 'CDP'} at ${describeEndpoint(endpoint.url)})`;
  }

  /** A TCP connection to the endpoint's host and port: an unreachable remote stops the run before it starts, like a missing browser. */
  async assertAvailable(): Promise<void> {
    const { hostname, port, protocol } = this.endpoint.url;
    const host = hostname.replace(/^\[(.*)\]$/, '$1');
    const tcpPort = Number(port || (protocol === 'wss:' ? 443 : 80));
    try {
      await withTimeout(
        new Promise<void>((resolve, reject) => {
          const socket = tcpConnect({ host, port: tcpPort }, () => {
            socket.destroy();
            resolve();
          });
          socket.once('error', reject);
        }),
        5_000,
        `connecting to ${host}:${tcpPort}`,
      );
    } catch (error) {
      throw new EnvironmentError(
        `remote browser ${this.displayName} is not reachable: ${errorMessage(error)}`,
        'start it (or the grid) first, or check the endpoint given with --remote',
      );
    }
  }

  launch(): Promise<LaunchedBrowser> {
    const protocol = this.endpoint.protocol === 'bidi' ? 'bidi' : 'cdp';
    return connectPuppeteer(this.name, connectUrl(this.endpoint), protocol, describeEndpoint(this.endpoint.url));
  }
}
