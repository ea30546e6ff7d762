import { platform, release } from 'node:os';
import type { AdapterMode } from '../core/results.js';
import type { AnyProbeSpec, PageCaller, PairProbeSpec, ProbeSpec, RunContext } from '../probes/types.js';
import { isPairProbe } from '../probes/types.js';
import { type ResultCell, errorResult as probeErrorResult, judgedResult } from '../probes/probeResult.js';
import type { Reporter } from '../reports/reporter.js';
import { errorMessage } from './errors.js';
import { describeEntry } from '../probes/page-kit/iceServers.js';
import type { BrowserPage, BrowserSource, LaunchedBrowser, LaunchRequest } from './launchers/launcher.js';
import { type MatrixCell, cellOf, compareCells, planCells } from '../core/matrix.js';
import { type PageHost, exposePageServer } from './pageHost.js';
import { type Redaction, Redactor } from './redact.js';
import type { BrowserIdentity, ProbeResult, RunMatrix, RunResults, RunShard } from '../core/results.js';
import { RESULTS_SCHEMA_VERSION } from '../core/results.js';
import { adapterVersion, type PageServer, startPageServer } from './server/server.js';
import { shardCells } from './shard.js';
import { TeardownStack, withTimeout } from './teardown.js';
import { checkSecureServers } from './tls/handshake.js';
import { HARNESS_VERSION } from './version.js';
import { LOOPBACK } from './network/scenarios.js';
import { discoverNatBehind } from './nat/discover.js';
import { Mutex } from './mutex.js';

export interface BrowserChoice {
  /** A local launcher, or a remote endpoint to connect to. */
  launcher: BrowserSource;
  request: LaunchRequest;
}

export interface RunOptions {
  command: string;
  browsers: readonly BrowserChoice[];
  /** Single-browser probes run in every browser; pair probes in every ordered pair of browsers. */
  probes: readonly AnyProbeSpec[];
  adapterModes: readonly AdapterMode[];
  outDir: string;
  /** Overrides every probe's own time limit. */
  timeoutMs?: number;
  reporter: Reporter;
  /** Aborting stops the run: browsers are closed and the results so far are reported. */
  signal?: AbortSignal;
  /** What probes may draw their params from (the ICE servers under test). */
  context?: RunContext;
  /**
   * Certificate authorities (PEM files) trusted for this run only: by the browsers it launches
   * and by the TLS check of the secure ICE servers (the run's test authority with --tls, --tls-ca).
   */
  trustedAuthorityFiles?: readonly string[];
  /** Applied to every result before any reporter sees it. */
  redaction?: Redaction;
  /** Name of the network scenario the browsers run in. */
  scenario?: string;
  /** Run only this part of the matrix (harness/shard); browsers it does not need are not started. */
  shard?: RunShard;
  /** Serve probe pages on this address too, for browsers on other machines (harness/pageHost). */
  pageHost?: PageHost;
  /** Classify the NAT (RFC 5780) against the run's stun: servers, from where the browsers sit (`check`). */
  natDiscovery?: boolean;
}

/** What every probe run of one matrix shares. */
interface Execution {
  options: RunOptions;
  server: PageServer;
  context: RunContext;
  scenario: string;
  redactor: Redactor;
  record(result: ProbeResult): Promise<void>;
  /** Serializes exclusive probes across the browsers running in parallel. */
  exclusive: Mutex;
}

/** Resolves everyone's `arrive` once `count` have arrived. */
class Barrier {
  #waiting: number;
  readonly #all: Promise<void>;
  #open!: () => void;

  constructor(count: number) {
    this.#waiting = count;
    this.#all = new Promise((resolve) => (this.#open = resolve));
  }

