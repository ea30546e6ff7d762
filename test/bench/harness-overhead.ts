// Benchmark: wall time of `webrtc-harness run` for api-surface + gum-constraints in both
// browsers, against a bare puppeteer script that runs the same page code with no harness
// (no page kit, no judging, no reporters). Prints figures; asserts nothing.
//   npm run bench            (3 rounds)
//   node dist/test/bench/harness-overhead.js --rounds 5
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { parseArgs } from 'node:util';
import puppeteer, { type Browser } from 'puppeteer-core';
import { CHROMIUM_FLAGS } from '../../harness/launchers/chromium.js';
import { FIREFOX_PREFS } from '../../harness/launchers/firefox.js';
import { COMPILED_ROOT, PACKAGE_ROOT } from '../../reports/paths.js';
import { apiSurfaceProbe } from '../../probes/api-surface/probe.js';
import { gumConstraintsProbe } from '../../probes/gum-constraints/probe.js';
import { median } from '../../core/median.js';

const PROBE_SPECS = [apiSurfaceProbe, gumConstraintsProbe];
const PROBE_IDS = PROBE_SPECS.map((p) => p.id);

/** The bare script: one http server, both browsers in parallel, each probe in a fresh context. */
async function bare(): Promise<void> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/code/')) {
      readFile(join(COMPILED_ROOT, normalize(url.pathname.slice('/code/'.length))))
        .then((body) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(body))
        .catch(() => res.writeHead(404).end());
      return;
    }
    const module = `/code/probes/${url.pathname.slice(1)}/page.js`;
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(`<!doctype html><script type="module">import { run } from '${module}'; window.__run = run;</script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  const runAll = async (browser: Browser) => {
    for (const { id, defaultParams } of PROBE_SPECS) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.goto(`${origin}/${id}`);
      await page.waitForFunction(() => '__run' in window);
      await page.evaluate(
        (params) => (window as unknown as { __run: (p: unknown, c: unknown) => Promise<unknown> }).__run(params, { adapter: null }),
        defaultParams,
      );
      await context.close();
    }
    await browser.close();
  };
  const prefs = Object.fromEntries(Object.entries(FIREFOX_PREFS).map(([k, v]) => [k, v.value]));
  await Promise.all([
    puppeteer.launch({ browser: 'chrome', executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS.map((f) => f.value) }).then(runAll),
    puppeteer.launch({ browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true, extraPrefsFirefox: prefs }).then(runAll),
  ]);
  server.close();
}

function timeProcess(args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: PACKAGE_ROOT, stdio: 'ignore' });
    child.on('exit', (code) => (code === null || code > 1 ? reject(new Error(`${args.join(' ')} exited ${code}`)) : resolve(performance.now() - started)));
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, bare: { type: 'boolean', default: false } } });
  if (values.bare) return bare();
  const rounds = Number(values.rounds);
  const self = join(COMPILED_ROOT, 'test', 'bench', 'harness-overhead.js');
  const cli = join(COMPILED_ROOT, 'harness', 'cli.js');
  const harnessTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    // Alternate the order so neither side always runs on a warmer page cache.
    const out = mkdtempSync(join(tmpdir(), 'wh-bench-'));
    const runHarness = () =>
      timeProcess([cli, 'run', '-b', 'chromium', '-b', 'firefox', ...PROBE_IDS.flatMap((p) => ['-p', p]), '-o', out]).then((t) => harnessTimes.push(t));
    const runBare = () => timeProcess([self, '--bare']).then((t) => bareTimes.push(t));
    if (round % 2) await runHarness().then(runBare);
    else await runBare().then(runHarness);
    console.log(`round ${round}: harness ${seconds(harnessTimes.at(-1)!)}, bare puppeteer ${seconds(bareTimes.at(-1)!)}`);
  }
  const h = median(harnessTimes)!;
  const b = median(bareTimes)!;
  console.log(`\nprobes: ${PROBE_IDS.join(', ')} in chromium + firefox, ${rounds} rounds, median wall time`);
  console.log(`  webrtc-harness run : ${seconds(h)}   (target <= 12 s)`);
  console.log(`  bare puppeteer     : ${seconds(b)}`);
  console.log(`  ratio              : ${(h / b).toFixed(2)}x  (target <= 1.3x)`);
}

await main();
