// Benchmark: wall time of `webrtc-harness check` in Chromium + Firefox, three cases per round,
// interleaved so that load from other work on the machine hits all of them alike:
//  - working: the check as `npm start` runs it (embedded coturn, started and stopped by the CLI);
//  - working with --tls: the same with turns: (the run's test authority, each browser's NSS database);
//  - dead server: `check --turn turn:127.0.0.1:<closed port>?transport=udp` (a free high port
//    nothing listens on, which both browsers try; Firefox refuses well-known ones such as 9);
//  - bare puppeteer: launches the same browsers in parallel and does one gathering in each,
//    against the bench's own coturn and against the closed port (no harness, no page kit).
// Median of N rounds. Prints figures; asserts nothing.
//   npm run bench:check            (3 rounds)
//   node dist/test/bench/check-wall-time.js --runs 5 --scenario nat     (the working case in a scenario, root)
//   node dist/test/bench/check-wall-time.js --cli /elsewhere/dist/harness/cli.js   (another build's CLI, e.g. before a change)
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import puppeteer, { type Browser } from 'puppeteer-core';
import { median } from '../../core/median.js';
import { CHROMIUM_FLAGS } from '../../harness/launchers/chromium.js';
import { FIREFOX_PREFS } from '../../harness/launchers/firefox.js';
import { startEmbeddedTurn } from '../../harness/turn/coturn.js';
import type { IceServerEntry } from '../../probes/page-kit/iceServers.js';
import { COMPILED_ROOT, PACKAGE_ROOT } from '../../reports/paths.js';

/** Where the bare script finds the servers to gather against (credentials stay out of argv). */
const BARE_SERVERS_ENV = 'WH_BENCH_BARE_SERVERS';
/** The harness's own limit on one gathering (probes/ice-shared/types DEFAULT_GATHER_LIMIT_MS). */
const GATHER_LIMIT_MS = 4_000;

/** The bare script: both browsers in parallel, one page each, one gathering with every server, bounded like the harness's. */
async function bare(servers: IceServerEntry[]): Promise<void> {
  const iceServers = servers.map((s) => ({ urls: [s.url], ...(s.username !== undefined ? { username: s.username, credential: s.credential ?? '' } : {}) }));
  const gatherOnce = async (browser: Browser) => {
    const page = await browser.newPage();
    await page.evaluate(
      (config, limitMs) =>
        new Promise<void>((resolve) => {
          const pc = new RTCPeerConnection(config);
          const done = () => {
            pc.close();
            resolve();
          };
          pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && done());
          setTimeout(done, limitMs);
          pc.createDataChannel('gather');
          void pc.createOffer().then((offer) => pc.setLocalDescription(offer));
        }),
      { iceServers },
      GATHER_LIMIT_MS,
    );
    await browser.close();
  };
  const prefs = Object.fromEntries(Object.entries(FIREFOX_PREFS).map(([k, v]) => [k, v.value]));
  await Promise.all([
    puppeteer.launch({ browser: 'chrome', executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS.map((f) => f.value) }).then(gatherOnce),
    puppeteer.launch({ browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true, extraPrefsFirefox: prefs }).then(gatherOnce),
  ]);
}

/** Wall time of a node process; exit 0 or 1 (ready or not) is a finished run, anything else is an error. */
function timeProcess(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: PACKAGE_ROOT, stdio: 'ignore', env });
    child.on('exit', (code) => (code === 0 || code === 1 ? resolve(performance.now() - started) : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

/** A UDP port on 127.0.0.1 that was free a moment ago and that nothing listens on now. */
async function closedUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      scenario: { type: 'string', default: 'loopback' },
      cli: { type: 'string' },
      bare: { type: 'boolean', default: false },
    },
  });
  if (values.bare) return bare(JSON.parse(process.env[BARE_SERVERS_ENV] ?? '[]') as IceServerEntry[]);
  const cli = values.cli ?? join(COMPILED_ROOT, 'harness', 'cli.js');
  const self = join(COMPILED_ROOT, 'test', 'bench', 'check-wall-time.js');
  const out = () => mkdtempSync(join(tmpdir(), 'wh-bench-check-'));
  const deadUrl = `turn:127.0.0.1:${await closedUdpPort()}?transport=udp`;
  const turn = await startEmbeddedTurn();
  const cases = {
    working: () => timeProcess([cli, 'check', '--scenario', values.scenario, '-o', out()]),
    workingTls: () => timeProcess([cli, 'check', '--tls', '--scenario', values.scenario, '-o', out()]),
    dead: () => timeProcess([cli, 'check', '--turn', deadUrl, '--username', 'u', '--credential', 'c', '-o', out()]),
    bareWorking: () => timeProcess([self, '--bare'], { ...process.env, [BARE_SERVERS_ENV]: JSON.stringify(turn.servers) }),
    bareDead: () => timeProcess([self, '--bare'], { ...process.env, [BARE_SERVERS_ENV]: JSON.stringify([{ url: deadUrl, username: 'u', credential: 'c' }]) }),
  };
  const names = Object.keys(cases) as (keyof typeof cases)[];
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<keyof typeof cases, number[]>;
  try {
    for (let round = 1; round <= Number(values.runs); round++) {
      // Rotate the order so no case always runs first on a cold cache or last on a busy machine.
      for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) times[name].push(await cases[name]());
      console.log(`round ${round}: ${names.map((name) => `${name} ${seconds(times[name].at(-1)!)}`).join(', ')}`);
    }
  } finally {
    await turn.stop();
  }
  const m = Object.fromEntries(names.map((name) => [name, median(times[name])!])) as Record<keyof typeof cases, number>;
  const spread = (name: keyof typeof cases) => `(min ${seconds(Math.min(...times[name]))}, max ${seconds(Math.max(...times[name]))})`;
  console.log(`\ncheck, chromium + firefox, median of ${values.runs} rounds${values.cli ? ` (${cli})` : ''}`);
  console.log(`  working check (scenario ${values.scenario}) : ${seconds(m.working)} ${spread('working')}   (target <= 8 s)`);
  console.log(`  dead TURN server check      : ${seconds(m.dead)} ${spread('dead')}`);
  console.log(`  working check with --tls     : ${seconds(m.workingTls)} ${spread('workingTls')}   (turns: too: test authority, NSS databases, TLS handshake)`);
  console.log(`  dead / working              : ${(m.dead / m.working).toFixed(2)}x   (target <= 1.6x: at most one more gathering limit)`);
  console.log(`  bare puppeteer, one gathering: working ${seconds(m.bareWorking)} ${spread('bareWorking')}, dead ${seconds(m.bareDead)} ${spread('bareDead')}`);
  console.log(`  check / bare                : working ${(m.working / m.bareWorking).toFixed(2)}x, dead ${(m.dead / m.bareDead).toFixed(2)}x`);
}

await main();
