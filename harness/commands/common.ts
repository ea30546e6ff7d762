// What `run` and `check` share: browser and output options, and the matrix run with its
// reporters inside the run's environment (harness/environment).
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AdapterMode } from '../../core/results.js';
import type { AnyProbeSpec } from '../../probes/types.js';
import { REPORTERS, ReporterMultiplexer } from '../../reports/index.js';
import type { Reporter } from '../../reports/reporter.js';
import { UsageError } from '../errors.js';
import { DEFAULT_BROWSERS, LOCAL_BROWSERS } from '../launchers/index.js';
import { redactArgs } from '../redact.js';
import type { RunResults, RunShard } from '../../core/results.js';
import { parseShard } from '../shard.js';
import { freshRunEnvironment, runEnvironmentSteps } from '../environment/runSteps.js';
import { inEnvironment } from '../environment/steps.js';
import { assertCanBuildScenarios } from '../network/netns.js';
import { LOOPBACK, SCENARIOS, SCENARIO_NAMES, type Scenario, findScenario } from '../network/scenarios.js';
import type { BrowserChoice, RunOptions } from '../runner.js';
import { runMatrixThrough } from '../worker/inNamespace.js';
import { parseDuration } from './command.js';
import { BASELINE_HELP, BASELINE_OPTIONS, type BaselineInputs, type BaselineValues, loadBaselineInputs, updateBaseline } from './baselineOptions.js';
import type { IceOptionValues } from './iceOptions.js';
import type { MediaServerOptionValues } from './mediaServerOptions.js';
import { REMOTE_HELP, REMOTE_OPTIONS, type RemoteValues, choosePageHost, chooseRemotes, isRemoteSource, pageHostHint, remoteSecrets } from './remoteOptions.js';

export const INTERRUPTED_EXIT_CODE = 130;

