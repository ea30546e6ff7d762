// What a visit to `serve` runs in the visitor's browser: the probes of `check`, a short camera
// and microphone check, and the two measurements that push a call through the server's relay
// (a relayed call crosses the visitor's network both ways, as test.webrtc.org's does). Each
// probe is its registry spec with the very page function the CLI's page server serves for it.
import * as apiSurfacePage from '../../../../probes/api-surface/page.js';
import * as connectivityPage from '../../../../probes/connectivity/page.js';
import * as datachannelThroughputPage from '../../../../probes/datachannel-throughput/page.js';
import * as devicesPage from '../../../../probes/devices/page.js';
import * as getstatsBandwidthPage from '../../../../probes/getstats-bandwidth/page.js';
import { DEFAULT_CASES } from '../../../../probes/gum-constraints/probe.js';
import * as gumConstraintsPage from '../../../../probes/gum-constraints/page.js';
import type { ThroughputParams } from '../../../../probes/datachannel-throughput/types.js';
import type { GumParams } from '../../../../probes/gum-constraints/types.js';
import * as iceSharedPage from '../../../../probes/ice-shared/page.js';
import { PROBES, findProbe } from '../../../../probes/index.js';
import { type AnyProbeSpec, type PageContext, type ProbeSpec, type RunContext, isPairProbe } from '../../../../probes/types.js';

/** A page module's `run`, as the page kit calls it (probes/page-kit/bootstrap.ts). */
export type PageRun = (params: unknown, context: PageContext) => Promise<unknown>;

/** Results of a visit say where they ran: the visitor's own network, whatever it is. */
export const VISITOR_SCENARIO = 'visitor';

/**
 * The page modules of the visit by the path a spec names (ProbeSpec.pageModule): one bundle
 * holds them all, so the page needs no module server. The ICE probes share one gathering.
 */
const PAGE_RUNS: Readonly<Record<string, PageRun>> = {
  'probes/api-surface/page.js': apiSurfacePage.run as PageRun,
  'probes/devices/page.js': devicesPage.run as PageRun,
  'probes/gum-constraints/page.js': gumConstraintsPage.run as PageRun,
  'probes/ice-shared/page.js': iceSharedPage.run as PageRun,
  'probes/connectivity/page.js': connectivityPage.run as PageRun,
  'probes/getstats-bandwidth/page.js': getstatsBandwidthPage.run as PageRun,
  'probes/datachannel-throughput/page.js': datachannelThroughputPage.run as PageRun,
};

/**
 * When each probe runs: stages one after the other; in a stage, lanes at the same time; in a
 * lane, probes in turn. Like the runner in one browser, the side-by-side probes (one shared
 * gathering, connectivity) run beside the rest, and the exclusive ones (they measure the
 * network) never beside each other. Unlike it, the visit packs them so the visitor has a
 * verdict within half a minute: the 20 s call is the critical path, so the data channel
 * measurement runs while the camera/microphone prompt waits for the visitor (it needs no
 * permission, and nothing else uses the network then), and the capture check runs beside the
 * call (capturing uses no network).
 */
export const VISIT_SCHEDULE: readonly (readonly (readonly string[])[])[] = [
  // First: devices asks for the camera and microphone, the prompt the page announced, before
  // anything else captures; gathering waits too, since without that permission browsers hide
  // the host addresses behind mDNS names.
  [['api-surface', 'devices'], ['datachannel-throughput']],
  [['ice-candidates'], ['stun-reachability'], ['turn-reachability'], ['connectivity'], ['gum-constraints'], ['getstats-bandwidth']],
];

/**
 * Params of the visit that differ from the CLI's, each with its reason; every other probe takes
 * its spec's `params(context)` (the visit's ICE servers) or `defaultParams`, as the runner does.
 */
const VISIT_PARAMS: Readonly<Record<string, (spec: ProbeSpec, context: RunContext) => unknown>> = {
  // The short check: the cases any camera and microphone must grant. The full matrix (about
  // 30 cases) belongs to `run`; a visitor waits for the verdict.
  'gum-constraints': (spec) => ({ ...(spec.defaultParams as GumParams), cases: DEFAULT_CASES.filter((c) => c.basic) }) satisfies GumParams,
  // 2 s per channel instead of 3: the two channels, their connections and drains then fit in
  // the time a visitor takes to answer the prompt. The rate is judged from the first arrival
  // on, so the steady rate is still what is measured.
  'datachannel-throughput': (spec, context) => ({ ...(spec.params!(context) as ThroughputParams), durationMs: 2_000 }) satisfies ThroughputParams,
};

/**
 * Time limits of the visit that differ from the spec's: the CLI's browsers grant permission by
 * flag at once, a visitor reads the prompt first.
 */
const VISIT_TIME_LIMITS_MS: Readonly<Record<string, number>> = { devices: 120_000 };

export interface VisitProbe {
  spec: ProbeSpec;
  run: PageRun;
  params: unknown;
  timeoutMs: number;
}

/** The visit's probes in the registry's order (the order of the report's rows). */
export const VISIT_PROBE_IDS: readonly string[] = PROBES.map((p) => p.id).filter((id) => VISIT_SCHEDULE.flat(2).includes(id));

function single(id: string): ProbeSpec {
  const spec: AnyProbeSpec | undefined = findProbe(id);
  if (!spec || isPairProbe(spec)) throw new Error(`the visit schedule names ${id}, which is no single-browser probe of the registry`);
  return spec;
}

/** Each probe of the visit, ready to run against the servers in `context`. */
export function visitProbe(id: string, context: RunContext): VisitProbe {
  const spec = single(id);
  const run = PAGE_RUNS[spec.pageModule];
  if (!run) throw new Error(`${id}: its page module ${spec.pageModule} is not in the readiness page's bundle`);
  const params = VISIT_PARAMS[id]?.(spec, context) ?? (spec.params ? spec.params(context) : spec.defaultParams);
  return { spec, run, params, timeoutMs: VISIT_TIME_LIMITS_MS[id] ?? spec.timeoutMs };
}
