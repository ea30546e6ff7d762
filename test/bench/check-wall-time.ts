// Benchmark: wall time of `webrtc-harness check` (both browsers, embedded coturn on loopback,
// all check probes), median of N runs. Prints figures; asserts nothing.
//   npm run bench:check            (3 runs)
//   node dist/test/bench/check-wall-time.js --runs 5 --scenario nat
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { COMPILED_ROOT, PACKAGE_ROOT } from '../../reports/paths.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, scenario: { type: 'string', default: 'loopback' } } });
const times: number[] = [];
for (let i = 1; i <= Number(values.runs); i++) {
  const started = performance.now();
  const code = await new Promise<number | null>((resolve) =>
    spawn(process.execPath, [join(COMPILED_ROOT, 'harness', 'cli.js'), 'check', '--scenario', values.scenario, '-o', mkdtempSync(join(tmpdir(), 'wh-bench-check-'))], { cwd: PACKAGE_ROOT, stdio: 'ignore' }).on('exit', resolve),
  );
  times.push(performance.now() - started);
  console.log(`run ${i}: ${(times.at(-1)! / 1000).toFixed(2)} s (exit ${code})`);
}
const sorted = [...times].sort((a, b) => a - b);
console.log(`\ncheck, chromium + firefox, scenario ${values.scenario}: median ${(sorted[Math.floor(sorted.length / 2)]! / 1000).toFixed(2)} s, min ${(sorted[0]! / 1000).toFixed(2)} s, max ${(sorted.at(-1)! / 1000).toFixed(2)} s (target <= 20 s)`);
