// The routes of `webrtc-harness serve`: the visitor's page and its API, the stored reports, the
// comparison by label and the admin's list. Everything a visitor sends is checked on the way in
// (query values, the posted results against results.schema.json, sizes, rates) and leaves only as
// text: JSON, or the report pages, which escape whatever they show.
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { terminalSafe } from '../../core/sanitize.js';
import {
  type ApiError,
  type IceServersResponse,
  MAX_POSTED_RESULTS_BYTES,
  SERVED_PATHS,
  type StoredRunResponse,
  reportPath,
  resultsPath,
} from '../../reports/servedRun.js';
import { renderReadinessPage } from '../../reports/pages/readinessPage.js';
import { janusProxy } from '../server/janusProxy.js';
import { RunRejected, newRun } from '../store/newRun.js';
import type { NewRun, RunStore } from '../store/runStore.js';
import { ADMIN_CHALLENGE, type AdminTokenDigest, isAdmin } from './adminAuth.js';
import { ADMIN_PAGE_POLICY, renderAdminPage } from './adminPage.js';
import { MAX_COMPARED_RUNS, compareRuns } from './compare.js';
import { MAX_POSTED_JSON_DEPTH, jsonNestingDepth } from './jsonDepth.js';
import { QueryError, isRunId, optionalLabel, requiredLabel, runFilterOf } from './queryParams.js';
import { type RateLimiter, clientKey } from './rateLimit.js';
import { servedReport } from './servedReport.js';

export interface ServeAppOptions {
  store: RunStore;
  /** TURN credentials minted for one visit. */
  iceServers(): IceServersResponse;
  /** --public-url: answers carry absolute URLs with it; null: paths. */
  publicOrigin: string | null;
  /** null: no admin token was given, so the admin page and list are closed. */
  adminToken: AdminTokenDigest | null;
  storeIp: boolean;
  redactIps: boolean;
  /** Told of every stored run, after the visitor has their answer. */
  onStored(summary: Pick<NewRun, 'id' | 'verdict' | 'label' | 'browsers'>): void;
  /** The media server the page's call goes to through SERVED_PATHS.janus (its secret added here); null: none. */
  janus: { upstreamUrl: string; apiSecret: string } | null;
  /** One bucket set per route that costs the server (minting credentials, storing runs, Janus requests). */
  limits: { iceServers: RateLimiter; runs: RateLimiter; janus: RateLimiter };
  /** --trust-proxy: the client address is the one a reverse proxy on this machine forwards. */
  trustProxy: boolean;
  harnessVersion: string;
  /** Where unexpected errors are told (the operator's log); visitors get one plain sentence. */
  say(line: string): void;
}

/** A Janus request carries at most an offer's SDP with a few candidates: a few kB. */
const MAX_JANUS_REQUEST_BYTES = 64 * 1024;

/** For JSON answers and anything that sets no policy of its own: nothing may load, nothing may frame it. */
const NOTHING_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Headers on every answer. The visitor's page needs the camera and microphone, for its own origin only. */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': NOTHING_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(self), microphone=(self), display-capture=(), geolocation=(), usb=(), payment=()',
  'Cache-Control': 'no-store',
};

/** An error whose message is for the client, with its status. */
class ClientError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

function sendError(res: Response, status: number, message: string, headers: Readonly<Record<string, string>> = {}): void {
  const body: ApiError = { error: message };
  res.status(status).set(headers).json(body);
}

function sendHtml(res: Response, page: { html: string; contentSecurityPolicy: string }, status = 200): void {
  res.status(status).type('html').set('Content-Security-Policy', page.contentSecurityPolicy).send(page.html);
}

/** Express 5 passes a rejected promise to the error handler; this names the handler's type once. */
type AsyncHandler = (req: Request, res: Response) => Promise<void>;
const handle =
  (fn: AsyncHandler): RequestHandler =>
  (req, res, next) =>
    fn(req, res).catch(next);

function rateLimited(limiter: RateLimiter): RequestHandler {
  return (req, _res, next) => {
    const decision = limiter.take(clientKey(req.ip));
    if (decision.allowed) return next();
    next(new ClientError(429, 'too many requests from this address: try again shortly', { 'Retry-After': String(decision.retryAfterSeconds) }));
  };
}

