// Load benchmark of `webrtc-harness serve`: N simulated visitors at once (default 50) on localhost
// only, each doing what a visit does, over and over until the time is up (default 20 s): open the
// page, fetch ICE servers, post a real-sized results.json (fixtures/results/check-all-pass.json, a
// real check in two browsers), open the report and its results.json. Starts and stops its own
// serve (temporary SQLite file, embedded coturn) and stops by itself. Prints p50/p99 latency per
// route and the throughput; asserts nothing.
//   npm run build && node dist/test/bench/serve-load.js [--visitors 50] [--seconds 20]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SERVED_PATHS, type StoredRunResponse, runsPostPath } from '../../reports/servedRun.js';
import { startServe, stopServe } from '../support/serveProcess.js';
import { resultsFixture } from '../support/resultsFixtures.js';

const { values } = parseArgs({ options: { visitors: { type: 'string', default: '50' }, seconds: { type: 'string', default: '20' } } });
const VISITORS = Math.min(200, Math.max(1, Number(values.visitors)));
const SECONDS = Math.min(120, Math.max(1, Number(values.seconds)));
const RESULTS = readFileSync(resultsFixture('check-all-pass.json'), 'utf8');

type Route = 'GET /' | 'GET /api/ice-servers' | 'POST /api/runs' | 'GET /r/<id>' | 'GET /r/<id>/results.json';
const latencies = new Map<Route, number[]>();
let failures = 0;

async function timed(route: Route, request: () => Promise<Response>, expected: number): Promise<Response> {
  const start = performance.now();
  const response = await request();
  const body = await response.arrayBuffer();
  const ms = performance.now() - start;
  if (response.status !== expected) {
    failures++;
    throw new Error(`${route}: ${response.status} ${new TextDecoder().decode(body).slice(0, 200)}`);
  }
  latencies.set(route, [...(latencies.get(route) ?? []), ms]);
  return new Response(body, { status: response.status });
}

async function visitor(origin: string, until: number, index: number): Promise<void> {
  const label = `load ${index % 5}`;
  while (Date.now() < until) {
    try {
      await timed('GET /', () => fetch(`${origin}${SERVED_PATHS.page}?label=${encodeURIComponent(label)}`), 200);
      await timed('GET /api/ice-servers', () => fetch(`${origin}${SERVED_PATHS.iceServers}`), 200);
      const posted = await timed(
        'POST /api/runs',
        () => fetch(`${origin}${runsPostPath(label)}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: RESULTS }),
        201,
      );
      const stored = (await posted.json()) as StoredRunResponse;
      await timed('GET /r/<id>', () => fetch(`${origin}${stored.reportUrl}`), 200);
      await timed('GET /r/<id>/results.json', () => fetch(`${origin}${stored.resultsUrl}`), 200);
    } catch (error) {
      if (failures <= 3) process.stderr.write(`visitor ${index}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

const dir = mkdtempSync(join(tmpdir(), 'wh-serve-load-'));
const serve = await startServe([
  '--host',
  '127.0.0.1',
  '--db',
  join(dir, 'runs.db'),
  // The visitors share one address here: the limit per address would measure itself.
  '--rate-limit',
  '1000000',
]);
try {
  const { origin } = serve;
  const started = performance.now();
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: VISITORS }, (_, i) => visitor(origin, until, i)));
  const elapsedS = (performance.now() - started) / 1000;
  const all = [...latencies.values()].flat();
  const visits = latencies.get('GET /r/<id>/results.json')?.length ?? 0;
  process.stdout.write(`serve under load: ${VISITORS} visitors for ${elapsedS.toFixed(1)} s on localhost, results.json of ${RESULTS.length} bytes\n`);
  process.stdout.write(`${'route'.padEnd(26)} ${'count'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}\n`);
  for (const [route, values] of latencies) {
    process.stdout.write(
      `${route.padEnd(26)} ${String(values.length).padStart(6)} ${percentile(values, 50).toFixed(1).padStart(8)} ${percentile(values, 99).toFixed(1).padStart(8)}\n`,
    );
  }
  process.stdout.write(
    `throughput: ${(all.length / elapsedS).toFixed(1)} requests/s, ${(visits / elapsedS).toFixed(1)} complete visits/s; failed requests: ${failures}\n`,
  );
} finally {
  await stopServe(serve);
  rmSync(dir, { recursive: true, force: true });
}
