// A small classic W3C WebDriver client (https://w3c.github.io/webdriver/): the handful of
// commands the harness needs (new session, navigate, windows, execute script, delete session)
// over fetch. It speaks to any remote end: WebKitWebDriver, safaridriver, chromedriver, a
// Selenium Grid (`/wd/hub` or not) or a cloud grid with credentials in the URL, which go into an
// Authorization header and never into a message.
import { errorMessage } from '../errors.js';
import { describeEndpoint } from '../launchers/remote.js';

/** A W3C error answer: `error` is the spec's error code (`no such window`, `session not created`, ...). */
export class WebDriverError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'WebDriverError';
  }
}

/** The remote end did not answer at all (refused, reset, timed out): it is gone, not just unhappy. */
export class WebDriverUnreachable extends Error {
  constructor(endpoint: string, cause: unknown) {
    super(`the WebDriver endpoint ${endpoint} stopped answering (${describeCause(cause)})`);
    this.name = 'WebDriverUnreachable';
  }
}

/** fetch's "fetch failed" hides the reason (ECONNREFUSED, socket hang up) in `cause`. */
function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return errorMessage(error);
}

export interface NewSession {
  sessionId: string;
  /** What the remote end matched: browserName, browserVersion, platformName and vendor extensions (se:cdp). */
  capabilities: Record<string, unknown>;
}

/** The W3C capabilities request: what every match must have, and alternatives tried in order. */
export interface CapabilitiesRequest {
  alwaysMatch?: Record<string, unknown>;
  firstMatch?: Record<string, unknown>[];
}

/** The URL's user and password as a Basic Authorization header, or nothing when it has none. */
export function basicAuthorization(url: URL): Record<string, string> {
  if (!url.username && !url.password) return {};
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return { authorization: `Basic ${Buffer.from(pair).toString('base64')}` };
}

export class WebDriverClient {
  readonly #base: string;
  readonly #headers: Record<string, string>;
  readonly #shown: string;

  /** `endpoint`: http(s)://HOST:PORT with an optional path prefix (`/wd/hub`) and optional user:password. */
  constructor(endpoint: URL) {
    const base = new URL(endpoint.href);
    // Grid 4 refuses a body without `charset=utf-8` in its content type.
    this.#headers = { 'content-type': 'application/json; charset=utf-8', ...basicAuthorization(base) };
    base.username = '';
    base.password = '';
    this.#base = base.href.replace(/\/$/, '');
    this.#shown = describeEndpoint(base);
  }

  async #send<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.#base}${path}`, {
        method,
        headers: this.#headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new WebDriverUnreachable(this.#shown, error);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new WebDriverUnreachable(this.#shown, error);
    }
    let answer: { value?: unknown };
    try {
      answer = JSON.parse(text) as { value?: unknown };
    } catch {
      throw new WebDriverError('unknown error', `${method} ${path} answered HTTP ${response.status} with no WebDriver JSON`);
    }
    const value = answer.value as { error?: unknown; message?: unknown } | null | undefined;
    if (!response.ok || (value && typeof value === 'object' && typeof value.error === 'string')) {
      const code = typeof value?.error === 'string' ? value.error : `HTTP ${response.status}`;
      throw new WebDriverError(code, typeof value?.message === 'string' ? value.message.split('\n')[0]! : `${method} ${path}`);
    }
    return answer.value as T;
  }

  /** `GET /status`: whether the remote end can create a session now (a Grid: a free slot somewhere). */
  status(signal?: AbortSignal): Promise<{ ready: boolean; message?: string }> {
    return this.#send('GET', '/status', undefined, signal);
  }

  newSession(capabilities: CapabilitiesRequest, signal?: AbortSignal): Promise<NewSession> {
    return this.#send('POST', '/session', { capabilities }, signal);
  }

  deleteSession(session: string): Promise<void> {
    return this.#send('DELETE', `/session/${session}`);
  }

  setTimeouts(session: string, timeouts: { script?: number; pageLoad?: number; implicit?: number }): Promise<void> {
    return this.#send('POST', `/session/${session}/timeouts`, timeouts);
  }

  navigate(session: string, url: string): Promise<void> {
    return this.#send('POST', `/session/${session}/url`, { url });
  }

  windowHandle(session: string): Promise<string> {
    return this.#send('GET', `/session/${session}/window`);
  }

  /** Opens a top-level browsing context; `window`, not `tab`, so it is not a throttled background tab. */
  async newWindow(session: string): Promise<string> {
    const { handle } = await this.#send<{ handle: string }>('POST', `/session/${session}/window/new`, { type: 'window' });
    return handle;
  }

  switchToWindow(session: string, handle: string): Promise<void> {
    return this.#send('POST', `/session/${session}/window`, { handle });
  }

  /** Closes the current window; the others stay. */
  closeWindow(session: string): Promise<string[]> {
    return this.#send('DELETE', `/session/${session}/window`);
  }

  /** Runs `script` (a function body whose last argument is a callback) in the current window; resolves to what it passes the callback, JSON-cloned. */
  executeAsyncScript<T>(session: string, script: string, args: readonly unknown[] = []): Promise<T> {
    return this.#send('POST', `/session/${session}/execute/async`, { script, args });
  }

  /** Runs `script` (a function body; `arguments` holds `args`) in the current window; returns what it returns, JSON-cloned. */
  executeScript<T>(session: string, script: string, args: readonly unknown[] = []): Promise<T> {
    return this.#send('POST', `/session/${session}/execute/sync`, { script, args });
  }
}
