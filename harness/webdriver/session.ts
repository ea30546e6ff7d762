// A classic WebDriver session as a LaunchedBrowser: one session is one browser (as one
// puppeteer connection is), each page a window of it. Classic WebDriver has one "current
// window" per session and WebKitWebDriver allows one session at a time, so commands take turns
// (a lock) and switch to their page's window first; a page call never holds the session while
// it runs: it starts the function in the page, takes a quick answer at once and polls for a
// slow one, so probes that run side by side in one browser still do.
import type { BrowserIdentity } from '../../core/results.js';
import { withTimeout } from '../teardown.js';
import type { BrowserPage, LaunchedBrowser } from '../launchers/launcher.js';
import { type CapabilitiesRequest, type WebDriverClient, WebDriverError, WebDriverUnreachable } from './client.js';
import { Mutex } from '../mutex.js';

export interface WebDriverBrowserOptions {
  client: WebDriverClient;
  /** The browser's name in results. */
  name: string;
  capabilities: CapabilitiesRequest;
  /** Stops what the source started for this browser (the driver, Xvfb); run once, after the session ends. */
  release?: () => Promise<void>;
  /** What results record, from what the session matched and the page reports (edge-ortc style presentation). */
  presentIdentity?: (identity: BrowserIdentity, capabilities: Record<string, unknown>) => BrowserIdentity;
  signal?: AbortSignal;
}

/** The page-side half of a call: what polling reads back. */
interface CallState {
  done: boolean;
  ok?: boolean;
  value?: unknown;
  error?: string;
}

/**
 * Starts `fn(...args)` in the page under `id` (an async script): its outcome lands in
 * window.__webdriverCalls[id]. A call that settles within FIRST_ANSWER_MS is answered at once,
 * so quick calls cost one round trip; a longer one is polled for, so it never holds the session.
 */
function startScript(source: string): string {
  return `const [id, args, waitMs, answer] = arguments;
const calls = (window.__webdriverCalls = window.__webdriverCalls || {});
const state = (calls[id] = { done: false });
const settled = (outcome) => {
  Object.assign(state, outcome);
  if (!answered) { answered = true; delete calls[id]; answer(state); }
};
let answered = false;
setTimeout(() => { if (!answered) { answered = true; answer(null); } }, waitMs);
Promise.resolve()
  .then(() => (${source})(...args))
  .then(
    (value) => (answered ? Object.assign(state, { done: true, ok: true, value }) : settled({ done: true, ok: true, value })),
    (error) => {
      const outcome = { done: true, ok: false, error: error instanceof Error ? error.name + ': ' + error.message : String(error) };
      return answered ? Object.assign(state, outcome) : settled(outcome);
    },
  );`;
}

/** Reads (and forgets) call `id`'s outcome; `null` while it runs, `{ lost: true }` when the page no longer knows the call (it navigated). */
const POLL_SCRIPT = `const calls = window.__webdriverCalls;
const state = calls && calls[arguments[0]];
if (!state) return { lost: true };
if (!state.done) return null;
delete calls[arguments[0]];
return state;`;

/** How long the starting script waits for a quick answer before it leaves the call to polling. */
const FIRST_ANSWER_MS = 25;
const FIRST_POLL_MS = 5;
const MAX_POLL_MS = 100;
const DELETE_SESSION_MS = 10_000;

let nextCall = 0;

/** Opens the session and returns it as a LaunchedBrowser; on failure `release` has run. */
export async function startWebDriverBrowser(options: WebDriverBrowserOptions): Promise<LaunchedBrowser> {
  const { client } = options;
  let released: Promise<void> | null = null;
  const release = () => (released ??= options.release?.() ?? Promise.resolve());
  let sessionId: string;
  let capabilities: Record<string, unknown>;
  try {
    ({ sessionId, capabilities } = await client.newSession(options.capabilities, options.signal));
  } catch (error) {
    await release();
    throw error;
  }
  const browser = new WebDriverBrowser(client, sessionId, options.name, release);
  try {
    await browser.prepare(capabilities, options.presentIdentity);
  } catch (error) {
    await browser.close();
    throw error;
  }
  return browser;
}

