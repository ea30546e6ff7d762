// Runs a visit in the visitor's browser: the probes of the visit plan, on its schedule, each
// bounded by its spec's time limit, judged by its spec (probes/probeResult.ts, as the CLI's
// runner judges), into a RunResults that validates against results.schema.json. No DOM: the
// page shows progress through the callbacks.
import { cellOf, compareCells } from '../../../../core/matrix.js';
import { type BrowserIdentity, type ProbeResult, RESULTS_SCHEMA_VERSION, type RunMatrix, type RunResults } from '../../../../core/results.js';
import { describeError } from '../../../../probes/page-kit/errors.js';
import { type IceServerEntry, describeEntry } from '../../../../probes/page-kit/iceServers.js';
import type { JanusEndpoint } from '../../../../probes/page-kit/janusApi.js';
import { type ResultCell, errorResult, judgedResult } from '../../../../probes/probeResult.js';
import type { PageContext, ProbeSpec } from '../../../../probes/types.js';
import { VISITOR_SCENARIO, VISIT_PROBE_IDS, VISIT_SCHEDULE, type VisitContext, type VisitProbe, visitProbe } from './visitPlan.js';
import type { VisitorBrowser } from './userAgent.js';

export interface VisitInput {
  /** The servers the visit tests, TURN credentials included: they reach the page functions, never the results. */
  iceServers: IceServerEntry[];
  /** serve's Janus proxy (it adds the API secret); null: the server has none, the media server check is a skip. */
  janus: JanusEndpoint | null;
  browser: VisitorBrowser;
  harnessVersion: string;
}

export interface VisitProgress {
  onProbeBegin(spec: ProbeSpec): void;
  onProbeEnd(result: ProbeResult): void;
}

/** No webrtc-adapter and no ORTC layer: the visitor's browser as it is (adapter mode `off`). */
const PAGE_CONTEXT: PageContext = { adapter: null, ortc: null };

/** What the environment says where a CLI run names its Node.js and adapter versions. */
const NO_NODE = 'none: the probes ran in the visitor’s browser';
const NO_ADAPTER = 'not loaded';

class TimeLimitExceeded extends Error {
  override readonly name = 'TimeLimitExceeded';
}

/** `work`, or a rejection after `ms`; the work itself cannot be stopped and is left to finish unseen. */
function withinLimit<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TimeLimitExceeded(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/**
 * Recordings several probes pick from (the ICE probes' one gathering), made once by page
 * module and params, as the runner's SharedRecordings does per browser.
 */
class Recordings {
  readonly #made = new Map<string, Promise<unknown>>();

  of(probe: VisitProbe): Promise<unknown> {
    const key = JSON.stringify([probe.spec.pageModule, probe.params]);
    let recording = this.#made.get(key);
    if (!recording) {
      recording = probe.run(probe.params, PAGE_CONTEXT);
      this.#made.set(key, recording);
    }
    return recording;
  }
}

async function runProbe(probe: VisitProbe, cell: ResultCell, recordings: Recordings): Promise<ProbeResult> {
  const { spec } = probe;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const { pick } = spec;
  const work = pick ? recordings.of(probe).then((recording) => pick(recording, probe.params)) : probe.run(probe.params, PAGE_CONTEXT);
  try {
    const raw = await withinLimit(work, probe.timeoutMs, spec.id);
    return judgedResult(spec, cell, raw, elapsed());
  } catch (error) {
    return errorResult(spec, cell, error instanceof TimeLimitExceeded ? error.message : describeError(error), elapsed());
  }
}

/** Every probe of the visit; resolves with the run once the last has ended (probes never reject: failures are results). */
export async function runVisit(input: VisitInput, progress: VisitProgress): Promise<RunResults> {
  const startedAt = new Date().toISOString();
  const context: VisitContext = { iceServers: input.iceServers, janus: input.janus };
  const browser: BrowserIdentity = input.browser.identity;
  const cell: ResultCell = { browser, scenario: VISITOR_SCENARIO, adapter: 'off' };
  const recordings = new Recordings();
  const results: ProbeResult[] = [];
  const lane = async (ids: readonly string[]) => {
    for (const id of ids) {
      const probe = visitProbe(id, context);
      progress.onProbeBegin(probe.spec);
      const result = await runProbe(probe, cell, recordings);
      results.push(result);
      progress.onProbeEnd(result);
    }
  };
  for (const stage of VISIT_SCHEDULE) await Promise.all(stage.map(lane));
  const matrix: RunMatrix = { browsers: [browser.name], probes: [...VISIT_PROBE_IDS], adapterModes: ['off'] };
  const order = compareCells(matrix);
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    command: 'serve',
    startedAt,
    finishedAt: new Date().toISOString(),
    interrupted: false,
    environment: {
      os: input.browser.os,
      node: NO_NODE,
      harnessVersion: input.harnessVersion,
      adapterVersion: NO_ADAPTER,
      browsers: [browser],
      scenario: VISITOR_SCENARIO,
      iceServers: input.iceServers.map(describeEntry),
    },
    matrix,
    results: results.sort((a, b) => order(cellOf(a), cellOf(b))),
  };
}