export function createServeApp(options: ServeAppOptions): express.Express {
  const { store } = options;
  const absolute = (path: string) => (options.publicOrigin === null ? path : `${options.publicOrigin}${path}`);

  const requireAdmin =
    (challenge: 'basic' | 'bearer'): RequestHandler =>
    (req, _res, next) => {
      if (options.adminToken === null)
        return next(new ClientError(403, 'the admin list is closed: start serve with --admin-token-file or WEBRTC_HARNESS_ADMIN_TOKEN'));
      if (isAdmin(req.get('authorization'), options.adminToken)) return next();
      next(new ClientError(401, 'the admin token is missing or wrong', { 'WWW-Authenticate': challenge === 'basic' ? ADMIN_CHALLENGE : 'Bearer' }));
    };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', options.trustProxy ? 'loopback' : false);
  app.use((_req, res, next) => {
    res.set(SECURITY_HEADERS);
    next();
  });

  app.get(SERVED_PATHS.page, (req, res) => {
    const label = optionalLabel(req.query);
    sendHtml(res, renderReadinessPage({ label, autostart: req.query['autostart'] === '1', harnessVersion: options.harnessVersion }));
  });

  app.get(SERVED_PATHS.iceServers, rateLimited(options.limits.iceServers), (_req, res) => {
    res.json(options.iceServers());
  });

  if (options.janus)
    app.use(
      SERVED_PATHS.janus,
      rateLimited(options.limits.janus),
      janusProxy(options.janus.upstreamUrl, { injectApiSecret: options.janus.apiSecret, maxBodyBytes: MAX_JANUS_REQUEST_BYTES }),
    );

  app.post(
    SERVED_PATHS.runs,
    rateLimited(options.limits.runs),
    (req, _res, next) => {
      // application/json only: a cross-site form cannot send it without a CORS preflight, which this server never allows.
      if (!req.is('application/json')) return next(new ClientError(415, 'post results.json with Content-Type: application/json'));
      next();
    },
    express.raw({ type: () => true, limit: MAX_POSTED_RESULTS_BYTES, inflate: false }),
    handle(async (req, res) => {
      const label = optionalLabel(req.query);
      const text = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      if (jsonNestingDepth(text) > MAX_POSTED_JSON_DEPTH)
        throw new ClientError(400, `the body nests deeper than ${MAX_POSTED_JSON_DEPTH} levels: it is no results.json`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new ClientError(400, `the body is not JSON (${error instanceof Error ? error.message : 'unreadable'})`);
      }
      let run: NewRun;
      try {
        run = await newRun({ results: parsed, label, userAgent: req.get('user-agent'), clientIp: req.ip }, options);
      } catch (error) {
        if (error instanceof RunRejected) throw new ClientError(400, error.message);
        throw error;
      }
      await store.insert(run);
      const answer: StoredRunResponse = { id: run.id, reportUrl: absolute(reportPath(run.id)), resultsUrl: absolute(resultsPath(run.id)) };
      res.status(201).location(answer.reportUrl).json(answer);
      options.onStored({ id: run.id, verdict: run.verdict, label: run.label, browsers: run.browsers });
    }),
  );

  app.get(
    SERVED_PATHS.runs,
    requireAdmin('bearer'),
    handle(async (req, res) => {
      const runs = await store.list(runFilterOf(req.query));
      res.json({ runs: runs.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), reportUrl: absolute(reportPath(r.id)) })) });
    }),
  );

  app.get(
    SERVED_PATHS.admin,
    requireAdmin('basic'),
    handle(async (req, res) => {
      const search = Object.fromEntries(Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === 'string'));
      let page: string;
      try {
        const runs = await store.list(runFilterOf(req.query));
        page = renderAdminPage({ search, runs, error: null, storeDescription: store.description });
      } catch (error) {
        if (!(error instanceof QueryError)) throw error;
        page = renderAdminPage({ search, runs: [], error: error.message, storeDescription: store.description });
        res.status(400);
      }
      sendHtml(res, { html: page, contentSecurityPolicy: ADMIN_PAGE_POLICY }, res.statusCode);
    }),
  );

  const storedRun = async (id: string) => {
    const run = isRunId(id) ? await store.get(id) : null;
    if (!run) throw new ClientError(404, 'no run with this id (it may have expired)');
    return run;
  };

  app.get(
    '/r/:id',
    handle(async (req, res) => {
      const run = await storedRun(String(req.params['id']));
      sendHtml(res, servedReport(run.results));
    }),
  );

  app.get(
    '/r/:id/results.json',
    handle(async (req, res) => {
      const run = await storedRun(String(req.params['id']));
      res
        .type('json')
        .set('Content-Disposition', 'inline; filename="results.json"')
        .send(`${JSON.stringify(run.results, null, 2)}\n`);
    }),
  );

  app.get(
    SERVED_PATHS.compare,
    handle(async (req, res) => {
      const label = requiredLabel(req.query);
      const runs = await store.withLabel(label, MAX_COMPARED_RUNS);
      if (runs.length === 0) throw new ClientError(404, 'no runs with this label');
      sendHtml(res, servedReport(compareRuns(label, runs)));
    }),
  );

  app.use((_req, _res, next) => next(new ClientError(404, 'not found')));

  const errors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof ClientError) return sendError(res, error.status, error.message, error.headers);
    if (error instanceof QueryError) return sendError(res, 400, error.message);
    // body-parser's errors: too large, or a body that could not be read as sent.
    const status = (error as { status?: unknown }).status;
    if (status === 413) return sendError(res, 413, `the body is too large (results.json may have at most ${MAX_POSTED_RESULTS_BYTES} bytes)`);
    if (typeof status === 'number' && status >= 400 && status < 500) return sendError(res, status, 'the request could not be read');
    options.say(`webrtc-harness serve: ${terminalSafe(error instanceof Error ? error.message : String(error))}\n`);
    sendError(res, 500, 'the server failed to answer; the operator can see why in its log');
  };
  app.use(errors);
  return app;
}
