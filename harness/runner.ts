import { platform, release } from 'node:os';
import type { BrowserContext, Page } from 'puppeteer-core';
import type { AdapterMode, ProbeSpec, RunContext } from '../probes/types.js';
import { statusOf } from '../probes/types.js';
import type { Reporter } from '../reports/reporter.js';
import { errorMessage } from './errors.js';
import { describeEntry } from './ice/servers.js';
import type { BrowserLauncher, LaunchedBrowser, LaunchRequest } from './launchers/launcher.js';
import { type Redaction, Redactor } from './redact.js';
import type { BrowserIdentity, ProbeResult, RunResults } from './results.js';
import { RESULTS_SCHEMA_VERSION } from './results.js';
import { adapterVersion, type PageServer, startPageServer } from './server/server.js';
import { TeardownStack, withTimeout } from './teardown.js';
import { HARNESS_VERSION } from './version.js';

export interface BrowserChoice {
  launcher: BrowserLauncher;
  request: LaunchRequest;
}

export interface RunOptions {
  command: string;
  browsers: readonly BrowserChoice[];
  probes: readonly ProbeSpec[];
  adapterModes: readonly AdapterMode[];
  outDir: string;
  /** Overrides every probe's own time limit. */
  timeoutMs?: number;
  reporter: Reporter;
  /** Aborting stops the run: browsers are closed and the results so far are reported. */
  signal?: AbortSignal;
  /** What probes may draw their params from (the ICE servers under test). */
  context?: RunContext;
  /** Applied to every result before any reporter sees it. */
  redaction?: Redaction;
  /** Name of the network scenario the browsers run in. */
  scenario?: string;
}

/** What every probe run of one matrix shares. */
interface Execution {
  options: RunOptions;
  server: PageServer;
  context: RunContext;
  scenario: string;
  redactor: Redactor;
}

interface ProbeTask {
  spec: ProbeSpec;
  adapter: AdapterMode;
}

function tasksFor(options: RunOptions): ProbeTask[] {
  return options.adapterModes.flatMap((adapter) => options.probes.map((spec) => ({ spec, adapter })));
}

function unstartedIdentity(name: string): BrowserIdentity {
  return { name, version: '', userAgent: '' };
}

/**
 * Runs the matrix browser x adapter mode x probe. Browsers run in parallel, each running
 * its probes one after another in a fresh browser context. A probe that throws, hangs or
 * loses its browser becomes an `error` result and the run goes on.
 */
export async function runMatrix(options: RunOptions): Promise<RunResults> {
  const startedAt = new Date().toISOString();
  const teardown = new TeardownStack();
  const tasks = tasksFor(options);
  const identities = new Map<string, BrowserIdentity>();
  const resultsByBrowser = new Map<string, ProbeResult[]>();
  const context = options.context ?? { iceServers: [] };
  const redactor = new Redactor(options.redaction ?? { secrets: [], ips: false });
  try {
    const server = await startPageServer(options.probes);
    teardown.push('page server', () => server.close());
    const execution: Execution = { options, server, context, redactor, scenario: options.scenario ?? 'loopback' };
    await options.reporter.onRunBegin?.({
      outDir: options.outDir,
      browsers: options.browsers.map((b) => b.launcher.name),
      probes: options.probes.map((p) => p.id),
      adapterModes: [...options.adapterModes],
      total: tasks.length * options.browsers.length,
    });
    await Promise.all(
      options.browsers.map(async (choice) => {
        const results: ProbeResult[] = [];
        resultsByBrowser.set(choice.launcher.name, results);
        await runBrowser(choice, tasks, execution, teardown, results, identities);
      }),
    );
  } finally {
    await teardown.unwind();
  }
  const run: RunResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    command: redactor.text(options.command),
    startedAt,
    finishedAt: new Date().toISOString(),
    interrupted: options.signal?.aborted ?? false,
    environment: redactor.value({
      os: `${platform()} ${release()}`,
      node: process.version,
      harnessVersion: HARNESS_VERSION,
      adapterVersion: adapterVersion(),
      browsers: options.browsers.map((b) => identities.get(b.launcher.name) ?? unstartedIdentity(b.launcher.name)),
      scenario: options.scenario ?? 'loopback',
      iceServers: context.iceServers.map(describeEntry),
    }),
    results: options.browsers.flatMap((b) => resultsByBrowser.get(b.launcher.name) ?? []),
  };
  await options.reporter.onRunEnd?.(run);
  return run;
}

