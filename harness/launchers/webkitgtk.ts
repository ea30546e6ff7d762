// The "webkit" column: Debian's WebKitGTK, its MiniBrowser driven by WebKitWebDriver over
// classic W3C WebDriver (WebKitWebDriver speaks no WebDriver BiDi, so puppeteer cannot drive
// it). MiniBrowser has no headless mode, so it draws on a private Xvfb. WebKitWebDriver listens
// on a loopback TCP port with no authentication: as root that port is firewalled to the
// harness's user like Firefox's (loopbackPortGuard). Xvfb and the driver are started with a
// parent-death signal and recorded; MiniBrowser, the driver's child, ends with its display.
import { access, constants } from 'node:fs/promises';
import type { BrowserIdentity } from '../../core/results.js';
import { EnvironmentError, errorMessage } from '../errors.js';
import { spawnOwned, stopOwned } from '../ownership/ownedProcess.js';
import { withTimeout } from '../teardown.js';
import { WebDriverClient } from '../webdriver/client.js';
import { startWebDriverBrowser } from '../webdriver/session.js';
import { SETPRIV } from './diesWithHarness.js';
import type { BrowserSetting, BrowserSource, LaunchedBrowser, LaunchRequest } from './launcher.js';
import { guardedLoopbackPort } from './loopbackPortGuard.js';
import { assertXvfbInstalled, startPrivateDisplay } from './xvfb.js';

export const WEBKIT_WEBDRIVER = '/usr/bin/WebKitWebDriver';
/** Where libwebkit2gtk-4.1-0 installs MiniBrowser (Debian's multiarch path). */
export const MINIBROWSER = `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu/webkit2gtk-4.1/MiniBrowser`;

export const MINIBROWSER_ARGS: readonly BrowserSetting<string>[] = [
  { value: '--automation', reason: 'MiniBrowser accepts a WebDriver session only in automation mode' },
  { value: '--enable-media-stream=true', reason: 'getUserMedia and enumerateDevices are off in MiniBrowser unless asked for' },
  { value: '--enable-mock-capture-devices=true', reason: 'synthetic camera and microphone, so getUserMedia works without hardware' },
];

const DRIVER_READY_MS = 10_000;

export const WEBKITGTK_NOTE =
  "WebKitGTK's MiniBrowser driven by WebKitWebDriver (classic WebDriver) on a private Xvfb, with mock capture devices. Its user agent is WebKit's Safari-compatible one. Probes whose page calls an API this build lacks are skips that name it, as the page found it.";

/** Waits until the driver answers /status; it exiting first is the error. */
async function driverReady(client: WebDriverClient, exited: Promise<string>): Promise<void> {
  const answering = (async () => {
    for (;;) {
      try {
        await client.status();
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  })();
  await withTimeout(
    Promise.race([answering, exited.then((why) => Promise.reject(new Error(`WebKitWebDriver exited (${why}) before it answered`)))]),
    DRIVER_READY_MS,
    'starting WebKitWebDriver',
  );
}

export class WebKitGtkLauncher implements BrowserSource {
  readonly name = 'webkit';
  readonly displayName = 'WebKit (WebKitGTK)';
  readonly aptPackage = 'webkit2gtk-driver';

  async assertAvailable(request: LaunchRequest = {}): Promise<void> {
    const needed: [string, string][] = [
      [WEBKIT_WEBDRIVER, 'install it with: sudo apt-get install webkit2gtk-driver'],
      [request.executablePath ?? MINIBROWSER, 'install it with: sudo apt-get install libwebkit2gtk-4.1-0'],
      [SETPRIV, 'install it with: sudo apt-get install util-linux'],
    ];
    for (const [path, remedy] of needed) {
      try {
        await access(path, constants.X_OK);
      } catch {
        throw new EnvironmentError(`${this.displayName} needs ${path}, which was not found`, remedy);
      }
    }
    await assertXvfbInstalled();
  }

  async launch(request: LaunchRequest = {}): Promise<LaunchedBrowser> {
    await this.assertAvailable(request);
    const cleanups: (() => Promise<void>)[] = [];
    let releasing: Promise<void> | null = null;
    // Newest first, once: the session's end and a failed start may both ask.
    const release = () =>
      (releasing ??= (async () => {
        for (const cleanup of [...cleanups].reverse()) await cleanup().catch(() => undefined);
      })());
    try {
      const display = await startPrivateDisplay();
      cleanups.push(() => display.stop());
      const port = await guardedLoopbackPort("WebKitWebDriver's port");
      cleanups.push(() => port.release());
      const driver = await spawnOwned(WEBKIT_WEBDRIVER, [`--port=${port.port}`, '--host=127.0.0.1'], { env: { ...process.env, ...display.env } });
      cleanups.push(() => stopOwned(driver));
      const exited = new Promise<string>((resolve) => driver.child.once('exit', (code, signal) => resolve(String(signal ?? code))));
      const client = new WebDriverClient(new URL(`http://127.0.0.1:${port.port}`));
      await driverReady(client, exited);
      return await startWebDriverBrowser({
        client,
        name: this.name,
        capabilities: {
          alwaysMatch: {
            browserName: 'MiniBrowser',
            'webkitgtk:browserOptions': { binary: request.executablePath ?? MINIBROWSER, args: MINIBROWSER_ARGS.map((a) => a.value) },
          },
        },
        release,
        presentIdentity: (identity: BrowserIdentity) => ({ ...identity, note: WEBKITGTK_NOTE }),
      });
    } catch (error) {
      await release();
      throw error instanceof EnvironmentError ? error : new EnvironmentError(`${this.displayName} did not start: ${errorMessage(error)}`);
    }
  }
}
