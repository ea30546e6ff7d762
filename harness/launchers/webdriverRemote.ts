// `--remote NAME=http(s)://HOST:PORT[/wd/hub]`: a classic WebDriver endpoint (Safari's
// safaridriver, a Selenium Grid, a cloud grid, a WebKitWebDriver elsewhere). The harness opens
// one session for the run, asking for the browsers it knows how to set up (capabilities.ts), and
// ends that session when done: the endpoint's browser for this session is ours, the endpoint is
// not. With `--remote-protocol NAME=cdp` it takes the session's relayed CDP endpoint
// (Selenium Grid 4's `se:cdp`) and runs probes through puppeteer instead.
import { EnvironmentError, errorMessage } from '../errors.js';
import { withTimeout } from '../teardown.js';
import { remoteCapabilities } from '../webdriver/capabilities.js';
import { WebDriverClient, basicAuthorization } from '../webdriver/client.js';
import { startWebDriverBrowser } from '../webdriver/session.js';
import type { LaunchedBrowser } from './launcher.js';
import { type RemoteEndpoint, type RemoteSource, connectPuppeteer, describeEndpoint } from './remote.js';

const STATUS_TIMEOUT_MS = 10_000;
const END_SESSION_MS = 10_000;

export class WebDriverRemote implements RemoteSource {
  readonly name: string;
  readonly displayName: string;
  readonly #client: WebDriverClient;

  constructor(readonly endpoint: RemoteEndpoint & { protocol: 'webdriver' | 'cdp' }) {
    this.name = endpoint.name;
    const via = endpoint.protocol === 'cdp' ? "CDP relayed by a Selenium Grid session's se:cdp" : 'classic WebDriver';
    this.displayName = `${endpoint.name} (remote, ${via} at ${describeEndpoint(endpoint.url)})`;
    this.#client = new WebDriverClient(endpoint.url);
  }

  /** `GET /status` answers: the endpoint is a WebDriver one and up (a busy Grid queues our session, so "not ready" is fine). */
  async assertAvailable(): Promise<void> {
    try {
      await withTimeout(this.#client.status(), STATUS_TIMEOUT_MS, `asking ${describeEndpoint(this.endpoint.url)} for its status`);
    } catch (error) {
      throw new EnvironmentError(
        `remote browser ${this.displayName} is not reachable: ${errorMessage(error)}`,
        'start it (or the grid) first, or check the endpoint given with --remote',
      );
    }
  }

  launch(): Promise<LaunchedBrowser> {
    return this.endpoint.protocol === 'cdp'
      ? this.#launchOverCdp()
      : startWebDriverBrowser({ client: this.#client, name: this.name, capabilities: remoteCapabilities() });
  }

  async #launchOverCdp(): Promise<LaunchedBrowser> {
    const { sessionId, capabilities } = await this.#client.newSession(remoteCapabilities());
    const endSession = () => withTimeout(this.#client.deleteSession(sessionId), END_SESSION_MS, 'ending the WebDriver session').catch(() => undefined);
    const cdp = capabilities['se:cdp'];
    try {
      if (typeof cdp !== 'string') {
        throw new EnvironmentError(
          `${this.displayName}: the session has no se:cdp endpoint (not a Selenium Grid 4 session of a Chromium-based browser)`,
          `drop --remote-protocol ${this.name}=cdp to drive it over classic WebDriver`,
        );
      }
      // The Grid checks the URL's credentials on the relayed WebSocket too.
      return await connectPuppeteer(this.name, cdp, 'cdp', describeEndpoint(new URL(cdp)), {
        headers: basicAuthorization(this.endpoint.url),
        release: endSession,
      });
    } catch (error) {
      await endSession();
      throw error;
    }
  }
}
