// Benchmark of serve's run store. Prints figures; asserts nothing.
//   npm run build && node dist/test/bench/store-throughput.js [--runs 2000] [--fixture check-all-pass.json] [--db SPEC | --postgres]
// Input: a real results.json from fixtures/results/ (check-all-pass.json, ~49 KB: what a
// visitor's readiness check posts), stored --runs times under fresh ids, 10 labels, two browsers.
// Default store: a new SQLite file in a temp folder (WAL, synchronous NORMAL, as serve opens it);
// --db takes any store spec, e.g. a scratch PostgreSQL database (runs are added to it);
// --postgres starts a throwaway PostgreSQL 15 on a unix socket (as the e2e test does; root).
// Figures: newRun (schema check + verdict) per run, inserts/s (one transaction per run, as serve
// inserts), get p50/p99 by random id, list (newest 100) and list by label p50/p99, file size.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { newRun } from '../../harness/store/newRun.js';
import { openStore } from '../../harness/store/openStore.js';
import type { NewRun, RunStore } from '../../harness/store/runStore.js';
import { startPostgres } from '../support/postgres.js';
import { loadResultsFixture } from '../support/resultsFixtures.js';

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function timings(count: number, once: (i: number) => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await once(i);
    ms.push(performance.now() - start);
  }
  return ms.sort((a, b) => a - b);
}

const line = (name: string, sorted: readonly number[]) =>
  `${name.padEnd(28)} p50 ${percentile(sorted, 50).toFixed(3)} ms   p99 ${percentile(sorted, 99).toFixed(3)} ms   (n=${sorted.length})`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '2000' },
      fixture: { type: 'string', default: 'check-all-pass.json' },
      db: { type: 'string' },
      postgres: { type: 'boolean', default: false },
    },
  });
  const count = Number(values.runs);
  const results = loadResultsFixture(values.fixture);
  const server = values.postgres ? await startPostgres() : undefined;
  const dir = values.db === undefined && !server ? mkdtempSync(join(tmpdir(), 'wh-store-bench-')) : undefined;
  const spec = server?.url() ?? values.db ?? join(dir!, 'runs.db');
  let store: RunStore | undefined;
  try {
    store = await openStore(spec);
    const bytes = JSON.stringify(results).length;
    console.log(`store ${store.description}; results ${values.fixture} (${(bytes / 1024).toFixed(1)} KB as JSON) x ${count}`);

    const runs: NewRun[] = [];
    const made = await timings(count, async (i) => {
      const run = await newRun(
        { results, label: `site ${i % 10}`, userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:147.0) Gecko/20100101 Firefox/147.0', clientIp: '203.0.113.9' },
        { storeIp: false, redactIps: false, now: new Date(Date.now() - (count - i) * 1000) },
      );
      runs.push(run);
    });
    console.log(line('newRun (check + verdict)', made));

    const start = performance.now();
    const inserted = await timings(count, (i) => store!.insert(runs[i]!));
    const seconds = (performance.now() - start) / 1000;
    console.log(
      `${'insert'.padEnd(28)} ${(count / seconds).toFixed(0)} runs/s   p50 ${percentile(inserted, 50).toFixed(3)} ms   p99 ${percentile(inserted, 99).toFixed(3)} ms`,
    );

    const ids = runs.map((r) => r.id);
    console.log(line('get by id', await timings(2000, () => store!.get(ids[Math.floor(Math.random() * ids.length)]!))));
    console.log(line('list newest 100', await timings(200, () => store!.list({ limit: 100 }))));
    console.log(line('list label + browser', await timings(200, (i) => store!.list({ label: `site ${i % 10}`, browser: 'firefox', limit: 100 }))));
    console.log(line('withLabel 20 (with results)', await timings(100, (i) => store!.withLabel(`site ${i % 10}`, 20))));
    if (dir) {
      await store.close();
      store = undefined;
      console.log(`file ${(statSync(spec).size / 1024 / 1024).toFixed(1)} MB for ${count} runs`);
    }
  } finally {
    await store?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