  arrive(): Promise<void> {
    if (--this.#waiting <= 0) this.#open();
    return this.#all;
  }
}

interface Task<S extends AnyProbeSpec> {
  spec: S;
  adapter: AdapterMode;
}

interface PairTask extends Task<PairProbeSpec> {
  offerer: string;
  answerer: string;
}

/** A browser of the run: launched (or why not), and the probe during which it was lost, if it was. */
interface Session {
  name: string;
  launched: LaunchedBrowser | null;
  /** Why probes cannot run in it: it did not start, or exited during an earlier probe. */
  unavailable: string | null;
}

/** The run's cells (all, or the shard's) as tasks: single-browser ones per browser, pair ones in run order. */
function plan(options: RunOptions, matrix: RunMatrix): { cells: MatrixCell[]; singles: Map<string, Task<ProbeSpec>[]>; pairs: PairTask[] } {
  const specs = new Map(options.probes.map((p) => [p.id, p]));
  const planned = planCells(matrix, (id) => isPairProbe(specs.get(id)!));
  const cells = options.shard ? shardCells(planned, options.shard) : planned;
  const singles = new Map(matrix.browsers.map((name): [string, Task<ProbeSpec>[]] => [name, []]));
  const pairs: PairTask[] = [];
  for (const cell of cells) {
    const spec = specs.get(cell.probe)!;
    if (isPairProbe(spec)) pairs.push({ spec, adapter: cell.adapter, offerer: cell.browser, answerer: cell.peer! });
    else singles.get(cell.browser)!.push({ spec, adapter: cell.adapter });
  }
  return { cells, singles, pairs };
}

function unstartedIdentity(name: string): BrowserIdentity {
  return { name, version: '', userAgent: '' };
}

function identityOf(session: Session): BrowserIdentity {
  return session.launched?.identity ?? unstartedIdentity(session.name);
}

/**
 * Runs the matrix (or the shard of it asked for). Browsers launch and run their single-browser
 * probes in parallel, each probe in a fresh page (puppeteer: its own browser context): in each browser its side-by-side
 * probes all start at once and the others take turns beside them, and probes that pick from one
 * shared page (ProbeSpec.pick) get one recording of it. Then pair probes run for every
 * ordered pair of browsers. A probe that throws, hangs or loses its browser becomes an `error`
 * result and the run goes on.
 */
export async function runMatrix(options: RunOptions): Promise<RunResults> {
  const startedAt = new Date().toISOString();
  const teardown = new TeardownStack();
  const matrix: RunMatrix = {
    browsers: options.browsers.map((b) => b.launcher.name),
    probes: options.probes.map((p) => p.id),
    adapterModes: [...options.adapterModes],
  };
  const { cells, singles, pairs } = plan(options, matrix);
  // A shard starts only the browsers its cells need.
  const browsers = options.browsers.filter((b) => cells.some((c) => c.browser === b.launcher.name || c.peer === b.launcher.name));
  const results: ProbeResult[] = [];
  const trusted = options.trustedAuthorityFiles ?? [];
  const redactor = new Redactor(options.redaction ?? { secrets: [], ips: false });
  const scenario = options.scenario ?? LOOPBACK;
  let sessions: Session[] = [];
  let context = options.context ?? { iceServers: [] };
  // Node-side evidence beside the browsers' own, asked while they start (it takes about two seconds).
  const nat = options.natDiscovery ? discoverNatBehind(context.iceServers) : undefined;
  try {
    // Made here, where the browsers run (inside a scenario's client namespace): the same path as theirs.
    const [local, tlsHandshakes] = await Promise.all([
      startPageServer(options.probes, undefined, context.mediaServer ? { janusUpstream: context.mediaServer.upstreamUrl } : {}),
      checkSecureServers(context.iceServers, trusted),
    ]);
    if (tlsHandshakes.length) context = { ...context, tlsHandshakes };
    teardown.push('page server', () => local.close());
    let server = local;
    if (options.pageHost) {
      server = await exposePageServer(local, options.pageHost);
      teardown.push('page host', () => server.close());
    }
    const execution: Execution = {
      options,
      server,
      context,
      redactor,
      scenario,
      exclusive: new Mutex(),
      record: async (result) => {
        const safe = redactor.value(result);
        results.push(safe);
        await options.reporter.onProbeEnd?.(safe);
      },
    };
    await options.reporter.onRunBegin?.({
      outDir: options.outDir,
      browsers: browsers.map((b) => b.launcher.name),
      probes: options.probes.map((p) => p.id),
      adapterModes: [...options.adapterModes],
      total: cells.length,
    });
    const launches = new Barrier(browsers.length);
    sessions = await Promise.all(browsers.map((choice) => runBrowser(choice, singles.get(choice.launcher.name) ?? [], execution, teardown, launches)));
    await runPairs(pairs, sessions, execution);
  } finally {
    await teardown.unwind();
  }
  const order = compareCells(matrix);
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
      browsers: browsers.map((b) => sessions.find((s) => s.name === b.launcher.name)?.launched?.identity ?? unstartedIdentity(b.launcher.name)),
      scenario,
      iceServers: context.iceServers.map(describeEntry),
    }),
    matrix,
    ...(options.shard ? { shard: options.shard } : {}),
    ...(nat ? { nat: redactor.value(await nat) } : {}),
    results: [...results].sort((a, b) => order(cellOf(a), cellOf(b))),
  };
  await options.reporter.onRunEnd?.(run);
  return run;
}

