// Benchmark: the embedded Janus and the server-echo probe on this machine.
//  - Janus start time: startEmbeddedJanus until its API and admin API listen (N starts);
//  - server-echo wall time in Chromium (one 640x480 call with the capacity search), N runs;
//  - Janus's CPU while it echoes that call: its utime+stime over the probe's wall time
//    (/proc/<pid>/stat), as % of one core.
// Median of N. Prints figures; asserts nothing.
//   npm run build && node dist/test/bench/janus-echo.js [--runs 3] [--browser firefox]
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from '../../core/median.js';
import { startEmbeddedJanus } from '../../harness/janus/janus.js';
import { LAUNCHERS } from '../../harness/launchers/index.js';
import { LOOPBACK_NETWORK } from '../../harness/network/placement.js';
import { runMatrix } from '../../harness/runner.js';
import { findProbe } from '../../probes/index.js';
import { ReporterMultiplexer } from '../../reports/index.js';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** utime + stime of `pid` in seconds (fields 14 and 15, counted after the command name). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, browser: { type: 'string', default: 'chromium' } } });
const runs = Number(values.runs);
const launcher = LAUNCHERS[values.browser]!;

const starts: number[] = [];
const walls: number[] = [];
const cpus: number[] = [];
for (let i = 0; i < runs; i++) {
  const began = performance.now();
  const janus = await startEmbeddedJanus(LOOPBACK_NETWORK.mediaServer);
  starts.push(performance.now() - began);
  try {
    const pid = janus.server.child.pid!;
    const cpuBefore = cpuSeconds(pid);
    const run = await runMatrix({
      command: 'bench janus-echo',
      browsers: [{ launcher, request: {} }],
      probes: [findProbe('server-echo')!],
      adapterModes: ['off'],
      outDir: mkdtempSync(join(tmpdir(), 'wh-bench-echo-')),
      reporter: new ReporterMultiplexer([]),
      context: { iceServers: [], mediaServer: { upstreamUrl: janus.apiUrl, label: janus.apiUrl, apiSecret: janus.apiSecret } },
    });
    const result = run.results[0]!;
    const cpu = cpuSeconds(pid) - cpuBefore;
    walls.push(result.durationMs);
    cpus.push((cpu / (result.durationMs / 1000)) * 100);
    console.log(
      `run ${i + 1}: start ${Math.round(starts.at(-1)!)} ms, probe ${result.status} in ${result.durationMs} ms, Janus CPU ${cpu.toFixed(2)} s (${cpus.at(-1)!.toFixed(1)}% of a core), up ${result.metrics['upKbps']} kbit/s, down ${result.metrics['downKbps']} kbit/s`,
    );
  } finally {
    await janus.stop();
  }
}
console.log(`\nJanus start (median of ${runs}): ${Math.round(median(starts)!)} ms`);
console.log(`server-echo wall time in ${launcher.name} (median): ${Math.round(median(walls)!)} ms`);
console.log(`Janus CPU while echoing one 640x480 call (median): ${median(cpus)!.toFixed(1)}% of one core`);
