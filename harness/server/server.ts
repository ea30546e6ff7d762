import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import express, { type ErrorRequestHandler, type NextFunction, type Response } from 'express';
import type { AdapterMode } from '../../core/results.js';
import { type AnyProbeSpec, PAGE_PROFILES, type PageNeed, type PageProfile } from '../../probes/types.js';
import { EnvironmentError } from '../errors.js';
import { COMPILED_ROOT } from '../../reports/paths.js';
import { JANUS_PROXY_PATH } from '../../probes/page-kit/janusApi.js';
import { janusProxy } from './janusProxy.js';
import { pageModuleClosure } from './pageModules.js';
import { CODE_PREFIX, renderProbePage } from './probePage.js';
import { VENDOR_FILES, packageVersion } from './vendor.js';

export interface PageServer {
  /** `http://localhost:PORT`: localhost makes the page a secure context, as getUserMedia requires. */
  origin: string;
  /** `profile`: the launcher's page profile (e.g. edge-ortc), which changes how the page boots. */
  probeUrl(probeId: string, adapter: AdapterMode, profile?: PageProfile): string;
  close(): Promise<void>;
}

export function adapterVersion(): string {
  return packageVersion('webrtc-adapter');
}

const BOOTSTRAP_MODULE = 'probes/page-kit/bootstrap.js';
/** 192 bits: a page of another origin (or another user's browser) cannot guess the run's paths. */
const TOKEN_BYTES = 24;

const profileOf = (value: unknown) => PAGE_PROFILES.find((p) => p === value);

/** Short and plain: no stack, no path of this machine. */
function plainStatus(res: Response, status: number): void {
  res
    .status(status)
    .type('text/plain')
    .set('Cache-Control', 'no-store')
    .send(status === 404 ? 'not found' : status < 500 ? 'bad request' : 'server error');
}

const plainErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  // Mid-file (e.g. the browser went away): express's own handler ends the connection, and sends nothing.
  if (res.headersSent) return next(error);
  const status = (error as { status?: unknown }).status;
  plainStatus(res, typeof status === 'number' && status >= 400 && status < 600 ? status : 500);
};

/** What the server needs of a probe: its page, what that page needs of a page profile (single-browser probes only) and the APIs it calls. */
type ServedProbe = Pick<AnyProbeSpec, 'id' | 'pageModule' | 'uses'> & { needs?: readonly PageNeed[] };

export interface PageServerOptions {
  /** The run's Janus API (e.g. `http://127.0.0.1:8088/janus`): pages reach it at `/<token>/janus` (harness/server/janusProxy.ts). */
  janusUpstream?: string;
}

/**
 * Serves probe pages, the compiled modules they import and the vendor files on 127.0.0.1 with
 * an ephemeral port, all under a random per-run path (`/<token>/...`): anything else is 404.
 * Of the compiled tree only the pages' import closure is served (harness/server/pageModules).
 */
export async function startPageServer(probes: readonly ServedProbe[], codeRoot = COMPILED_ROOT, options: PageServerOptions = {}): Promise<PageServer> {
  if (!existsSync(join(codeRoot, BOOTSTRAP_MODULE))) {
    throw new EnvironmentError(`compiled page code is missing under ${codeRoot}`, 'build it with: npm run build');
  }
  const byId = new Map(probes.map((p) => [p.id, p]));
  const modules = pageModuleClosure(codeRoot, [BOOTSTRAP_MODULE, ...probes.map((p) => p.pageModule)]);
  const base = `/${randomBytes(TOKEN_BYTES).toString('base64url')}`;

  const pages = express.Router({ caseSensitive: true, strict: true });
  pages.get('/probe/:id', (req, res) => {
    const spec = byId.get(req.params.id);
    if (!spec) return plainStatus(res, 404);
    const adapter = req.query['adapter'] === 'on' ? 'on' : 'off';
    const page = renderProbePage(spec.pageModule, adapter, profileOf(req.query['profile']), base, spec.needs, spec.uses);
    res.type('html').set({ 'Cache-Control': 'no-store', 'Content-Security-Policy': page.contentSecurityPolicy }).send(page.html);
  });
  // sendFile calls back on success too: only an error goes on to the error handler.
  const sent = (next: NextFunction) => (error?: unknown) => error && next(error);
  for (const file of VENDOR_FILES) pages.get(file.url, (_req, res, next) => res.type(file.contentType).sendFile(file.path(), sent(next)));
  // Matched against the raw path: the files have plain ASCII names, so no decoding is needed.
  pages.use(CODE_PREFIX, (req, res, next) => {
    const path = req.path.slice(1);
    if (!modules.has(path)) return plainStatus(res, 404);
    res.type('application/javascript').sendFile(resolve(codeRoot, path), sent(next));
  });

  if (options.janusUpstream !== undefined) pages.use(JANUS_PROXY_PATH, janusProxy(options.janusUpstream));

  const app = express();
  app.disable('x-powered-by');
  // The token is a secret: /<TOKEN> and /<token> are different paths.
  app.enable('case sensitive routing');
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
    next();
  });
  app.use(base, pages);
  app.use((_req, res) => plainStatus(res, 404));
  app.use(plainErrors);

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://localhost:${port}`;
  return {
    origin,
    probeUrl: (probeId, adapter, profile) => `${origin}${base}/probe/${encodeURIComponent(probeId)}?adapter=${adapter}${profile ? `&profile=${profile}` : ''}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