export const BROWSER_OPTIONS = {
  browser: { type: 'string', short: 'b', multiple: true },
  out: { type: 'string', short: 'o' },
  timeout: { type: 'string' },
  'chromium-path': { type: 'string' },
  'firefox-path': { type: 'string' },
  'no-color': { type: 'boolean', default: false },
  scenario: { type: 'string' },
  shard: { type: 'string' },
  ...REMOTE_OPTIONS,
  ...BASELINE_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

export const BROWSER_HELP = `  -b, --browser NAME      ${Object.keys(LOCAL_BROWSERS).join(' | ')}; repeat for several (default: ${DEFAULT_BROWSERS.join(', ')})
  -o, --out DIR           output folder (default: out/<command>-<date>-<time>)
      --timeout DURATION  time limit per probe, e.g. 20s, 1500ms (default: each probe's own limit)
      --chromium-path P   Chromium executable, also for edge-ortc (default: /usr/bin/chromium)
      --firefox-path P    Firefox executable (default: /usr/bin/firefox-esr)
      --no-color          plain terminal output (also when NO_COLOR is set or output is not a terminal)
      --scenario NAME     network the browsers run in (default: loopback). Others need root and
                          are built with network namespaces, NAT, firewall rules and tc:
${SCENARIOS.map((sc) => `                            ${sc.name.padEnd(18)}${sc.description}`).join('\n')}
      --shard I/N         run part I of N of the matrix (cells probe x browser x adapter mode; pair
                          probes by offerer and answerer): shards 1..N together run every cell
                          exactly once, e.g. on N CI machines. Combine their output folders with:
                          webrtc-harness report merge DIR... --out DIR
${REMOTE_HELP}${BASELINE_HELP}  -h, --help              this help
`;

export interface BrowserOptionValues extends BaselineValues, RemoteValues {
  browser?: string[] | undefined;
  out?: string | undefined;
  timeout?: string | undefined;
  'chromium-path'?: string | undefined;
  'firefox-path'?: string | undefined;
  'no-color'?: boolean | undefined;
  scenario?: string | undefined;
  shard?: string | undefined;
}

/** Local browsers (-b; both by default, none by default when --remote is given), then the remotes. */
export function chooseBrowsers(values: BrowserOptionValues): BrowserChoice[] {
  // edge-ortc runs in Chromium too, so --chromium-path applies to it as well.
  const paths: Record<string, string | undefined> = {
    chromium: values['chromium-path'],
    'edge-ortc': values['chromium-path'],
    firefox: values['firefox-path'],
  };
  const remotes = chooseRemotes(values);
  const names = values.browser?.length ? [...new Set(values.browser)] : remotes.length ? [] : [...DEFAULT_BROWSERS];
  const local = names.map((name): BrowserChoice => {
    const launcher = LOCAL_BROWSERS[name];
    if (!launcher) throw new UsageError(`unknown browser '${name}' (browsers: ${Object.keys(LOCAL_BROWSERS).join(', ')})`);
    const executablePath = paths[name];
    return { launcher, request: executablePath ? { executablePath } : {} };
  });
  const clash = remotes.find((r) => names.includes(r.name));
  if (clash) throw new UsageError(`--remote ${clash.name} has the name of a browser -b launches: name the remote otherwise`);
  return [...local, ...remotes.map((launcher) => ({ launcher, request: {} }))];
}

function chooseShard(values: BrowserOptionValues): RunShard | undefined {
  if (values.shard === undefined) return undefined;
  const shard = parseShard(values.shard);
  if (values['update-baseline'] !== undefined) {
    throw new UsageError(
      '--update-baseline with --shard would write one shard as the baseline: merge the shards (report merge) and copy the merged results.json',
    );
  }
  return shard;
}

function defaultOutDir(command: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
  return `out/${command}-${stamp}`;
}

export interface MatrixRequest {
  command: string;
  args: readonly string[];
  values: BrowserOptionValues & IceOptionValues & MediaServerOptionValues;
  probes: readonly AnyProbeSpec[];
  adapterModes: readonly AdapterMode[];
  /** Where progress goes: stdout normally, stderr when stdout carries JSON. */
  progress: NodeJS.WriteStream;
  /** Whether the run needs the ICE servers under test (the embedded coturn starts only then). */
  testsIceServers: boolean;
  /** Classify the NAT by RFC 5780 against the stun: servers under test (RunOptions.natDiscovery). */
  natDiscovery?: boolean;
  /** Whether the run calls a media server (the embedded Janus starts only then). */
  testsMediaServer: boolean;
}

export interface MatrixOutcome {
  run: RunResults;
  outDir: string;
  reporter: ReporterMultiplexer;
  /** --baseline / --expectations as read before the run; judgedExitCode turns them into the exit code. */
  baseline: BaselineInputs;
  /** The servers under test, e.g. `embedded coturn on 127.0.0.1:34780`; null when none were set up. */
  iceServers: string | null;
  /** The media server under test, e.g. `embedded Janus on http://127.0.0.1:8088/janus`; null when none was set up. */
  mediaServer: string | null;
}

/** The scenario --scenario names; null for loopback (the default), which needs no building. */
export function chooseScenario(name: string | undefined): Scenario | null {
  if (name === undefined || name === LOOPBACK) return null;
  const scenario = findScenario(name);
  if (!scenario) throw new UsageError(`unknown scenario '${name}' (scenarios: ${SCENARIO_NAMES.join(', ')})`);
  return scenario;
}

/**
 * Validates browsers and options, sets up the environment (scenario, ICE servers), runs the
 * matrix in it with terminal, JSON, JUnit and HTML reporters, and tears the environment down,
 * whatever happens. Ctrl-C/SIGTERM stop the run in order, with partial results.
 */
export async function runWithReporters(request: MatrixRequest): Promise<MatrixOutcome> {
  const browsers = chooseBrowsers(request.values);
  const scenario = chooseScenario(request.values.scenario);
  const shard = chooseShard(request.values);
  const pageHost = choosePageHost(request.values);
  const remotes = browsers.map((b) => b.launcher).filter(isRemoteSource);
  if (scenario && remotes.length)
    throw new UsageError(`--remote browsers do not run inside the scenario's network namespaces: --remote and --scenario ${scenario.name} cannot go together`);
  const hint = pageHostHint(remotes, pageHost);
  if (hint) process.stderr.write(hint);
  if (scenario) assertCanBuildScenarios();
  const timeoutMs = request.values.timeout === undefined ? undefined : parseDuration(request.values.timeout, '--timeout');
  const baseline = await loadBaselineInputs(request.values);
  // A missing browser is an environment error for the whole run, reported before anything starts.
  for (const b of browsers) await b.launcher.assertAvailable(b.request);
  const outDir = resolve(request.values.out ?? defaultOutDir(request.command));
  await mkdir(outDir, { recursive: true });
  const color = !request.values['no-color'] && !process.env['NO_COLOR'] && request.progress.isTTY === true;
  const reporters: Reporter[] = [REPORTERS.terminal({ stream: request.progress, color }), REPORTERS.json(), REPORTERS.junit(), REPORTERS.html()];
  const reporter = new ReporterMultiplexer(reporters);

  const steps = runEnvironmentSteps({
    scenario,
    ice: request.testsIceServers ? request.values : null,
    mediaServer: request.testsMediaServer ? request.values : null,
  });
  return inEnvironment(steps, freshRunEnvironment(), async ({ network, ice, mediaServer }, signal) => {
    // Loaded here, not at the top: --help and usage errors must not pay for express/puppeteer.
    const { runMatrix } = await import('../runner.js');
    const { clientPrefix } = network;
    const execute = clientPrefix ? (options: RunOptions) => runMatrixThrough(clientPrefix, options) : runMatrix;
    const run = await execute({
      command: [request.command, ...redactArgs(request.args)].join(' '),
      browsers,
      probes: request.probes,
      adapterModes: request.adapterModes,
      outDir,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      reporter,
      signal,
      context: { iceServers: ice?.servers ?? [], ...(mediaServer ? { mediaServer: mediaServer.context } : {}) },
      ...(ice?.trustedAuthorityFiles.length ? { trustedAuthorityFiles: ice.trustedAuthorityFiles } : {}),
      redaction: { secrets: [...(ice?.secrets ?? []), ...(mediaServer?.secrets ?? []), ...remoteSecrets(remotes)], ips: request.values['redact-ips'] ?? false },
      scenario: network.scenario,
      ...(shard ? { shard } : {}),
      ...(pageHost ? { pageHost } : {}),
      ...(request.natDiscovery ? { natDiscovery: true } : {}),
    });
    for (const failure of reporter.errors) {
      process.stderr.write(`webrtc-harness: reporter ${failure.reporter} failed in ${failure.hook}: ${String(failure.error)}\n`);
    }
    await updateBaseline(baseline, run, request.progress);
    return { run, outDir, reporter, baseline, iceServers: ice?.description ?? null, mediaServer: mediaServer?.description ?? null };
  });
}

export function printOutputPaths(stream: NodeJS.WriteStream, outDir: string): void {
  stream.write(`\nResults: ${outDir}/results.json\nJUnit:   ${outDir}/junit.xml\nReport:  ${outDir}/index.html\n`);
}
