// What `run` and `check` share: browser and output options, Ctrl-C handling, and the
// matrix run with its reporters.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AdapterMode, ProbeSpec, RunContext } from '../../probes/types.js';
import { REPORTERS, ReporterMultiplexer } from '../../reports/index.js';
import type { Reporter } from '../../reports/reporter.js';
import { UsageError } from '../errors.js';
import { DEFAULT_BROWSERS, LAUNCHERS } from '../launchers/index.js';
import { type Redaction, redactArgs } from '../redact.js';
import type { RunResults } from '../results.js';
import type { BrowserChoice } from '../runner.js';
import { TeardownStack } from '../teardown.js';
import { parseDuration } from './command.js';

export const INTERRUPTED_EXIT_CODE = 130;

export const BROWSER_OPTIONS = {
  browser: { type: 'string', short: 'b', multiple: true },
  out: { type: 'string', short: 'o' },
  timeout: { type: 'string' },
  'chromium-path': { type: 'string' },
  'firefox-path': { type: 'string' },
  'no-color': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

export const BROWSER_HELP = `  -b, --browser NAME      ${Object.keys(LAUNCHERS).join(' | ')}; repeat for several (default: ${DEFAULT_BROWSERS.join(', ')})
  -o, --out DIR           output folder (default: out/<command>-<date>-<time>)
      --timeout DURATION  time limit per probe, e.g. 20s, 1500ms (default: each probe's own limit)
      --chromium-path P   Chromium executable (default: /usr/bin/chromium)
      --firefox-path P    Firefox executable (default: /usr/bin/firefox-esr)
      --no-color          plain terminal output (also when NO_COLOR is set or output is not a terminal)
  -h, --help              this help
`;

export interface BrowserOptionValues {
  browser?: string[] | undefined;
  out?: string | undefined;
  timeout?: string | undefined;
  'chromium-path'?: string | undefined;
  'firefox-path'?: string | undefined;
  'no-color'?: boolean | undefined;
}

export function chooseBrowsers(values: BrowserOptionValues): BrowserChoice[] {
  const paths: Record<string, string | undefined> = { chromium: values['chromium-path'], firefox: values['firefox-path'] };
  const names = values.browser?.length ? [...new Set(values.browser)] : [...DEFAULT_BROWSERS];
  return names.map((name) => {
    const launcher = LAUNCHERS[name];
    if (!launcher) throw new UsageError(`unknown browser '${name}' (browsers: ${Object.keys(LAUNCHERS).join(', ')})`);
    const executablePath = paths[name];
    return { launcher, request: executablePath ? { executablePath } : {} };
  });
}

function defaultOutDir(command: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  return `out/${command}-${stamp}`;
}

export interface MatrixRequest {
  command: string;
  args: readonly string[];
  values: BrowserOptionValues;
  probes: readonly ProbeSpec[];
  adapterModes: readonly AdapterMode[];
  /** Where progress goes: stdout normally, stderr when stdout carries JSON. */
  progress: NodeJS.WriteStream;
  /** Sets up what the run needs (e.g. the embedded coturn) and says what to redact; teardown undoes it. */
  prepare?: (teardown: TeardownStack) => Promise<{ context: RunContext; redaction: Redaction }>;
}

export interface MatrixOutcome {
  run: RunResults;
  outDir: string;
  reporter: ReporterMultiplexer;
}

/**
 * Validates browsers and options, runs the matrix with terminal, JSON and JUnit reporters,
 * and turns SIGINT/SIGTERM into an orderly stop with partial results. Everything `prepare`
 * started is torn down, whatever happens.
 */
export async function runWithReporters(request: MatrixRequest): Promise<MatrixOutcome> {
  const browsers = chooseBrowsers(request.values);
  const timeoutMs = request.values.timeout === undefined ? undefined : parseDuration(request.values.timeout, '--timeout');
  // A missing browser is an environment error for the whole run, reported before anything starts.
  for (const b of browsers) await b.launcher.assertInstalled(b.request);
  const outDir = resolve(request.values.out ?? defaultOutDir(request.command));
  await mkdir(outDir, { recursive: true });
  const color = !request.values['no-color'] && !process.env['NO_COLOR'] && request.progress.isTTY === true;
  const reporters: Reporter[] = [REPORTERS.terminal({ stream: request.progress, color }), REPORTERS.json(), REPORTERS.junit()];
  const reporter = new ReporterMultiplexer(reporters);

  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    process.stderr.write(`\n${signal}: stopping, closing browsers and writing the results so far...\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const teardown = new TeardownStack();
  try {
    const prepared = request.prepare ? await request.prepare(teardown) : undefined;
    // Loaded here, not at the top: --help and usage errors must not pay for express/puppeteer.
    const { runMatrix } = await import('../runner.js');
    const run = await runMatrix({
      command: [request.command, ...redactArgs(request.args)].join(' '),
      browsers,
      probes: request.probes,
      adapterModes: request.adapterModes,
      outDir,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      reporter,
      signal: controller.signal,
      ...(prepared ? { context: prepared.context, redaction: prepared.redaction } : {}),
    });
    for (const failure of reporter.errors) {
      process.stderr.write(`webrtc-harness: reporter ${failure.reporter} failed in ${failure.hook}: ${String(failure.error)}\n`);
    }
    return { run, outDir, reporter };
  } finally {
    for (const failure of await teardown.unwind()) process.stderr.write(`webrtc-harness: teardown: ${failure}\n`);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function printOutputPaths(stream: NodeJS.WriteStream, outDir: string): void {
  stream.write(`\nResults: ${outDir}/results.json\nJUnit:   ${outDir}/junit.xml\n`);
}