async function runBrowser(
  choice: BrowserChoice,
  tasks: readonly Task<ProbeSpec>[],
  execution: Execution,
  teardown: TeardownStack,
  launches: Barrier,
): Promise<Session> {
  const { options } = execution;
  const session: Session = { name: choice.launcher.name, launched: null, unavailable: null };
  try {
    const trusted = options.trustedAuthorityFiles ?? [];
    session.launched = await choice.launcher.launch(trusted.length ? { ...choice.request, trustedAuthorityFiles: trusted } : choice.request);
  } catch (error) {
    session.unavailable = `${choice.launcher.displayName} did not start: ${errorMessage(error)}`;
    await launches.arrive();
    for (const task of tasks) await execution.record(errorResult(task, execution, identityOf(session), session.unavailable, 0));
    return session;
  }
  const launched = session.launched;
  teardown.push(`close ${session.name}`, () => launched.close());
  await options.reporter.onBrowserReady?.({ name: session.name, version: launched.identity.version });
  // Closing at once on abort stops the probe in flight instead of waiting for its timeout.
  options.signal?.addEventListener('abort', () => void launched.close(), { once: true });
  // Probes wait until every browser is up: a browser still launching (Firefox takes longest)
  // would share the cores with this one's probe pages, and its launch is on its own probes'
  // critical path, so the run as a whole would end later.
  await launches.arrive();
  const recordings = new SharedRecordings(launched, execution);
  const runTask = async (task: Task<ProbeSpec>) => {
    if (options.signal?.aborted) return;
    if (session.unavailable !== null) {
      await execution.record(errorResult(task, execution, launched.identity, session.unavailable, 0));
      return;
    }
    const probe = async () => {
      await options.reporter.onProbeBegin?.({ probe: task.spec.id, browser: session.name, adapter: task.adapter });
      return runProbe(task, launched, execution, recordings);
    };
    const result = await (task.spec.exclusive ? execution.exclusive.run(probe) : probe());
    if (options.signal?.aborted) return;
    if (!launched.connected) session.unavailable ??= `not run: ${session.name} exited earlier, during ${task.spec.id}`;
    await execution.record(result);
  };
  const sideBySide = tasks.filter(runsSideBySide);
  const beside = Promise.all(sideBySide.map(runTask));
  for (const task of tasks.filter((t) => !runsSideBySide(t))) await runTask(task);
  await beside;
  return session;
}

const runsSideBySide = (task: Task<ProbeSpec>) => task.spec.sideBySide === true && task.spec.exclusive !== true;

