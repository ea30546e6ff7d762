import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { type AdapterMode, type AnyProbeSpec, PAGE_PROFILES, type PageProfile } from '../../probes/types.js';
import { EnvironmentError } from '../errors.js';
import { COMPILED_ROOT } from '../paths.js';
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

const profileOf = (value: unknown) => PAGE_PROFILES.find((p) => p === value);

/**
 * Serves probe pages, the compiled page-side modules and the vendor files on 127.0.0.1 with
 * an ephemeral port. Nothing but those is served: the compiled tree is filtered to .js files.
 */
export async function startPageServer(probes: readonly Pick<AnyProbeSpec, 'id' | 'pageModule'>[], codeRoot = COMPILED_ROOT): Promise<PageServer> {
  if (!existsSync(join(codeRoot, 'probes', 'page-kit', 'bootstrap.js'))) {
    throw new EnvironmentError(`compiled page code is missing under ${codeRoot}`, 'build it with: npm run build');
  }
  const byId = new Map(probes.map((p) => [p.id, p]));
  const app = express();
  app.disable('x-powered-by');
  app.get('/probe/:id', (req, res) => {
    const spec = byId.get(req.params.id);
    const adapter = req.query['adapter'] === 'on' ? 'on' : 'off';
    if (!spec) {
      res.status(404).type('text/plain').send('unknown probe');
      return;
    }
    res.type('html').set('Cache-Control', 'no-store').send(renderProbePage(spec.pageModule, adapter, profileOf(req.query['profile'])));
  });
  for (const file of VENDOR_FILES) app.get(file.url, (_req, res) => res.type(file.contentType).sendFile(file.path()));
  app.use(CODE_PREFIX, (req, res, next) => (req.path.endsWith('.js') ? next() : res.status(404).end()));
  app.use(CODE_PREFIX, express.static(codeRoot, { index: false, dotfiles: 'deny', fallthrough: false }));

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://localhost:${port}`;
  return {
    origin,
    probeUrl: (probeId, adapter, profile) => `${origin}/probe/${encodeURIComponent(probeId)}?adapter=${adapter}${profile ? `&profile=${profile}` : ''}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
