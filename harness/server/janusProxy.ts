// The page server's way to the run's Janus API: probe pages send their Janus requests to their
// own origin (`/<token>/janus/...`) and this router forwards them. Why a proxy and not CORS:
// Janus's API sits on another port (and in scenarios on another host), the page's CSP then stays
// `connect-src 'self'`, Janus need not answer other origins, and a served page whose visitor
// can reach only the page server reaches the run's Janus the same way. Only the API's own
// shapes go through (POST to /, /<session>, /<session>/<handle>; the long-poll GET of
// /<session>); Janus's answers go back as they are, with its status. `serve` has the proxy add
// the API secret itself (injectApiSecret), so a visitor's page never holds it.
import express, { type Request, type Response, type Router } from 'express';
import { PROXY_UNREACHABLE_HEADER } from '../../probes/page-kit/janusApi.js';
import { errorMessage } from '../errors.js';

/** A request of the call waits this long for Janus before the page hears "unreachable": a missing server is judged in seconds. */
const REQUEST_LIMIT_MS = 4_000;
/** Janus holds a long poll up to 30 s (then answers with a keepalive). */
const POLL_LIMIT_MS = 35_000;
const BODY_LIMIT_BYTES = 512 * 1024;
/** Query parameters of the long poll that Janus reads; nothing else is passed on. */
const POLL_PARAMETERS = ['maxev', 'rid', 'apisecret'] as const;

/** Why a fetch to Janus failed, in words a page can show (connection refused, timed out, reset). */
function unreachableReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'no answer in time';
  if (cause && typeof cause.code === 'string') {
    const known: Record<string, string> = {
      ECONNREFUSED: 'connection refused',
      ECONNRESET: 'connection reset',
      EHOSTUNREACH: 'host unreachable',
      ENETUNREACH: 'network unreachable',
      UND_ERR_SOCKET: 'connection closed',
    };
    return known[cause.code] ?? cause.code;
  }
  if (cause && typeof cause.message === 'string') return cause.message.slice(0, 120);
  return errorMessage(error).slice(0, 120);
}

async function forward(res: Response, url: string, init: RequestInit, limitMs: number): Promise<void> {
  let answer: globalThis.Response;
  let body: string;
  try {
    answer = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(limitMs) });
    body = await answer.text();
  } catch (error) {
    res.status(502).set(PROXY_UNREACHABLE_HEADER, unreachableReason(error)).set('Cache-Control', 'no-store').type('text/plain').send('Janus unreachable');
    return;
  }
  // Janus's JSON is passed on as text; the page parses and checks it (probes/page-kit/janusApi.ts).
  res.status(answer.status).set('Cache-Control', 'no-store').type('application/json').send(body);
}

const ID = '[0-9]{1,20}';

export interface JanusProxyOptions {
  /**
   * Janus's api_secret, set by the proxy on every request (replacing any the client sent): the
   * pages need not know it. Then only JSON objects are forwarded.
   */
  injectApiSecret?: string;
  /** Largest request body accepted (an offer's SDP is a few kB). */
  maxBodyBytes?: number;
}

/** The body to forward: as sent, or with the injected secret (null: not a JSON object, refused). */
function requestBody(text: string, injectApiSecret: string | undefined): string | null {
  if (injectApiSecret === undefined) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  return JSON.stringify({ ...parsed, apisecret: injectApiSecret });
}

/** Forwards the Janus API under the router's mount point to `upstreamUrl` (e.g. `http://127.0.0.1:8088/janus`). */
export function janusProxy(upstreamUrl: string, options: JanusProxyOptions = {}): Router {
  const upstream = upstreamUrl.replace(/\/$/, '');
  const { injectApiSecret } = options;
  const router = express.Router({ caseSensitive: true, strict: true });
  const post = (req: Request, res: Response) => {
    const body = requestBody(String(req.body ?? ''), injectApiSecret);
    if (body === null) {
      res.status(400).set('Cache-Control', 'no-store').type('text/plain').send('a Janus API request is a JSON object');
      return;
    }
    return forward(res, upstream + req.path.replace(/\/$/, ''), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }, REQUEST_LIMIT_MS);
  };
  const text = express.text({ type: () => true, limit: options.maxBodyBytes ?? BODY_LIMIT_BYTES });
  router.post('/', text, post);
  router.post(new RegExp(`^/${ID}(?:/${ID})?$`), text, post);
  router.get(new RegExp(`^/${ID}$`), (req, res) => {
    const query = new URLSearchParams();
    for (const name of POLL_PARAMETERS) {
      const value = req.query[name];
      if (typeof value === 'string') query.set(name, value);
    }
    if (injectApiSecret !== undefined) query.set('apisecret', injectApiSecret);
    return forward(res, `${upstream}${req.path}?${query}`, { method: 'GET' }, POLL_LIMIT_MS);
  });
  return router;
}
