// Benchmark: `stats import` and `stats chart` on a large webrtc-internals dump.
//
//   npm run build && node dist/test/bench/stats-import.js [--keep]
//
// It synthesizes a 2-hour call with 10 peer connections from the real capture
// (fixtures/dumps/webrtc-internals-loopback-call.json): every series of both captured peer
// connections is stretched to one point a second for 7200 s (counters keep their captured
// rate, gauges repeat their captured values, text fields their last value), written the way
// Chromium writes it (JSON.stringify with indent 1) into a temp folder, never into the repo,
// plus the gzip Chromium downloads by default. Then, each in a fresh node process (so peak RSS
// is that of the step alone): import (summary), import --json to a file, chart --format
// png,csv,html. Prints wall time and peak RSS (process.resourceUsage().maxRSS) vs file size.
// Targets: <= 10 s per step, peak RSS <= 4x the file size. --keep leaves the files.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { PACKAGE_ROOT } from '../../reports/paths.js';

const SECONDS = 2 * 60 * 60;
const PEER_CONNECTIONS = 10;
const _CLI = join(PACKAGE_ROOT, 'dist', 'harness', 'cli.js');

interface Series {
  statsType: string;
  startTime: string;
  endTime: string;
  values: string;
}
interface Pc {
  pid: number;
  url: string;
  rtcConfiguration: string;
  stats: Record<string, Series>;
  updateLog: { type: string; value: string; timestamp: number }[];
}

/** `count` values continuing the captured ones: numbers by their captured rate (counters) or repeating (gauges), text as is. */
function stretch(captured: unknown[], count: number, field: string, startMs: number): unknown[] {
  if (field === 'timestamp') return Array.from({ length: count }, (_, i) => startMs + i * 1000 + (i % 7) * 0.137);
  const last = captured[captured.length - 1];
  const numbers = captured.filter((v): v is number => typeof v === 'number');
  if (numbers.length !== captured.length || numbers.length < 2) return new Array<unknown>(count).fill(last);
  const rising = numbers.every((v, i) => i === 0 || v >= numbers[i - 1]!) && numbers[numbers.length - 1]! > numbers[0]!;
  if (rising) {
    // The captured rate, swinging +-50% over ~30 minutes, so the charts have a shape; the counter still only rises.
    const rate = (numbers[numbers.length - 1]! - numbers[0]!) / (numbers.length - 1);
    const whole = numbers.every(Number.isInteger);
    let v = numbers[0]!;
    return Array.from({ length: count }, (_, i) => {
      if (i > 0) v += rate * (1 + 0.5 * Math.sin(i / 300));
      return whole ? Math.round(v) : Math.round(v * 1e6) / 1e6;
    });
  }
  return Array.from({ length: count }, (_, i) => numbers[i % numbers.length]);
}

async function synthesize(dir: string): Promise<string> {
  const capture = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'fixtures', 'dumps', 'webrtc-internals-loopback-call.json'), 'utf8')) as {
    PeerConnections: Record<string, Pc>;
  } & Record<string, unknown>;
  const templates = Object.values(capture.PeerConnections);
  const start = Date.parse('2026-01-01T10:00:00Z');
  const file = join(dir, 'webrtc-internals-2h-10pc.json');
  const out = createWriteStream(file);
  const write = (text: string) => new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once('drain', () => resolve())));
  const { PeerConnections: _, ...top } = capture;
  await write(`{\n "getUserMedia": ${JSON.stringify(top['getUserMedia'] ?? [], null, 1)},\n "PeerConnections": {`);
  for (let p = 0; p < PEER_CONNECTIONS; p++) {
    const template = templates[p % templates.length]!;
    const pcStart = start + p * 2000;
    const firstLog = template.updateLog[0]?.timestamp ?? 0;
    const updateLog = [
      ...template.updateLog.filter((u) => u.type !== 'close').map((u) => ({ ...u, timestamp: pcStart - 1000 + (u.timestamp - firstLog) })),
      { type: 'oniceconnectionstatechange', value: '"disconnected"', timestamp: pcStart + 3_600_000 },
      { type: 'oniceconnectionstatechange', value: '"connected"', timestamp: pcStart + 3_605_000 },
      { type: 'close', value: '', timestamp: pcStart + SECONDS * 1000 },
    ];
    const head = { pid: template.pid, rtcConfiguration: template.rtcConfiguration, url: template.url, updateLog };
    await write(`${p ? ',' : ''}\n  ${JSON.stringify(`${p + 10}-1`)}: ${JSON.stringify(head, null, 1).slice(0, -2)},\n   "stats": {`);
    let first = true;
    for (const [id, series] of Object.entries(template.stats)) {
      const field = id.slice(id.lastIndexOf('-') + 1);
      const values = stretch(JSON.parse(series.values) as unknown[], SECONDS, field, pcStart);
      const entry = {
        endTime: new Date(pcStart + (SECONDS - 1) * 1000).toISOString(),
        startTime: new Date(pcStart).toISOString(),
        statsType: series.statsType,
        values: JSON.stringify(values),
      };
      await write(`${first ? '' : ','}\n    ${JSON.stringify(id)}: ${JSON.stringify(entry)}`);
      first = false;
    }
    await write('\n   }\n  }');
  }
  await write(`\n },\n "UserAgent": ${JSON.stringify(top['UserAgent'] ?? '')}\n}\n`);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  await pipeline(createReadStream(file), createGzip(), createWriteStream(`${file}.gz`));
  return file;
}

