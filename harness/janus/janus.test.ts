// The embedded Janus for real (Debian's janus): what it loads, what it asks of clients, where
// its secrets are (not on its command line), and that nothing of it is left after stop. The
// page server's proxy is tested against it too.
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROXY_UNREACHABLE_HEADER } from '../../probes/page-kit/janusApi.js';
import { isAlive } from '../../test/support/processes.js';
import { freeUdpTcpPort } from '../network/freePort.js';
import { LOOPBACK_NETWORK } from '../network/placement.js';
import { removeLeftovers } from '../ownership/leftovers.js';
import { COMPILED_ROOT } from '../../reports/paths.js';
import { janusProxy } from '../server/janusProxy.js';
import { type EmbeddedJanus, startEmbeddedJanus } from './janus.js';

const post = async (url: string, body: unknown) => {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, json: (await response.json().catch(() => null)) as Record<string, unknown> | null };
};

describe('embedded Janus', () => {
  let janus: EmbeddedJanus;
  beforeAll(async () => {
    janus = await startEmbeddedJanus(LOOPBACK_NETWORK.mediaServer);
  });
  afterAll(async () => janus?.stop());

  it('loads the EchoTest plugin and the HTTP transport and nothing else', async () => {
    const info = (await (await fetch(`${janus.apiUrl}/info`)).json()) as Record<string, Record<string, unknown>>;
    expect(Object.keys(info['plugins']!)).toEqual(['janus.plugin.echotest']);
    expect(Object.keys(info['transports']!)).toEqual(['janus.transport.http']);
    expect(Object.keys(info['events']!)).toEqual([]);
    expect(info['api_secret']).toBe(true);
  });

  it('refuses a request without the run API secret and serves one with it; the admin API wants its own', async () => {
    expect((await post(janus.apiUrl, { janus: 'create', transaction: 't1' })).json?.['error']).toMatchObject({ code: 403 });
    expect((await post(janus.apiUrl, { janus: 'create', transaction: 't2', apisecret: janus.adminSecret })).json?.['error']).toMatchObject({ code: 403 });
    expect((await post(janus.apiUrl, { janus: 'create', transaction: 't3', apisecret: janus.apiSecret })).json?.['janus']).toBe('success');
    expect((await post(janus.adminUrl, { janus: 'list_sessions', transaction: 't4', admin_secret: janus.apiSecret })).json?.['janus']).toBe('error');
    expect((await post(janus.adminUrl, { janus: 'list_sessions', transaction: 't5', admin_secret: janus.adminSecret })).json?.['janus']).toBe('success');
  });

  it('keeps its secrets in a private config folder, never on its command line', () => {
    const pid = janus.server.child.pid!;
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    expect(commandLine).toContain('janus');
    for (const secret of janus.secrets) expect(commandLine).not.toContain(secret);
    const configFile = commandLine.split('\0').find((arg) => arg.endsWith('janus.jcfg'))!;
    expect(statSync(dirname(configFile)).mode & 0o777).toBe(0o700);
    expect(readFileSync(configFile, 'utf8')).toContain(janus.apiSecret);
  });

  describe("the page server's proxy", () => {
    const serve = async (upstream: string) => {
      const app = express();
      app.use('/janus', janusProxy(upstream));
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/janus`, close: () => server.close() };
    };

    it('forwards the API (create, then a long poll of the session) with Janus status and answers', async () => {
      const proxy = await serve(janus.apiUrl);
      try {
        const created = await post(proxy.url, { janus: 'create', transaction: 'p1', apisecret: janus.apiSecret });
        const id = (created.json?.['data'] as { id: number } | undefined)?.id;
        expect(id).toBeGreaterThan(0);
        const keepalive = await post(`${proxy.url}/${id}`, { janus: 'keepalive', transaction: 'p2', apisecret: janus.apiSecret });
        expect(keepalive.json?.['janus']).toBe('ack');
        expect((await post(proxy.url, { janus: 'create', transaction: 'p3', apisecret: 'wrong' })).json?.['error']).toMatchObject({ code: 403 });
        // Paths that are no Janus API shape are not forwarded.
        expect((await fetch(`${proxy.url}/../admin`, { method: 'POST', body: '{}' })).status).toBe(404);
        expect((await fetch(`${proxy.url}/1/2/3`, { method: 'POST', body: '{}' })).status).toBe(404);
      } finally {
        proxy.close();
      }
    });

    it('answers 502 with the reason at once when nothing listens upstream', async () => {
      // A port free right now: nothing listens there.
      const proxy = await serve(`http://127.0.0.1:${await freeUdpTcpPort('127.0.0.1')}/janus`);
      try {
        const started = performance.now();
        const answer = await post(proxy.url, { janus: 'create', transaction: 'p4' });
        expect(answer.status).toBe(502);
        expect(answer.headers.get(PROXY_UNREACHABLE_HEADER)).toBe('connection refused');
        expect(performance.now() - started).toBeLessThan(4_000);
      } finally {
        proxy.close();
      }
    });
  });

  it('SIGKILL of the harness ends Janus at once (parent-death signal); the next start removes its folder', async () => {
    // A stand-in harness: the compiled module in a child process, killed with no teardown.
    const script = `import { startEmbeddedJanus } from ${JSON.stringify(join(COMPILED_ROOT, 'harness', 'janus', 'janus.js'))};
import { LOOPBACK_NETWORK } from ${JSON.stringify(join(COMPILED_ROOT, 'harness', 'network', 'placement.js'))};
const janus = await startEmbeddedJanus(LOOPBACK_NETWORK.mediaServer);
process.stdout.write(String(janus.server.child.pid) + '\\n');
setInterval(() => undefined, 1 << 30);`;
    const harness = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = Number(await new Promise<string>((resolve) => harness.stdout.setEncoding('utf8').once('data', resolve)));
    const folder = dirname(
      readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        .split('\0')
        .find((arg) => arg.endsWith('janus.jcfg'))!,
    );
    harness.kill('SIGKILL');
    for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isAlive(pid), 'janus still running after the harness was SIGKILLed').toBe(false);
    expect(existsSync(folder)).toBe(true);
    await removeLeftovers();
    expect(existsSync(folder)).toBe(false);
  });

  it('stop ends the process and removes its folder', async () => {
    const pid = janus.server.child.pid!;
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const folder = dirname(commandLine.split('\0').find((arg) => arg.endsWith('janus.jcfg'))!);
    await janus.stop();
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(folder)).toBe(false);
  });
});
