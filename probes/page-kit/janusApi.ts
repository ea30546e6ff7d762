// Runs in the browser: a client of the Janus HTTP API (the REST transport), with no help from
// the Node side during the call: create a session, attach a plugin, send messages (with JSEP),
// trickle candidates, long-poll the session for events, keep it alive, destroy it. Every answer
// is untrusted text: read as JSON, checked field by field (parseJanusReply), never evaluated.

/** Where the page reaches a Janus API and which Janus that is. */
export interface JanusEndpoint {
  /** The API's URL: relative to the probe page (the page server's proxy, JANUS_PROXY_PATH) or absolute. */
  url: string;
  /** The Janus the requests end up at, for messages ("no Janus at ..."); no secret in it. */
  label: string;
  /**
   * Janus's api_secret; it stays in the page and never goes into raw data. Absent when the proxy
   * adds it (serve's, so a visitor's page never holds it).
   */
  apiSecret?: string;
}

/** Where the page server serves its proxy to the run's Janus API, under the run's path (`/<token>/janus`). */
export const JANUS_PROXY_PATH = '/janus';
/** The proxy's answer header when it could not reach Janus at all (its value says why). */
export const PROXY_UNREACHABLE_HEADER = 'x-janus-unreachable';

/**
 * unreachable: nothing answered at the URL; not-janus: something answered, not a Janus API;
 * secret-refused: Janus said 403 to the API secret; gone: it answered before and stopped
 * mid-call; error: Janus refused the request for another reason.
 */
export type JanusFailureKind = 'unreachable' | 'not-janus' | 'secret-refused' | 'gone' | 'error';

export class JanusApiError extends Error {
  override readonly name = 'JanusApiError';
  constructor(
    readonly kind: JanusFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** One message of the Janus API as read from its JSON: only the fields this client uses, checked. */
export interface JanusReply {
  janus: string;
  transaction?: string;
  sessionId?: number;
  sender?: number;
  /** `data.id` of a success (the new session's or handle's id). */
  id?: number;
  error?: { code: number; reason: string };
  /** plugindata.data of a plugin event. */
  pluginData?: Record<string, unknown>;
  jsep?: { type: 'offer' | 'answer'; sdp: string };
  /** media events: which kind, and whether Janus receives it. */
  media?: { type: string; receiving: boolean };
  reason?: string;
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const safeId = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined);

/** A Janus API message, or null when `value` is not one. Pure; unit-tested on real answers. */
export function parseJanusReply(value: unknown): JanusReply | null {
  const message = record(value);
  if (!message || typeof message['janus'] !== 'string') return null;
  const reply: JanusReply = { janus: message['janus'] };
  if (typeof message['transaction'] === 'string') reply.transaction = message['transaction'];
  const sessionId = safeId(message['session_id']);
  if (sessionId !== undefined) reply.sessionId = sessionId;
  const sender = safeId(message['sender']);
  if (sender !== undefined) reply.sender = sender;
  const id = safeId(record(message['data'])?.['id']);
  if (id !== undefined) reply.id = id;
  const error = record(message['error']);
  if (error && typeof error['code'] === 'number') reply.error = { code: error['code'], reason: typeof error['reason'] === 'string' ? error['reason'] : '' };
  const pluginData = record(record(message['plugindata'])?.['data']);
  if (pluginData) reply.pluginData = pluginData;
  const jsep = record(message['jsep']);
  if (jsep && (jsep['type'] === 'offer' || jsep['type'] === 'answer') && typeof jsep['sdp'] === 'string') reply.jsep = { type: jsep['type'], sdp: jsep['sdp'] };
  if (typeof message['type'] === 'string' && typeof message['receiving'] === 'boolean')
    reply.media = { type: message['type'], receiving: message['receiving'] };
  if (typeof message['reason'] === 'string') reply.reason = message['reason'];
  return reply;
}

/** Janus answers 403 to a wrong or missing api_secret. */
const UNAUTHORIZED = 403;
/** A request of the call (not a long poll) that takes longer than this means the server is not there: judged in seconds. */
const REQUEST_LIMIT_MS = 4_500;
/** Janus holds a long poll up to 30 s before it answers with a keepalive. */
const POLL_LIMIT_MS = 40_000;
/** Janus drops a session after 60 s without a request; a keepalive every 25 s keeps it. */
const KEEPALIVE_MS = 25_000;

const transactionId = () => Math.random().toString(36).slice(2, 14);

export class JanusSession {
  readonly #endpoint: JanusEndpoint;
  readonly #sessionUrl: string;
  readonly #events: JanusReply[] = [];
  readonly #waiters = new Set<() => void>();
  #closed = false;
  #keepalive: ReturnType<typeof setInterval> | undefined;
  /** Set when the server stopped answering mid-session: the call cannot go on. */
  failure: JanusApiError | null = null;

  private constructor(
    endpoint: JanusEndpoint,
    base: string,
    readonly id: number,
  ) {
    this.#endpoint = endpoint;
    this.#sessionUrl = `${base}/${id}`;
  }

  /** Creates a session and starts polling it; rejects with a JanusApiError naming what is wrong. */
  static async open(endpoint: JanusEndpoint): Promise<JanusSession> {
    const base = new URL(endpoint.url, location.href).href.replace(/\/$/, '');
    const reply = await post(endpoint, base, { janus: 'create' });
    if (reply.id === undefined) throw new JanusApiError('not-janus', `no Janus at ${endpoint.label}: its answer to "create" carries no session id`);
    const session = new JanusSession(endpoint, base, reply.id);
    void session.#poll();
    session.#keepalive = setInterval(() => void session.#request({ janus: 'keepalive' }).catch(() => undefined), KEEPALIVE_MS);
    return session;
  }

  /** Attaches to `plugin` (e.g. janus.plugin.echotest); resolves to the handle id. `opaqueId` names the handle in Janus's admin API. */
  async attach(plugin: string, opaqueId: string): Promise<number> {
    const reply = await this.#request({ janus: 'attach', plugin, opaque_id: opaqueId });
    if (reply.id === undefined) throw new JanusApiError('error', `Janus did not attach ${plugin}`);
    return reply.id;
  }

  /** Sends a plugin message (with a JSEP offer or answer); the plugin's answer arrives as an event with the same transaction. */
  async message(handle: number, body: Record<string, unknown>, jsep?: RTCSessionDescriptionInit): Promise<string> {
    const transaction = transactionId();
    await this.#request({ janus: 'message', body, ...(jsep ? { jsep: { type: jsep.type, sdp: jsep.sdp } } : {}), transaction }, handle);
    return transaction;
  }

  /** Trickles one of our candidates to Janus, or null once gathering completed. */
  trickle(handle: number, candidate: RTCIceCandidate | null): Promise<JanusReply> {
    return this.#request(
      {
        janus: 'trickle',
        candidate: candidate ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex } : { completed: true },
      },
      handle,
    );
  }