/** Runs the CLI in this process (child mode) and prints the figures as JSON on the last line. */
async function child(args: string[]): Promise<void> {
  const { main } = await import('../../harness/cli.js');
  const started = performance.now();
  const stdout = process.stdout.write.bind(process.stdout);
  // The command's own output (a summary, or the whole --json) is not what this measures.
  process.stdout.write = (() => true) as typeof process.stdout.write;
  const code = await main(args);
  process.stdout.write = stdout;
  stdout(`\n${JSON.stringify({ code, ms: performance.now() - started, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
}

function measure(label: string, args: string[], sizeBytes: number): void {
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  let figures: { code: number; ms: number; maxRssBytes: number };
  try {
    figures = JSON.parse(last) as typeof figures;
  } catch {
    console.log(`${label}: failed\n${run.stdout}\n${run.stderr}`);
    return;
  }
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  const ratio = figures.maxRssBytes / sizeBytes;
  console.log(
    `${label.padEnd(34)} exit ${figures.code}  ${(figures.ms / 1000).toFixed(2).padStart(6)} s ${figures.ms <= 10_000 ? '(<= 10 s)' : '(OVER 10 s)'}  peak RSS ${mb(figures.maxRssBytes).padStart(7)} = ${ratio.toFixed(2)}x input ${ratio <= 4 ? '(<= 4x)' : '(OVER 4x)'}`,
  );
  if (figures.code !== 0) console.log(run.stderr);
}

async function bench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'webrtc-harness-stats-bench-'));
  try {
    const started = performance.now();
    const json = await synthesize(dir);
    const gz = `${json}.gz`;
    const size = statSync(json).size;
    const gzSize = statSync(gz).size;
    console.log(`synthesized ${PEER_CONNECTIONS} peer connections x ${SECONDS} s in ${((performance.now() - started) / 1000).toFixed(1)} s:`);
    console.log(
      `  ${json}: ${(size / 1024 / 1024).toFixed(1)} MB; .gz: ${(gzSize / 1024 / 1024).toFixed(1)} MB (ratios below are against the uncompressed size)`,
    );
    // Wall times depend on what else runs: the machine's load is part of the figures.
    console.log(
      `  load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')} on ${availableParallelism()} cores`,
    );
    measure('stats import (summary)', ['stats', 'import', json], size);
    measure('stats import .gz (summary)', ['stats', 'import', gz], size);
    measure('stats import --out (JSON)', ['stats', 'import', json, '--out', join(dir, 'imported')], size);
    measure('stats chart png,csv,html', ['stats', 'chart', json, '--out', join(dir, 'charts'), '--format', 'png,csv,html'], size);
    measure('stats chart .gz html', ['stats', 'chart', gz, '--out', join(dir, 'charts-html'), '--format', 'html'], size);
    if (process.argv.includes('--keep')) console.log(`kept ${dir}`);
  } finally {
    if (!process.argv.includes('--keep')) await rm(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) await child(process.argv.slice(childAt + 1));
else await bench();