class WebDriverBrowser implements LaunchedBrowser {
  identity: BrowserIdentity;
  readonly gone: Promise<void>;
  goneReason: string | undefined;
  #connected = true;
  #markGone!: () => void;
  readonly #lock = new Mutex();
  #current: string | null = null;
  /** The session's first window: it stays open (closing a session's last window may end it) and new windows open from it. */
  #home = '';
  #closing: Promise<void> | null = null;

  constructor(
    private readonly client: WebDriverClient,
    private readonly session: string,
    name: string,
    private readonly release: () => Promise<void>,
  ) {
    this.identity = { name, version: '', userAgent: '' };
    this.gone = new Promise((resolve) => (this.#markGone = resolve));
  }

  get connected(): boolean {
    return this.#connected;
  }

  /** Timeouts, the first window, and the identity: version as the session reports it, user agent as the page does. */
  async prepare(capabilities: Record<string, unknown>, present?: WebDriverBrowserOptions['presentIdentity']): Promise<void> {
    // Each script we run is short (start a call, poll it); page loads are bounded by the probe's own limit.
    await this.#command(() => this.client.setTimeouts(this.session, { script: 30_000, pageLoad: 60_000 }));
    this.#home = await this.#command(() => this.client.windowHandle(this.session));
    this.#current = this.#home;
    const userAgent = await this.#command(() => this.client.executeScript<string>(this.session, 'return navigator.userAgent'));
    const version = typeof capabilities['browserVersion'] === 'string' ? capabilities['browserVersion'] : '';
    const identity = { name: this.identity.name, version, userAgent };
    this.identity = present ? present(identity, capabilities) : identity;
  }

  /** Runs a command; an endpoint that stopped answering, or a session it no longer knows, means the browser is gone. */
  async #command<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (error instanceof WebDriverUnreachable) this.#lose(`${this.identity.name}: ${error.message}`);
      else if (error instanceof WebDriverError && error.code === 'invalid session id')
        this.#lose(`${this.identity.name}: its WebDriver session ended (${error.message})`);
      throw error;
    }
  }

  #lose(reason: string): void {
    if (!this.#connected) return;
    this.#connected = false;
    this.goneReason = reason;
    this.#markGone();
  }

  /** Switches to `handle` (when it is not current already) and sends the command, holding the lock for both. */
  #inWindow<T>(handle: string, send: () => Promise<T>): Promise<T> {
    return this.#lock.run(() =>
      this.#command(async () => {
        if (this.#current !== handle) {
          await this.client.switchToWindow(this.session, handle);
          this.#current = handle;
        }
        return send();
      }),
    );
  }

  async newPage(): Promise<BrowserPage> {
    // New Window needs an open current window: a page closed just before may have been current.
    const handle = await this.#inWindow(this.#home, () => this.client.newWindow(this.session));
    return {
      goto: (url) => this.#inWindow(handle, () => this.client.navigate(this.session, url)),
      evaluate: (fn, ...args) => this.#evaluate(handle, fn.toString(), args),
      close: () =>
        this.#inWindow(handle, async () => {
          await this.client.closeWindow(this.session);
          this.#current = null;
        }),
    };
  }

  async #evaluate<R>(handle: string, source: string, args: readonly unknown[]): Promise<R> {
    const id = `c${++nextCall}`;
    let state = await this.#inWindow(handle, () =>
      this.client.executeAsyncScript<CallState | null>(this.session, startScript(source), [id, args, FIRST_ANSWER_MS]),
    );
    for (let delay = FIRST_POLL_MS; state === null; delay = Math.min(delay * 2, MAX_POLL_MS)) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      const polled = await this.#inWindow(handle, () => this.client.executeScript<(CallState & { lost?: true }) | null>(this.session, POLL_SCRIPT, [id]));
      if (polled?.lost) throw new Error('the page navigated away or reloaded while a call was running in it');
      state = polled;
    }
    if (state.ok) return state.value as R;
    throw new Error(state.error ?? 'the page call failed');
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      // Ends the session (the browser with it); a gone endpoint has nothing left to end.
      if (this.#connected) await withTimeout(this.client.deleteSession(this.session), DELETE_SESSION_MS, 'ending the WebDriver session').catch(() => undefined);
      this.#lose(`${this.identity.name} was closed`);
      await this.release();
    })();
    return this.#closing;
  }
}
