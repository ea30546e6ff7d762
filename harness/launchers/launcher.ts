import { access, constants } from 'node:fs/promises';
import type { Browser, LaunchOptions } from 'puppeteer-core';
import type { PageProfile } from '../../probes/types.js';
import { EnvironmentError } from '../errors.js';
import type { BrowserIdentity } from '../../core/results.js';
import { withTimeout } from '../teardown.js';

/** A flag, pref or option we pass to a browser, with the reason we need it. */
export interface BrowserSetting<V> {
  value: V;
  reason: string;
}

export interface LaunchRequest {
  /** Overrides the launcher's default executable (e.g. --chromium-path). */
  executablePath?: string;
  /**
   * Certificate authorities (PEM files) this browser trusts for this launch only, besides its
   * own roots: the run's test authority (--tls), an operator's (--tls-ca). Never the machine's store.
   */
  trustedAuthorityFiles?: readonly string[];
}

/**
 * A page of a browser, whatever drives it (puppeteer over CDP or BiDi, classic WebDriver): what
 * the runner needs to run a probe page. Functions passed to `evaluate` run in the page, so they
 * must not close over Node-side values: everything they use comes in as (JSON) arguments.
 */
export interface BrowserPage {
  /** Loads `url` and resolves once its load event has fired. */
  goto(url: string): Promise<void>;
  /** Runs `fn(...args)` in the page, awaits the promise it returns, and resolves to its (JSON) value. */
  evaluate<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>, ...args: A): Promise<R>;
  /** Closes the page (puppeteer: its browser context; WebDriver: its window). */
  close(): Promise<void>;
}

export interface LaunchedBrowser {
  identity: BrowserIdentity;
  /** How this browser's probe pages boot (e.g. edge-ortc); absent for a browser as it is. */
  pageProfile?: PageProfile;
  /** A fresh page for one probe: puppeteer opens it in a new browser context, WebDriver in a new window of its session. */
  newPage(): Promise<BrowserPage>;
  /** Settles when the browser goes away for any reason (closed, crashed, killed, its endpoint gone). */
  gone: Promise<void>;
  readonly connected: boolean;
  /** Why it went away, when the source knows more than "exited" (a WebDriver endpoint that stopped answering). */
  readonly goneReason?: string;
  /**
   * Lets go of the browser. One the harness launched is closed (killed if it does not exit in
   * time); a remote one is only disconnected, never closed. Idempotent.
   */
  close(): Promise<void>;
}

/** A browser puppeteer drives; its Browser stays reachable for callers that need more than pages (chart PNGs). */
export interface PuppeteerBrowser extends LaunchedBrowser {
  browser: Browser;
}

/** See BrowserLauncher.controlChannel. */
export interface ControlChannel {
  options: Partial<LaunchOptions>;
  release(): Promise<void>;
}

/** Where the runner gets a browser from: a launcher starts a local executable, a remote source connects to one running elsewhere. */
export interface BrowserSource {
  /** The browser's name in results and on the command line. */
  readonly name: string;
  readonly displayName: string;
  /** Throws EnvironmentError (with a remedy) when the browser cannot be had: checked before a run starts anything. */
  assertAvailable(request?: LaunchRequest): Promise<void>;
  launch(request?: LaunchRequest): Promise<LaunchedBrowser>;
}

const NO_CHANNEL: ControlChannel = { options: {}, release: async () => undefined };

/**
 * A connected puppeteer Browser as the runner sees it: named `name`, with the version it reports
 * itself, `gone` once the connection ends for any reason, and `release` run at most once.
 */
export async function attachBrowser(browser: Browser, name: string, release: (gone: Promise<void>) => Promise<void>): Promise<PuppeteerBrowser> {
  let connected = true;
  const gone = new Promise<void>((resolve) =>
    browser.once('disconnected', () => {
      connected = false;
      resolve();
    }),
  );
  const [reportedVersion, userAgent] = await Promise.all([browser.version(), browser.userAgent()]);
  let closing: Promise<void> | null = null;
  return {
    identity: { name, version: parseBrowserVersion(reportedVersion), userAgent },
    browser,
    newPage: () => openPuppeteerPage(browser),
    gone,
    get connected() {
      return connected;
    },
    close: () => (closing ??= release(gone)),
  };
}

/** A page in a browser context of its own, so probes share no state; closing the page closes the context. */
async function openPuppeteerPage(browser: Browser): Promise<BrowserPage> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    return {
      goto: async (url) => {
        await page.goto(url, { waitUntil: 'load' });
      },
      evaluate: <A extends unknown[], R>(fn: (...args: A) => R | Promise<R>, ...args: A) =>
        page.evaluate(fn as (...a: unknown[]) => Promise<R>, ...args) as Promise<R>,
      close: () => context.close(),
    };
  } catch (error) {
    await context.close().catch(() => undefined);
    throw error;
  }
}

