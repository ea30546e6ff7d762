// Benchmark of the SDP toolkit. Prints figures; asserts nothing.
//   npm run build && node dist/test/bench/sdp-diff.js [--seconds 2] [--runs 10]
// 1. Throughput: parse + normalize + diff of two real ~7 KB offers (pairs/s), against the
//    floor of two bare sdp-transform parses of the same texts. Targets: >= 5000 pairs/s and
//    at most 3x the bare cost.
// 2. Refusal of an input over the size limit (it must not be parsed line by line first).
// 3. Cold start of `webrtc-harness sdp diff A B` (a fresh node each time, median of --runs),
//    next to `node -e 0` for the floor. Target: <= 0.4 s.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as bareParse } from 'sdp-transform';
import { COMPILED_ROOT, PACKAGE_ROOT } from '../../reports/paths.js';
import { diff } from '../../core/sdp/diff.js';
import { MAX_SDP_LENGTH, parse } from '../../core/sdp/parse.js';
import { SDP_FIXTURES, readSdpFixture } from '../support/sdpFixtures.js';
import { median } from '../../core/median.js';

const PAIRS: readonly (readonly [string, string])[] = [
  ['chromium-offer-av-data.sdp', 'chromium-offer-av-data-again.sdp'],
  ['chromium-offer-av-data.sdp', 'firefox-offer-av-data.sdp'],
];

/** Calls `work` in batches for about `seconds`, after a short warm-up; returns calls per second. */
function rate(work: () => void, seconds: number): number {
  for (let i = 0; i < 200; i++) work();
  let calls = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 100; i++) work();
    calls += 100;
  }
  return calls / ((performance.now() - started) / 1000);
}

function coldStart(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { cwd: PACKAGE_ROOT, stdio: 'ignore' });
    times.push(performance.now() - started);
    if (result.status === null || result.status > 1) throw new Error(`${args.join(' ')} exited ${result.status}`);
  }
  return median(times)!;
}

function main(): void {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '2' }, runs: { type: 'string', default: '10' } } });
  const seconds = Number(values.seconds);
  const runs = Number(values.runs);
  let sink = 0; // keeps results alive so no call is optimized away
  for (const [nameA, nameB] of PAIRS) {
    const [a, b] = [readSdpFixture(nameA), readSdpFixture(nameB)];
    const ours = rate(() => {
      sink += diff(parse(a), parse(b)).count;
    }, seconds);
    const bare = rate(() => {
      sink += bareParse(a).media.length + bareParse(b).media.length;
    }, seconds);
    console.log(`${nameA} (${(a.length / 1024).toFixed(1)} KB) vs ${nameB} (${(b.length / 1024).toFixed(1)} KB)`);
    console.log(`  parse + normalize + diff: ${Math.round(ours)} pairs/s (${(1e6 / ours).toFixed(0)} us/pair)`);
    console.log(`  two bare sdp-transform parses: ${Math.round(bare)} pairs/s (${(1e6 / bare).toFixed(0)} us/pair)`);
    console.log(`  cost vs bare: ${(bare / ours).toFixed(2)}x`);
  }
  const oversized = `${readSdpFixture(PAIRS[0]![0])}${'a=x-filler:0123456789\r\n'.repeat(MAX_SDP_LENGTH / 20)}`;
  const refusalStarted = performance.now();
  try {
    parse(oversized);
  } catch {
    // SdpError: the size check
  }
  console.log(
    `refusal of ${(oversized.length / 2 ** 20).toFixed(1)} MB (limit ${MAX_SDP_LENGTH / 2 ** 20} MB): ${(performance.now() - refusalStarted).toFixed(1)} ms`,
  );
  // A fixed amount of plain work, so figures from a slow or busy machine can be read against another's.
  const started = performance.now();
  for (let i = 0; i < 1e8; i++) sink += i & 1;
  console.log(`machine reference: 1e8 loop iterations in ${(performance.now() - started).toFixed(0)} ms`);
  const cli = join(COMPILED_ROOT, 'harness', 'cli.js');
  const [a, b] = PAIRS[1]!.map((name) => join(SDP_FIXTURES, name));
  const cold = coldStart([cli, 'sdp', 'diff', a!, b!], runs);
  const floor = coldStart(['-e', '0'], runs);
  console.log(`cold start, median of ${runs}: webrtc-harness sdp diff ${(cold / 1000).toFixed(3)} s; node -e 0 ${(floor / 1000).toFixed(3)} s`);
  if (sink < 0) console.log(sink);
}

main();
