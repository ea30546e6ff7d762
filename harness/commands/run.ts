import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PROBES, findProbe } from '../../probes/index.js';
import type { AdapterMode, ProbeSpec } from '../../probes/types.js';
import { REPORTERS, ReporterMultiplexer } from '../../reports/index.js';
import { UsageError } from '../errors.js';
import { DEFAULT_BROWSERS, LAUNCHERS } from '../launchers/index.js';
import { exitCodeFor } from '../results.js';
import type { BrowserChoice } from '../runner.js';
import { type Command, parseCommandArgs, parseDuration } from './command.js';

const ADAPTER_CHOICES: Readonly<Record<string, readonly AdapterMode[]>> = { off: ['off'], on: ['on'], both: ['off', 'on'] };

export const INTERRUPTED_EXIT_CODE = 130;

const HELP = `Usage: webrtc-harness run [options]

Runs probes in real headless browsers (in parallel, one fresh context per probe) and
writes DIR/results.json and DIR/junit.xml. Progress is shown as probes finish.

Options:
  -b, --browser NAME      ${Object.keys(LAUNCHERS).join(' | ')}; repeat for several (default: ${DEFAULT_BROWSERS.join(', ')})
  -p, --probe ID          probe to run; repeat for several (default: all). List: webrtc-harness probes
      --adapter MODE      off: raw browser API; on: with webrtc-adapter loaded; both: each probe twice
                          (default: off)
  -o, --out DIR           output folder (default: out/run-<date>-<time>)
      --timeout DURATION  time limit per probe, e.g. 20s, 1500ms (default: each probe's own limit)
      --chromium-path P   Chromium executable (default: /usr/bin/chromium)
      --firefox-path P    Firefox executable (default: /usr/bin/firefox-esr)
      --no-color          plain terminal output (also when NO_COLOR is set or output is not a terminal)
  -h, --help              this help

Exit codes: 0 nothing failed (warnings allowed), 1 a probe failed or errored,
2 usage or environment error (e.g. a browser is not installed), 130 interrupted
(Ctrl-C: browsers are closed and the results so far are written).

Examples:
  webrtc-harness run
  webrtc-harness run -b chromium -b firefox -p api-surface -p gum-constraints -o out/compare
  webrtc-harness run -b firefox --adapter both --timeout 30s
`;

function defaultOutDir(now = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  return `out/run-${stamp}`;
}

function chooseProbes(ids: readonly string[]): ProbeSpec[] {
  if (ids.length === 0) return [...PROBES];
  return [...new Set(ids)].map((id) => {
    const spec = findProbe(id);
    if (!spec) throw new UsageError(`unknown probe '${id}' (probes: ${PROBES.map((p) => p.id).join(', ')})`);
    return spec;
  });
}

function chooseBrowsers(names: readonly string[], paths: Readonly<Record<string, string | undefined>>): BrowserChoice[] {
  const chosen = names.length ? [...new Set(names)] : [...DEFAULT_BROWSERS];
  return chosen.map((name) => {
    const launcher = LAUNCHERS[name];
    if (!launcher) throw new UsageError(`unknown browser '${name}' (browsers: ${Object.keys(LAUNCHERS).join(', ')})`);
    const executablePath = paths[name];
    return { launcher, request: executablePath ? { executablePath } : {} };
  });
}

export const runCommand: Command = {
  help: HELP,
  async main(args) {
    const { values, positionals } = parseCommandArgs(args, {
      browser: { type: 'string', short: 'b', multiple: true },
      probe: { type: 'string', short: 'p', multiple: true },
      adapter: { type: 'string', default: 'off' },
      out: { type: 'string', short: 'o' },
      timeout: { type: 'string' },
      'chromium-path': { type: 'string' },
      'firefox-path': { type: 'string' },
      'no-color': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const adapterModes = ADAPTER_CHOICES[values.adapter];
    if (!adapterModes) throw new UsageError(`--adapter expects off, on or both, not '${values.adapter}'`);
    const probes = chooseProbes(values.probe ?? []);
    const browsers = chooseBrowsers(values.browser ?? [], { chromium: values['chromium-path'], firefox: values['firefox-path'] });
    const timeoutMs = values.timeout === undefined ? undefined : parseDuration(values.timeout, '--timeout');
    // A missing browser is an environment error for the whole run, reported before anything starts.
    for (const b of browsers) await b.launcher.assertInstalled(b.request);

    const outDir = resolve(values.out ?? defaultOutDir());
    await mkdir(outDir, { recursive: true });
    const color = !values['no-color'] && !process.env['NO_COLOR'] && process.stdout.isTTY === true;
    const reporter = new ReporterMultiplexer([REPORTERS.terminal({ stream: process.stdout, color }), REPORTERS.json(), REPORTERS.junit()]);

    const controller = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      if (controller.signal.aborted) return;
      process.stderr.write(`\n${signal}: stopping, closing browsers and writing the results so far...\n`);
      controller.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      // Loaded here, not at the top: `run --help` and usage errors must not pay for express/puppeteer.
      const { runMatrix } = await import('../runner.js');
      const run = await runMatrix({
        command: ['run', ...args].join(' '),
        browsers,
        probes,
        adapterModes,
        outDir,
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        reporter,
        signal: controller.signal,
      });
      for (const failure of reporter.errors) {
        process.stderr.write(`webrtc-harness: reporter ${failure.reporter} failed in ${failure.hook}: ${String(failure.error)}\n`);
      }
      process.stdout.write(`\nResults: ${outDir}/results.json\nJUnit:   ${outDir}/junit.xml\n`);
      return run.interrupted ? INTERRUPTED_EXIT_CODE : exitCodeFor(run.results);
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
