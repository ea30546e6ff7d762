// `webrtc-harness serve` as an operator runs it (compiled CLI, a temporary SQLite file, the embedded
// coturn on the machine's own address), driven over HTTP the way the visitor's page and an admin
// do, with coturn's own client as the witness that the minted TURN credentials work and expire.
// Needs the compiled CLI and pages: npm run build
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { get as httpsGet } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../core/results.js';
import { type IceServersResponse, MAX_POSTED_RESULTS_BYTES, RUN_ID_PATTERN, type StoredRunResponse, runsPostPath } from '../../reports/servedRun.js';
import { startCli } from '../support/cli.js';
import { loadResultsFixture, resultsFixture } from '../support/resultsFixtures.js';
import { validateResults } from '../support/resultsSchema.js';
import { type Serving, isServing, startServe, stopServe } from '../support/serveProcess.js';
import { isAlive, processTree } from '../support/processes.js';
import { runUclient } from '../support/uclient.js';

const dir = mkdtempSync(join(tmpdir(), 'wh-serve-api-'));
const DB = join(dir, 'runs.db');
const ADMIN_TOKEN = 'e2e-admin-token-5b0c2d7a';
const TURN_SECRET = 'e2e-turn-secret-9f3e1a44';
const TOKEN_FILE = join(dir, 'admin-token');
writeFileSync(TOKEN_FILE, `${ADMIN_TOKEN}\n`, { mode: 0o600 });

/** The webhook's receiver: what serve posted to it, by path (the path stands for the secret a chat hook carries). */
const WEBHOOK_PATH = '/hook/s3cr3t-webhook-path';
const webhookBodies: unknown[] = [];
let webhookReceiver: Server;

/** The secret comes from the environment, so the test can mint credentials too. */
const startApiServe = () =>
  startServe(['--db', DB, '--admin-token-file', TOKEN_FILE], {
    WEBRTC_HARNESS_TURN_SECRET: TURN_SECRET,
    WEBRTC_HARNESS_WEBHOOK: `http://127.0.0.1:${(webhookReceiver.address() as AddressInfo).port}${WEBHOOK_PATH}`,
  });

let serving: Serving;
beforeAll(async () => {
  webhookReceiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.url === WEBHOOK_PATH && req.headers['content-type'] === 'application/json') webhookBodies.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => webhookReceiver.listen(0, '127.0.0.1', resolve));
  serving = await startApiServe();
});
afterAll(async () => {
  if (isServing(serving)) await stopServe(serving);
  webhookReceiver.closeAllConnections();
  await new Promise((resolve) => webhookReceiver.close(resolve));
});

const url = (path: string) => `${serving.origin}${path}`;
const postResults = (body: string, label: string | null = null, contentType = 'application/json') =>
  fetch(url(runsPostPath(label)), { method: 'POST', headers: { 'Content-Type': contentType }, body });
const fixtureText = (name: string) => readFileSync(resultsFixture(name), 'utf8');
const stillServing = async () => expect((await fetch(url('/'))).status).toBe(200);

async function storeFixture(name: string, label: string | null): Promise<StoredRunResponse> {
  const response = await postResults(fixtureText(name), label);
  expect(response.status).toBe(201);
  const stored = (await response.json()) as StoredRunResponse;
  expect(stored.id).toMatch(RUN_ID_PATTERN);
  return stored;
}