/** The pair probes, each for its ordered pair of browsers (a browser paired with itself too). */
async function runPairs(tasks: readonly PairTask[], sessions: readonly Session[], execution: Execution): Promise<void> {
  const byName = new Map(sessions.map((s) => [s.name, s]));
  for (const task of tasks) {
    const offerer = byName.get(task.offerer)!;
    const answerer = byName.get(task.answerer)!;
    if (execution.options.signal?.aborted) return;
    await execution.options.reporter.onProbeBegin?.({ probe: task.spec.id, browser: `${offerer.name}→${answerer.name}`, adapter: task.adapter });
    const unavailable = [offerer, answerer].find((s) => !s.launched?.connected);
    const result = unavailable
      ? errorResult(
          task,
          execution,
          identityOf(offerer),
          unavailable.unavailable ?? `not run: ${unavailable.name} is not running`,
          0,
          undefined,
          identityOf(answerer),
        )
      : await runPair(task, offerer.launched!, answerer.launched!, execution);
    if (execution.options.signal?.aborted) return;
    for (const session of [offerer, answerer]) {
      if (session.launched && !session.launched.connected) session.unavailable ??= `not run: ${session.name} exited earlier, during ${task.spec.id}`;
    }
    await execution.record(result);
  }
}

/** A page of one probe in a fresh page of `launched`, booted and ready for calls. */
interface ProbePage {
  caller: PageCaller;
  /** What the page kit recorded instead of running the page (a missing API, a profile's gap), or null. */
  notRun: unknown;
}

/** Page side: waits for the page kit's bridge, then says how the boot went. */
async function bridgeState(): Promise<{ loadError: string | null; notRun: unknown }> {
  while (window.__harness === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
  const bridge = window.__harness;
  return { loadError: bridge.ready ? null : (bridge.loadError ?? 'page kit did not start'), notRun: bridge.notRun ?? null };
}

async function openProbePage(launched: LaunchedBrowser, url: string, opened: BrowserPage[]): Promise<ProbePage> {
  const page = await launched.newPage();
  opened.push(page);
  await page.goto(url);
  const { loadError, notRun } = await page.evaluate(bridgeState);
  if (loadError !== null) throw new Error(`probe page failed to load: ${loadError}`);
  return {
    notRun,
    caller: {
      browser: launched.identity.name,
      call: <T>(fn: string, arg?: unknown) => page.evaluate((name: string, a: unknown) => window.__harness!.call!(name, a), fn, arg) as Promise<T>,
    },
  };
}

/** The page's `run`, or what the page kit recorded instead of running it. */
function runPage(page: ProbePage, params: unknown): Promise<unknown> {
  return page.notRun !== null ? Promise.resolve(page.notRun) : page.caller.call('run', params);
}

/**
 * Runs `work` with the probe's time limit, against the browsers going away; closes every
 * context it opened; turns any failure into an `error` result naming the real cause.
 */
async function guarded(
  task: Task<AnyProbeSpec>,
  execution: Execution,
  browsers: readonly LaunchedBrowser[],
  work: (opened: BrowserPage[]) => Promise<unknown>,
  peer?: BrowserIdentity,
): Promise<ProbeResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const identity = browsers[0]!.identity;
  const gone = Promise.race(browsers.map((b) => b.gone.then(() => b))).then((lost) => {
    throw new Error(lostReason(lost));
  });
  gone.catch(() => undefined);
  const opened: BrowserPage[] = [];
  try {
    const raw = await withTimeout(Promise.race([gone, work(opened)]), execution.options.timeoutMs ?? task.spec.timeoutMs, task.spec.id);
    return judgedResult(task.spec, cellFor(task, execution, identity, peer), raw, elapsed());
  } catch (error) {
    // A killed browser first shows up as protocol errors ("Target closed"); name the real cause.
    const lost =
      browsers.find((b) => !b.connected) ?? (await Promise.race([gone.catch(() => browsers.find((b) => !b.connected)), sleep(1_000).then(() => undefined)]));
    const reason = lost ? lostReason(lost) : errorMessage(error);
    return errorResult(task, execution, identity, reason, elapsed(), undefined, peer);
  } finally {
    // A page that hangs on close (the probe is still stuck) must not hold up the run.
    await Promise.all(opened.map((p) => withTimeout(p.close(), 5_000, 'closing the probe page').catch(() => undefined)));
  }
}

