// What `run` and `check` share: browser and output options, Ctrl-C handling, and the
// matrix run with its reporters.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AdapterMode, AnyProbeSpec, RunContext } from '../../probes/types.js';
import { REPORTERS, ReporterMultiplexer } from '../../reports/index.js';
import type { Reporter } from '../../reports/reporter.js';
import { UsageError } from '../errors.js';
import { DEFAULT_BROWSERS, LAUNCHERS } from '../launchers/index.js';
import { type Redaction, redactArgs } from '../redact.js';
import type { RunResults } from '../results.js';
import { type BuiltScenario, assertCanBuildScenarios, buildScenario } from '../network/netns.js';
import { LOOPBACK, SCENARIOS, SCENARIO_NAMES, type Scenario, findScenario } from '../network/scenarios.js';
import { SCENARIO_TURN_PORT } from '../network/topology.js';
import type { BrowserChoice, RunOptions } from '../runner.js';
import { runMatrixThrough } from '../worker/inNamespace.js';
import { TeardownStack } from '../teardown.js';
import { parseDuration } from './command.js';
import { BASELINE_HELP, BASELINE_OPTIONS, type BaselineInputs, type BaselineValues, loadBaselineInputs, updateBaseline } from './baselineOptions.js';

export const INTERRUPTED_EXIT_CODE = 130;

export const BROWSER_OPTIONS = {
  browser: { type: 'string', short: 'b', multiple: true },
  out: { type: 'string', short: 'o' },
  timeout: { type: 'string' },
  'chromium-path': { type: 'string' },
  'firefox-path': { type: 'string' },
  'no-color': { type: 'boolean', default: false },
  scenario: { type: 'string', default: LOOPBACK },
  ...BASELINE_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

export const BROWSER_HELP = `  -b, --browser NAME      ${Object.keys(LAUNCHERS).join(' | ')}; repeat for several (default: ${DEFAULT_BROWSERS.join(', ')})
  -o, --out DIR           output folder (default: out/<command>-<date>-<time>)
      --timeout DURATION  time limit per probe, e.g. 20s, 1500ms (default: each probe's own limit)
      --chromium-path P   Chromium executable (default: /usr/bin/chromium)
      --firefox-path P    Firefox executable (default: /usr/bin/firefox-esr)
      --no-color          plain terminal output (also when NO_COLOR is set or output is not a terminal)
      --scenario NAME     network the browsers run in (default: loopback). Others need root and
                          are built with network namespaces, NAT, firewall rules and tc:
${SCENARIOS.map((sc) => `                            ${sc.name.padEnd(18)}${sc.description}`).join('\n')}
${BASELINE_HELP}  -h, --help              this help
`;

export interface BrowserOptionValues extends BaselineValues {
  browser?: string[] | undefined;
  out?: string | undefined;
  timeout?: string | undefined;
  'chromium-path'?: string | undefined;
  'firefox-path'?: string | undefined;
  'no-color'?: boolean | undefined;
  scenario?: string | undefined;
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
  probes: readonly AnyProbeSpec[];
  adapterModes: readonly AdapterMode[];
  /** Where progress goes: stdout normally, stderr when stdout carries JSON. */
  progress: NodeJS.WriteStream;
  /** Sets up what the run needs (e.g. the embedded coturn, inside the scenario if any) and says what to redact; teardown undoes it. */
  prepare?: (teardown: TeardownStack, scenario: BuiltScenario | null) => Promise<{ context: RunContext; redaction: Redaction }>;
}

export interface MatrixOutcome {
  run: RunResults;
  outDir: string;
  reporter: ReporterMultiplexer;
  /** --baseline / --expectations as read before the run; judgedExitCode turns them into the exit code. */
  baseline: BaselineInputs;
}

/**
 * Validates browsers and options, runs the matrix with terminal, JSON, JUnit and HTML reporters,
 * and turns SIGINT/SIGTERM into an orderly stop with partial results. Everything `prepare`
 * started is torn down, whatever happens.
 */
export function chooseScenario(name: string | undefined): Scenario | null {
  if (name === undefined || name === LOOPBACK) return null;
  const scenario = findScenario(name);
  if (!scenario) throw new UsageError(`unknown scenario '${name}' (scenarios: ${SCENARIO_NAMES.join(', ')})`);
  return scenario;
}

export async function runWithReporters(request: MatrixRequest): Promise<MatrixOutcome> {
  const browsers = chooseBrowsers(request.values);
  const scenario = chooseScenario(request.values.scenario);
  if (scenario) assertCanBuildScenarios();
  const timeoutMs = request.values.timeout === undefined ? undefined : parseDuration(request.values.timeout, '--timeout');
  const baseline = await loadBaselineInputs(request.values);
  // A missing browser is an environment error for the whole run, reported before anything starts.
  for (const b of browsers) await b.launcher.assertInstalled(b.request);
  const outDir = resolve(request.values.out ?? defaultOutDir(request.command));
  await mkdir(outDir, { recursive: true });
  const color = !request.values['no-color'] && !process.env['NO_COLOR'] && request.progress.isTTY === true;
  const reporters: Reporter[] = [REPORTERS.terminal({ stream: request.progress, color }), REPORTERS.json(), REPORTERS.junit(), REPORTERS.html()];
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
    const built = scenario ? await buildScenario(scenario, { port: SCENARIO_TURN_PORT }, teardown) : null;
    const prepared = request.prepare ? await request.prepare(teardown, built) : undefined;
    // Loaded here, not at the top: --help and usage errors must not pay for express/puppeteer.
    const { runMatrix } = await import('../runner.js');
    const execute = built ? (options: RunOptions) => runMatrixThrough(built.wrapper(built.names.client), options) : runMatrix;
    const run = await execute({
      command: [request.command, ...redactArgs(request.args)].join(' '),
      browsers,
      probes: request.probes,
      adapterModes: request.adapterModes,
      outDir,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      reporter,
      signal: controller.signal,
      ...(prepared ? { context: prepared.context, redaction: prepared.redaction } : {}),
      scenario: scenario?.name ?? LOOPBACK,
    });
    for (const failure of reporter.errors) {
      process.stderr.write(`webrtc-harness: reporter ${failure.reporter} failed in ${failure.hook}: ${String(failure.error)}\n`);
    }
    await updateBaseline(baseline, run, request.progress);
    return { run, outDir, reporter, baseline };
  } finally {
    for (const failure of await teardown.unwind()) process.stderr.write(`webrtc-harness: teardown: ${failure}\n`);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function printOutputPaths(stream: NodeJS.WriteStream, outDir: string): void {
  stream.write(`\nResults: ${outDir}/results.json\nJUnit:   ${outDir}/junit.xml\nReport:  ${outDir}/index.html\n`);
}