describe("serve: storing and showing a visitor's results", () => {
  it('stores a posted results.json and shows it as the HTML report, with its CSP as a header', async () => {
    const stored = await storeFixture('check-all-pass.json', 'e2e office');
    expect(stored.reportUrl).toBe(`/r/${stored.id}`);
    const report = await fetch(url(stored.reportUrl));
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = report.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'sha256-[^']+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(report.headers.get('x-content-type-options')).toBe('nosniff');
    expect(report.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await report.text();
    for (const browser of ['chromium', 'firefox']) expect(html).toContain(browser);
  });

  it('gives back the same results.json, valid against the schema and accepted by report html', async () => {
    const stored = await storeFixture('check-all-pass.json', null);
    const response = await fetch(url(stored.resultsUrl));
    expect(response.status).toBe(200);
    const results = (await response.json()) as RunResults;
    expect(validateResults(results)).toBe(true);
    expect(results).toEqual(loadResultsFixture('check-all-pass.json'));
    const file = join(dir, `${stored.id}.json`);
    writeFileSync(file, JSON.stringify(results));
    const rendered = await startCli(['report', 'html', file, '-o', join(dir, `html-${stored.id}`)]).done;
    expect(rendered.code).toBe(0);
  });

  it('shows runs sharing a label as one comparison, each visit its own columns', async () => {
    const first = await storeFixture('check-all-pass.json', 'e2e compare');
    const second = await storeFixture('check-coturn-on-port-53-firefox-ready-chromium-not.json', 'e2e compare');
    const response = await fetch(url('/compare?label=e2e%20compare'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'sha256-/);
    const html = await response.text();
    for (const id of [first.id, second.id]) expect(html).toContain(`chromium · ${id.slice(0, 8)}`);
    expect((await fetch(url('/compare?label=nobody%20used%20this'))).status).toBe(404);
    expect((await fetch(url('/compare?label=%3Cscript%3E'))).status).toBe(400);
  });

  it('tells the webhook of each stored run, with an absolute report link, and never logs its URL', async () => {
    const stored = await storeFixture('check-coturn-on-port-53-firefox-ready-chromium-not.json', 'e2e webhook');
    // Delivery follows the visitor's answer: wait for it, bounded.
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      if (webhookBodies.some((b) => (b as { id?: string }).id === stored.id)) break;
    }
    expect(webhookBodies).toContainEqual({
      id: stored.id,
      verdict: 'not-ready',
      label: 'e2e webhook',
      browsers: ['chromium', 'firefox'],
      reportUrl: `${serving.origin}${stored.reportUrl}`,
    });
    expect(serving.run.child.exitCode).toBeNull();
  });

  it('answers 404 for an unknown or malformed run id', async () => {
    for (const path of ['/r/AAAAAAAAAAAAAAAAAAAAAAAA', '/r/AAAAAAAAAAAAAAAAAAAAAAAA/results.json', '/r/not-an-id', '/nothing-here']) {
      const response = await fetch(url(path));
      expect(response.status, path).toBe(404);
      expect(((await response.json()) as { error: string }).error).toBeTruthy();
    }
  });
});

describe('serve: what it refuses, and that it keeps serving', () => {
  it('400 for a body that is not JSON', async () => {
    const response = await postResults(fixtureText('invalid-truncated-json.json'));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^the body is not JSON/);
    await stillServing();
  });

  it('400 with the schema problem for JSON that is no results.json', async () => {
    const response = await postResults(fixtureText('invalid-status-flaky.json'));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain('/results/1/status must be equal to one of the allowed values');
    await stillServing();
  });

  it('400 for a results.json nesting far deeper than any real one (it would exhaust the stack of the steps after parsing)', async () => {
    const run = loadResultsFixture('check-all-pass.json');
    const deep = JSON.stringify({ ...run, results: [{ ...run.results[0]!, raw: 'RAW' }] }).replace('"RAW"', `${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    const response = await postResults(deep);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/nests deeper than/);
    await stillServing();
  });

  it('400 for a label the page could never have sent', async () => {
    expect((await postResults(fixtureText('check-all-pass.json'), '<b>x</b>')).status).toBe(400);
  });

  it(`413 past ${MAX_POSTED_RESULTS_BYTES} bytes`, async () => {
    const response = await postResults(' '.repeat(MAX_POSTED_RESULTS_BYTES + 1));
    expect(response.status).toBe(413);
    await stillServing();
  });

  it('415 for another content type (a cross-site form cannot post JSON without a preflight)', async () => {
    expect((await postResults(fixtureText('check-all-pass.json'), null, 'text/plain')).status).toBe(415);
    await stillServing();
  });
});

describe('serve: the admin list', () => {
  it('401 without the token or with a wrong one, 200 with it', async () => {
    const without = await fetch(url('/api/runs'));
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toBe('Bearer');
    expect((await fetch(url('/api/runs'), { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    const stored = await storeFixture('check-all-pass.json', 'e2e admin');
    const listed = await fetch(url('/api/runs?label=e2e%20admin'), { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(listed.status).toBe(200);
    const { runs } = (await listed.json()) as { runs: { id: string; verdict: string; browsers: string[] }[] };
    expect(runs).toEqual([expect.objectContaining({ id: stored.id, verdict: 'ready', browsers: ['chromium', 'firefox'] })]);
  });

  it('the admin page asks the browser for the token (Basic) and searches by label', async () => {
    const challenge = await fetch(url('/admin'));
    expect(challenge.status).toBe(401);
    expect(challenge.headers.get('www-authenticate')).toMatch(/^Basic /);
    const basic = `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}`;
    const page = await fetch(url('/admin?label=e2e%20admin'), { headers: { Authorization: basic } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('e2e admin');
    expect((await fetch(url('/admin?verdict=green'), { headers: { Authorization: basic } })).status).toBe(400);
  });
});

describe('serve: TURN credentials minted per visit', () => {
  /** One allocation and a message relayed back through coturn, as coturn's own client does it. */
  const allocate = (username: string, credential: string, host: string, port: number) =>
    runUclient(['-u', username, '-w', credential, '-p', String(port), '-n', '1', '-m', '1', '-y', host]);
  const withExpiry = (expiry: number) => {
    const username = `${expiry}:e2e`;
    return { username, credential: createHmac('sha1', TURN_SECRET).update(username).digest('base64') };
  };

  it('hands a visit working TURN credentials that expire within minutes; coturn refuses expired ones', async () => {
    const answer = (await (await fetch(url('/api/ice-servers'))).json()) as IceServersResponse;
    const turn = answer.iceServers.find((s) => s.scheme === 'turn' && s.transport === 'udp')!;
    expect(turn.username).toMatch(/^\d+:/);
    const expiresInSeconds = (Date.parse(answer.expiresAt) - Date.now()) / 1000;
    expect(expiresInSeconds).toBeGreaterThan(60);
    expect(expiresInSeconds).toBeLessThanOrEqual(600);
    expect(JSON.stringify(answer)).not.toContain(TURN_SECRET);
    expect((await allocate(turn.username!, turn.credential!, turn.host, turn.port)).succeeded).toBe(true);
    const now = Math.floor(Date.now() / 1000);
    // Control: made the same way, still valid: so the refusal below is the expiry, not the making.
    const valid = withExpiry(now + 120);
    expect((await allocate(valid.username, valid.credential, turn.host, turn.port)).succeeded).toBe(true);
    const expired = withExpiry(now - 60);
    expect((await allocate(expired.username, expired.credential, turn.host, turn.port)).succeeded).toBe(false);
  });
});

describe("serve: the embedded Janus through /janus, its API secret added by serve's proxy", () => {
  /** Janus's API as serve's log names it (loopback): the witness that Janus itself wants the secret. */
  const janusUpstream = async () => /embedded Janus on (http:\/\/127\.0\.0\.1:\d+\/janus)/.exec(await serving.run.waitForLine(/ Media: /))![1]!;
  const postJson = (target: string, body: unknown) =>
    fetch(target, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('tells the visit it has a media server, and answers a Janus create without the client knowing the secret', async () => {
    const answer = (await (await fetch(url('/api/ice-servers'))).json()) as IceServersResponse;
    expect(answer.mediaServer).toEqual({ available: true });
    // Control: Janus itself refuses a request without its secret (403 unauthorized), so the success below is the proxy's doing.
    const direct = (await (await postJson(await janusUpstream(), { janus: 'create', transaction: 'e2e-direct' })).json()) as {
      janus: string;
      error?: { code: number };
    };
    expect(direct).toMatchObject({ janus: 'error', error: { code: 403 } });
    // A wrong secret from the client is replaced too.
    for (const body of [
      { janus: 'create', transaction: 'e2e-1' },
      { janus: 'create', transaction: 'e2e-2', apisecret: 'not-the-secret' },
    ]) {
      const response = await postJson(url('/janus'), body);
      expect(response.status).toBe(200);
      const created = (await response.json()) as { janus: string; data?: { id: number } };
      expect(created.janus).toBe('success');
      const destroyed = (await (await postJson(url(`/janus/${created.data!.id}`), { janus: 'destroy', transaction: 'e2e-3' })).json()) as { janus: string };
      expect(destroyed.janus).toBe('success');
    }
  });

  it("refuses what is not Janus's API: other paths, methods and bodies that are no JSON object", async () => {
    expect((await postJson(url('/janus/admin'), { janus: 'list_sessions' })).status).toBe(404);
    expect((await postJson(url('/janus/1/2/3'), { janus: 'info' })).status).toBe(404);
    expect((await fetch(url('/janus/1/2'))).status).toBe(404);
    expect((await fetch(url('/janus/info'))).status).toBe(404);
    expect((await fetch(url('/janus'), { method: 'DELETE' })).status).toBe(404);
    expect((await postJson(url('/janus'), [{ janus: 'create' }])).status).toBe(400);
    const huge = await postJson(url('/janus'), { janus: 'create', transaction: 'x'.repeat(100_000) });
    expect(huge.status).toBe(413);
    await stillServing();
  });
});

describe('serve: rate limit per client address', () => {
  it('429 with Retry-After once an address has used up its requests, and the page still loads', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    // The default is 20 per minute: 30 in a row must run out (run after the TURN test, which needs one).
    for (let i = 0; i < 30; i++) {
      const response = await fetch(url('/api/ice-servers'));
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
      await response.arrayBuffer();
    }
    expect(statuses).toContain(429);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    await stillServing();
  });
});

describe('serve: stopping and starting again', () => {
  it('SIGTERM ends it with exit 0 and coturn and Janus with it; a restart on the same file still has the runs', async () => {
    const stored = await storeFixture('check-all-pass.json', 'e2e restart');
    const commandOf = (pid: number) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
      } catch {
        return undefined;
      }
    };
    const servers = processTree(serving.run.child.pid!).filter((pid) => ['/usr/bin/janus', '/usr/bin/turnserver'].includes(commandOf(pid) ?? ''));
    expect(servers.map(commandOf).sort()).toEqual(['/usr/bin/janus', '/usr/bin/turnserver']);
    const stopped = await stopServe(serving);
    expect(servers.filter(isAlive)).toEqual([]);
    expect(stopped.exit).toMatchObject({ code: 0 });
    expect(`${stopped.exit.stdout}${stopped.exit.stderr}`).not.toContain('s3cr3t');
    expect(`${stopped.exit.stdout}${stopped.exit.stderr}`).not.toContain(TURN_SECRET);
    expect(`${stopped.exit.stdout}${stopped.exit.stderr}`).not.toContain(ADMIN_TOKEN);
    expect(stopped.leftovers).toEqual([]);
    serving = await startApiServe();
    const report = await fetch(url(stored.reportUrl));
    expect(report.status).toBe(200);
    expect((await fetch(url(stored.resultsUrl))).status).toBe(200);
  });
});

describe('serve: HTTPS with --tls-cert/--tls-key', () => {
  it('serves the page over HTTPS and the embedded coturn offers turns: with the same certificate', async () => {
    const certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    const tlsServe = await startServe(['--host', '127.0.0.1', '--turns-port', '0', '--db', join(dir, 'tls.db'), '--tls-cert', certFile, '--tls-key', keyFile]);
    try {
      expect(tlsServe.origin).toMatch(/^https:\/\/127\.0\.0\.1:/);
      /** GET over HTTPS trusting exactly this certificate. */
      const get = (path: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          httpsGet(`${tlsServe.origin}${path}`, { ca: readFileSync(certFile) }, (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          }).on('error', reject);
        });
      expect((await get('/')).status).toBe(200);
      const answer = JSON.parse((await get('/api/ice-servers')).body) as IceServersResponse;
      const turns = answer.iceServers.find((s) => s.scheme === 'turns')!;
      expect(turns).toBeDefined();
      const overTls = await runUclient([
        '-t',
        '-S',
        '-u',
        turns.username!,
        '-w',
        turns.credential!,
        '-p',
        String(turns.port),
        '-n',
        '1',
        '-m',
        '1',
        '-y',
        '127.0.0.1',
      ]);
      expect(overTls.succeeded).toBe(true);
    } finally {
      expect((await stopServe(tlsServe)).leftovers).toEqual([]);
    }
  });
});