/**
 * What probes with a `pick` share in one browser: each recording made once, in its own page, by
 * page module, adapter mode and params; every probe that asks for it waits for the same one.
 */
class SharedRecordings {
  readonly #made = new Map<string, Promise<unknown>>();

  constructor(
    private readonly launched: LaunchedBrowser,
    private readonly execution: Execution,
  ) {}

  of(task: Task<ProbeSpec>, params: unknown): Promise<unknown> {
    const key = JSON.stringify([task.spec.pageModule, task.adapter, params]);
    let recording = this.#made.get(key);
    if (!recording) {
      recording = this.#record(task, params);
      this.#made.set(key, recording);
    }
    return recording;
  }

  /** Bounded by the first asking probe's time limit like any page run; its context is closed however it ends. */
  async #record(task: Task<ProbeSpec>, params: unknown): Promise<unknown> {
    const opened: BrowserPage[] = [];
    const record = async () => {
      const page = await openProbePage(this.launched, this.execution.server.probeUrl(task.spec.id, task.adapter, this.launched.pageProfile), opened);
      return page.caller.call('run', params);
    };
    try {
      return await withTimeout(record(), this.execution.options.timeoutMs ?? task.spec.timeoutMs, `${task.spec.id} (the recording it shares)`);
    } finally {
      await Promise.all(opened.map((p) => withTimeout(p.close(), 5_000, 'closing the shared recording page').catch(() => undefined)));
    }
  }
}

function runProbe(task: Task<ProbeSpec>, launched: LaunchedBrowser, execution: Execution, recordings: SharedRecordings): Promise<ProbeResult> {
  const params = task.spec.params ? task.spec.params(execution.context) : task.spec.defaultParams;
  const { pick } = task.spec;
  return guarded(task, execution, [launched], async (opened) => {
    if (pick) return pick(await recordings.of(task, params), params);
    return runPage(await openProbePage(launched, execution.server.probeUrl(task.spec.id, task.adapter, launched.pageProfile), opened), params);
  });
}

function runPair(task: Task<PairProbeSpec>, offerer: LaunchedBrowser, answerer: LaunchedBrowser, execution: Execution): Promise<ProbeResult> {
  // Each side's page boots the way its own browser's profile asks (edge-ortc: the ORTC layer).
  const urlFor = (launched: LaunchedBrowser) => execution.server.probeUrl(task.spec.id, task.adapter, launched.pageProfile);
  const browsers = offerer === answerer ? [offerer] : [offerer, answerer];
  return guarded(
    task,
    execution,
    browsers,
    async (opened) => {
      const [a, b] = await Promise.all([openProbePage(offerer, urlFor(offerer), opened), openProbePage(answerer, urlFor(answerer), opened)]);
      // A side that cannot run the page (a missing API) makes the pair a skip: its record is the raw data.
      return a.notRun ?? b.notRun ?? task.spec.exchange(a.caller, b.caller);
    },
    answerer.identity,
  );
}

function lostReason(lost: LaunchedBrowser): string {
  return lost.goneReason ?? `${lost.identity.name} exited during the probe (crashed or was killed)`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function cellFor(task: Task<AnyProbeSpec>, execution: Execution, browser: BrowserIdentity, peer?: BrowserIdentity): ResultCell {
  return { browser, ...(peer ? { peer } : {}), scenario: execution.scenario, adapter: task.adapter };
}

function errorResult(
  task: Task<AnyProbeSpec>,
  execution: Execution,
  browser: BrowserIdentity,
  reason: string,
  durationMs: number,
  raw?: unknown,
  peer?: BrowserIdentity,
): ProbeResult {
  return probeErrorResult(task.spec, cellFor(task, execution, browser, peer), reason, durationMs, raw);
}