  /** The first event (past or future) that `match` accepts; rejects after `limitMs` or when the session fails. */
  nextEvent(match: (event: JanusReply) => boolean, limitMs: number): Promise<JanusReply> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const index = this.#events.findIndex(match);
        if (index >= 0) {
          done();
          resolve(this.#events.splice(index, 1)[0]!);
        } else if (this.failure) {
          done();
          reject(this.failure);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new JanusApiError('error', `Janus sent no answer within ${limitMs} ms`));
      }, limitMs);
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** Stops polling and keepalives and destroys the session (best effort: the server may be gone). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#keepalive);
    if (!this.failure) await this.#request({ janus: 'destroy' }).catch(() => undefined);
  }

  #request(body: Record<string, unknown>, handle?: number): Promise<JanusReply> {
    return post(this.#endpoint, handle === undefined ? this.#sessionUrl : `${this.#sessionUrl}/${handle}`, body).catch((error: unknown) => {
      throw this.#lost(error);
    });
  }

  /** An API failure after the session existed: unreachable now means the server went away mid-call. */
  #lost(error: unknown): unknown {
    if (error instanceof JanusApiError && (error.kind === 'unreachable' || error.kind === 'not-janus')) {
      this.failure ??= new JanusApiError('gone', `media server exited: the Janus at ${this.#endpoint.label} stopped answering mid-call (${error.message})`);
      this.#wake();
      return this.failure;
    }
    return error;
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  async #poll(): Promise<void> {
    while (!this.#closed && !this.failure) {
      const secret = this.#endpoint.apiSecret === undefined ? '' : `&apisecret=${encodeURIComponent(this.#endpoint.apiSecret)}`;
      const url = `${this.#sessionUrl}?maxev=10&rid=${Date.now()}${secret}`;
      try {
        const answer = await fetchJson(this.#endpoint, url, { method: 'GET' }, POLL_LIMIT_MS);
        for (const value of Array.isArray(answer) ? answer : [answer]) {
          const event = parseJanusReply(value);
          if (event && event.janus !== 'keepalive') this.#events.push(event);
        }
        this.#wake();
      } catch (error) {
        if (this.#closed) return;
        this.#lost(error);
        if (!this.failure) await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
}

/** POSTs one API request with the secret and a transaction; resolves to Janus's success/ack, rejects with what went wrong. */
async function post(endpoint: JanusEndpoint, url: string, body: Record<string, unknown>): Promise<JanusReply> {
  const answer = await fetchJson(
    endpoint,
    url,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ transaction: transactionId(), ...body, ...(endpoint.apiSecret === undefined ? {} : { apisecret: endpoint.apiSecret }) }),
    },
    REQUEST_LIMIT_MS,
  );
  const reply = parseJanusReply(answer);
  if (!reply) throw new JanusApiError('not-janus', `no Janus at ${endpoint.label}: its answer is not a Janus API message`);
  if (reply.janus === 'error' || reply.error) {
    if (reply.error?.code === UNAUTHORIZED) throw new JanusApiError('secret-refused', `API secret refused by the Janus at ${endpoint.label}`);
    throw new JanusApiError('error', `Janus refused "${String(body['janus'])}": ${reply.error?.code ?? '?'} ${reply.error?.reason ?? ''}`.trim());
  }
  return reply;
}

async function fetchJson(endpoint: JanusEndpoint, url: string, init: RequestInit, limitMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, cache: 'no-store', signal: AbortSignal.timeout(limitMs) });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new JanusApiError('unreachable', `no Janus at ${endpoint.label} (${timedOut ? `no answer within ${limitMs} ms` : 'no connection'})`);
  }
  const proxyNote = response.headers.get(PROXY_UNREACHABLE_HEADER);
  if (proxyNote !== null) throw new JanusApiError('unreachable', `no Janus at ${endpoint.label} (${proxyNote.slice(0, 120)})`);
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new JanusApiError('not-janus', `no Janus at ${endpoint.label}: HTTP ${response.status} with an answer that is not JSON`);
  }
}