async function runBrowser(
  choice: BrowserChoice,
  tasks: readonly ProbeTask[],
  execution: Execution,
  teardown: TeardownStack,
  results: ProbeResult[],
  identities: Map<string, BrowserIdentity>,
): Promise<void> {
  const { options } = execution;
  const name = choice.launcher.name;
  const record = async (result: ProbeResult) => {
    const safe = execution.redactor.value(result);
    results.push(safe);
    await options.reporter.onProbeEnd?.(safe);
  };
  let launched: LaunchedBrowser;
  try {
    launched = await choice.launcher.launch(choice.request);
  } catch (error) {
    const reason = `${choice.launcher.displayName} did not start: ${errorMessage(error)}`;
    for (const task of tasks) await record(errorResult(task, execution, unstartedIdentity(name), reason, 0));
    return;
  }
  teardown.push(`close ${name}`, () => launched.close());
  identities.set(name, launched.identity);
  await options.reporter.onBrowserReady?.({ name, version: launched.identity.version });
  // Closing at once on abort stops the probe in flight instead of waiting for its timeout.
  const onAbort = () => void launched.close();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let lostDuring: string | null = null;
  try {
    for (const task of tasks) {
      if (options.signal?.aborted) return;
      if (lostDuring !== null) {
        await record(errorResult(task, execution, launched.identity, `not run: ${name} exited earlier, during ${lostDuring}`, 0));
        continue;
      }
      await options.reporter.onProbeBegin?.({ probe: task.spec.id, browser: name, adapter: task.adapter });
      const result = await runProbe(task, launched, execution);
      if (options.signal?.aborted) return;
      if (!launched.connected) lostDuring = task.spec.id;
      await record(result);
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

async function runProbe(task: ProbeTask, launched: LaunchedBrowser, execution: Execution): Promise<ProbeResult> {
  const { spec, adapter } = task;
  const timeoutMs = execution.options.timeoutMs ?? spec.timeoutMs;
  const params = spec.params ? spec.params(execution.context) : spec.defaultParams;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const browserGone = launched.gone.then(() => {
    throw new Error(`${launched.identity.name} exited during the probe (crashed or was killed)`);
  });
  browserGone.catch(() => undefined);
  let context: BrowserContext | null = null;
  try {
    const raw = await withTimeout(
      Promise.race([
        browserGone,
        (async () => {
          context = await launched.browser.createBrowserContext();
          const page = await context.newPage();
          return runPage(page, execution.server.probeUrl(spec.id, adapter), params);
        })(),
      ]),
      timeoutMs,
      spec.id,
    );
    let verdict;
    try {
      verdict = spec.evaluate(raw);
    } catch (error) {
      return errorResult(task, execution, launched.identity, `evaluate failed on the raw data: ${errorMessage(error)}`, elapsed(), raw);
    }
    return {
      probe: spec.id,
      title: spec.title,
      browser: launched.identity,
      scenario: execution.scenario,
      adapter,
      status: statusOf(verdict),
      findings: verdict.findings,
      metrics: verdict.metrics,
      raw,
      ...(verdict.skip !== undefined ? { reason: verdict.skip } : {}),
      durationMs: elapsed(),
    };
  } catch (error) {
    // A killed browser first shows up as protocol errors ("Target closed"); name the real cause.
    const lost = !launched.connected || (await Promise.race([launched.gone.then(() => true), sleep(1_000).then(() => false)]));
    const reason = lost ? `${launched.identity.name} exited during the probe (crashed or was killed)` : errorMessage(error);
    return errorResult(task, execution, launched.identity, reason, elapsed());
  } finally {
    // A context that hangs on close (the probe is still stuck) must not hold up the run.
    const opened = context as BrowserContext | null;
    if (opened && launched.connected) await withTimeout(opened.close(), 5_000, 'closing the probe context').catch(() => undefined);
  }
}

/** Loads the probe page, waits for the page kit, runs the probe and returns its raw data. */
async function runPage(page: Page, url: string, params: unknown): Promise<unknown> {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__harness !== undefined, { polling: 50 });
  const loadError = await page.evaluate(() => (window.__harness?.ready ? null : (window.__harness?.loadError ?? 'page kit did not start')));
  if (loadError !== null) throw new Error(`probe page failed to load: ${loadError}`);
  return page.evaluate((p) => {
    const run = window.__harness?.run;
    if (!run) throw new Error('probe page has no run()');
    return run(p);
  }, params);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function errorResult(task: ProbeTask, execution: Execution, browser: BrowserIdentity, reason: string, durationMs: number, raw?: unknown): ProbeResult {
  return {
    probe: task.spec.id,
    title: task.spec.title,
    browser,
    scenario: execution.scenario,
    adapter: task.adapter,
    status: 'error',
    findings: [],
    metrics: {},
    ...(raw !== undefined ? { raw } : {}),
    reason,
    durationMs,
  };
}