/** Chromium says `HeadlessChrome/156.0.8078.108`, Firefox `firefox/153.7.0esr`: keep the version part. */
export function parseBrowserVersion(reported: string): string {
  return /(\d+(?:\.\d+)+[a-z]*)/i.exec(reported)?.[1] ?? reported;
}

/**
 * One subclass per browser kind. Subclasses declare their settings as tables; this class
 * owns what every browser needs: checking the executable, loading puppeteer lazily (so
 * commands that need no browser start fast) and a close that cannot hang.
 */
export abstract class BrowserLauncher implements BrowserSource {
  abstract readonly name: string;
  abstract readonly displayName: string;
  abstract readonly defaultExecutablePath: string;
  /** The Debian package that provides the default executable. */
  abstract readonly aptPackage: string;
  /** Passed on to LaunchedBrowser.pageProfile. */
  readonly pageProfile: PageProfile | undefined = undefined;

  protected abstract puppeteerOptions(executablePath: string): LaunchOptions;

  /**
   * How the harness reaches the browser it starts, so that no one else can: what it adds to the
   * launch options, and what to undo once the browser is gone. A browser driven over a pipe
   * (Chromium) needs nothing beyond its options; Firefox listens on a port that must be guarded.
   */
  protected async controlChannel(_executablePath: string): Promise<ControlChannel> {
    return NO_CHANNEL;
  }

  /**
   * What makes this launch trust `authorityFiles` (PEM) and nothing beyond what it trusts
   * anyway: launch options pointing the browser at an NSS database of our own, and its removal.
   */
  protected abstract trustChannel(authorityFiles: readonly string[]): Promise<ControlChannel>;

  /** The option that overrides the executable (`--chromium-path`), or null when this kind has none of its own. */
  protected get pathOption(): string | null {
    return `--${this.name}-path`;
  }

  /** What results record about the browser; a subclass that presents it as something else (edge-ortc) says so here. */
  protected presentIdentity(reported: BrowserIdentity): BrowserIdentity {
    return reported;
  }

  executablePath(request: LaunchRequest = {}): string {
    return request.executablePath ?? this.defaultExecutablePath;
  }

  /** Throws EnvironmentError with the install command when the executable is missing. */
  async assertInstalled(request: LaunchRequest = {}): Promise<void> {
    const path = this.executablePath(request);
    try {
      await access(path, constants.X_OK);
    } catch {
      const remedy = request.executablePath
        ? `check the path given for ${this.name}`
        : `install it with: sudo apt-get install ${this.aptPackage}${this.pathOption ? ` (or pass ${this.pathOption})` : ''}`;
      throw new EnvironmentError(`${this.displayName} was not found at ${path}`, remedy);
    }
  }

  assertAvailable(request: LaunchRequest = {}): Promise<void> {
    return this.assertInstalled(request);
  }

  async launch(request: LaunchRequest = {}): Promise<PuppeteerBrowser> {
    await this.assertInstalled(request);
    const { default: puppeteer } = await import('puppeteer-core');
    const executablePath = this.executablePath(request);
    const trust = request.trustedAuthorityFiles?.length ? await this.trustChannel(request.trustedAuthorityFiles) : NO_CHANNEL;
    const channel = await this.controlChannel(executablePath).catch(async (error: unknown) => {
      await trust.release();
      throw error;
    });
    const release = async () => {
      await channel.release();
      await trust.release();
    };
    let browser: Browser;
    try {
      browser = await puppeteer.launch({
        ...this.puppeteerOptions(executablePath),
        ...trust.options,
        ...channel.options,
        // The harness owns signal handling: it closes browsers itself and writes partial results.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
    } catch (error) {
      await release();
      throw error;
    }
    const launched = await attachBrowser(browser, this.name, async (gone) => {
      await closeOrKill(browser, gone);
      await release();
    });
    launched.identity = this.presentIdentity(launched.identity);
    if (this.pageProfile) launched.pageProfile = this.pageProfile;
    return launched;
  }
}

async function closeOrKill(browser: Browser, gone: Promise<void>): Promise<void> {
  const child = browser.process();
  try {
    if (browser.connected) await withTimeout(browser.close(), 5_000, 'browser close');
  } catch {
    // A hung or half-dead browser: the kill below ends it.
  }
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await withTimeout(new Promise<void>((resolve) => child.once('exit', () => resolve())), 5_000, 'browser kill').catch(() => undefined);
  }
  await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 100).unref())]);
}
