import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PageServer, startPageServer } from './server.js';

/** A compiled tree as tsc leaves it: one probe page with an import, the page kit, and Node-side modules no page imports. */
function compiledTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'wh-pages-'));
  const files: Record<string, string> = {
    'probes/page-kit/bootstrap.js': "import { loadAdapter } from './adapterLoader.js';\n",
    'probes/page-kit/adapterLoader.js': 'export const loadAdapter = 1;\n',
    'probes/demo/page.js': "import { median } from '../../core/median.js';\n",
    'core/median.js': 'export const median = 1;\n',
    'probes/demo/probe.js': "import '../../harness/turn/coturn.js';\n",
    'harness/turn/coturn.js': '// writes the coturn config\n',
    'harness/cli.js': '#!/usr/bin/env node\n',
    'harness/cli.js.map': '{}',
  };
  for (const [path, code] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), code);
  }
  return root;
}

describe('the page server', () => {
  let server: PageServer;
  let base: string;
  beforeAll(async () => {
    server = await startPageServer([{ id: 'demo', pageModule: 'probes/demo/page.js' }], compiledTree());
    base = new URL(server.probeUrl('demo', 'off')).pathname.replace(/\/probe\/demo$/, '');
  });
  afterAll(() => server.close());

  const get = (path: string) => fetch(server.origin + path);

  it('puts every page under a random per-run path of at least 128 bits', async () => {
    expect(base).toMatch(/^\/[A-Za-z0-9_-]{22,}$/);
    const other = await startPageServer([{ id: 'demo', pageModule: 'probes/demo/page.js' }], compiledTree());
    await other.close();
    expect(new URL(other.probeUrl('demo', 'off')).pathname).not.toBe(new URL(server.probeUrl('demo', 'off')).pathname);
    expect((await get(`${base}/probe/demo`)).status).toBe(200);
    for (const guess of [
      '/probe/demo',
      '/code/probes/demo/page.js',
      '/vendor/webrtc-adapter.js',
      `${base.slice(0, -1)}/probe/demo`,
      `${base.toUpperCase()}/probe/demo`,
    ]) {
      expect((await get(guess)).status, guess).toBe(404);
    }
  });

  it('serves the probe modules and what they import, and nothing else of the compiled tree', async () => {
    for (const path of [
      'harness/turn/coturn.js',
      'harness/cli.js',
      'harness/cli.js.map',
      'probes/demo/probe.js',
      'probes/demo/../../harness/cli.js',
      'probes/demo/%2e%2e/%2e%2e/harness/cli.js',
      '',
    ]) {
      expect((await get(`${base}/code/${path}`)).status, path).toBe(404);
    }
    for (const path of ['probes/page-kit/bootstrap.js', 'probes/page-kit/adapterLoader.js', 'probes/demo/page.js', 'core/median.js']) {
      const response = await get(`${base}/code/${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/javascript/);
    }
    expect((await get(`${base}/vendor/webrtc-adapter.js`)).status).toBe(200);
  });

  it('answers errors with a short plain text, never a stack or a path of this machine', async () => {
    for (const path of [`${base}/probe/%E0%A4%A`, '/code/%E0%A4%A', `${base}/code/%E0%A4%A`, `${base}/probe/nope`, '/etc/passwd']) {
      const response = await get(path);
      const body = await response.text();
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/plain/);
      expect(body, path).toMatch(/^(not found|bad request)$/);
    }
  });

  it('gives probe pages a Content-Security-Policy that admits only same-origin scripts and its own import map and boot script', async () => {
    const response = await get(`${base}/probe/demo?adapter=on`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/^default-src 'none'; script-src 'self' 'sha256-[A-Za-z0-9+/]+=*' 'sha256-[A-Za-z0-9+/]+=*';/);
    expect(await response.text()).toContain(`"${base}/code/probes/page-kit/bootstrap.js"`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
