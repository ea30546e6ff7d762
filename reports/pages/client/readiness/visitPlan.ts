// What a visit to `serve` runs in the visitor's browser: the probes of `check`, a short camera
// and microphone check, the two measurements that push a call through the server's relay
// (a relayed call crosses the visitor's network both ways, as test.webrtc.org's does), and a
// call to the server's media server and back (serve's Janus, through its proxy). Each
// probe is its registry spec with the very page function the CLI's page server serves for it.
import * as apiSurfacePage from '../../../../probes/api-surface/page.js';
import * as audioQualityPage from '../../../../probes/audio-quality/page.js';
import { DEFAULT_BURSTS, DEFAULT_THRESHOLDS as AUDIO_THRESHOLDS } from '../../../../probes/audio-quality/probe.js';
import type { AudioQualityRaw } from '../../../../probes/audio-quality/types.js';
import * as connectivityPage from '../../../../probes/connectivity/page.js';
import * as datachannelThroughputPage from '../../../../probes/datachannel-throughput/page.js';
import * as devicesPage from '../../../../probes/devices/page.js';
import * as getstatsBandwidthPage from '../../../../probes/getstats-bandwidth/page.js';
import type { BandwidthParams } from '../../../../probes/getstats-bandwidth/types.js';
import { DEFAULT_CASES } from '../../../../probes/gum-constraints/probe.js';
import * as gumConstraintsPage from '../../../../probes/gum-constraints/page.js';
import type { ThroughputParams } from '../../../../probes/datachannel-throughput/types.js';
import type { GumParams } from '../../../../probes/gum-constraints/types.js';
import * as iceSharedPage from '../../../../probes/ice-shared/page.js';
import { PROBES, findProbe } from '../../../../probes/index.js';
import type { JanusEndpoint } from '../../../../probes/page-kit/janusApi.js';
import * as serverEchoPage from '../../../../probes/server-echo/page.js';
import { serverEchoReadinessProbe } from '../../../../probes/server-echo/probe.js';
import type { ServerEchoParams } from '../../../../probes/server-echo/types.js';
import * as videoQualityPage from '../../../../probes/video-quality/page.js';
import { DEFAULT_THRESHOLDS as VIDEO_THRESHOLDS } from '../../../../probes/video-quality/probe.js';
import type { CameraCheckParams } from '../../../../probes/video-quality/types.js';
import { describeError } from '../../../../probes/page-kit/errors.js';
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
  'probes/server-echo/page.js': serverEchoPage.run as PageRun,
};

/** The visit's microphone check: how long the microphone is listened to. */
interface MicCheckParams {
  micMs: number;
}

/**
 * Page functions the visit calls instead of its module's `run`: the real camera and microphone
 * read directly (video-quality's cameraCheck: black and frozen frames; audio-quality's micCheck:
 * level and clipping), without the CLI's calls with a synthetic source. They are recorded as
 * those probes' results and judged by their own evaluate, so results.json stays the schema's
 * and the report shows them as in a CLI run.
 */
const VISIT_RUNS: Readonly<Record<string, PageRun>> = {
  'video-quality': (params) => videoQualityPage.cameraCheck(params as CameraCheckParams),
  // As audio-quality's run words a microphone that cannot be opened: a finding, not an error.
  'audio-quality': async (params) =>
    ({
      mic: await audioQualityPage.micCheck((params as MicCheckParams).micMs).catch((error: unknown) => ({ error: describeError(error) })),
      call: null,
      bursts: DEFAULT_BURSTS,
      thresholds: AUDIO_THRESHOLDS,
    }) satisfies AudioQualityRaw,
};

/**
 * Probes the CLI marks exclusive because they make a call, which in the visit only read the
 * camera or microphone (VISIT_RUNS): they use no network and may run beside a measurement.
 */
export const VISIT_DEVICE_ONLY: readonly string[] = Object.keys(VISIT_RUNS);

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
  // The camera (3 s) and microphone (2 s) checks follow the capture check in its lane, beside the call.
  [
    ['ice-candidates'],
    ['stun-reachability'],
    ['turn-reachability'],
    ['connectivity'],
    ['gum-constraints', 'video-quality', 'audio-quality'],
    ['getstats-bandwidth'],
  ],
  // Last, alone: the call to the media server measures the network as the relayed call does.
  [['server-echo']],
];

/** The visit's servers: the run context's, and serve's Janus proxy as the page reaches it. */
export interface VisitContext extends RunContext {
  /** SERVED_PATHS.janus with no secret (the proxy adds it); null: the server has no media server. */
  janus: JanusEndpoint | null;
}

/**
 * Params of the visit that differ from the CLI's, each with its reason; every other probe takes
 * its spec's `params(context)` (the visit's ICE servers) or `defaultParams`, as the runner does.
 */
const VISIT_PARAMS: Readonly<Record<string, (spec: ProbeSpec, context: VisitContext) => unknown>> = {
  // The short check: the cases any camera and microphone must grant. The full matrix (about
  // 30 cases) belongs to `run`; a visitor waits for the verdict.
  'gum-constraints': (spec) => ({ ...(spec.defaultParams as GumParams), cases: DEFAULT_CASES.filter((c) => c.basic) }) satisfies GumParams,
  // 2 s per channel instead of 3: the two channels, their connections and drains then fit in
  // the time a visitor takes to answer the prompt. The rate is judged from the first arrival
  // on, so the steady rate is still what is measured.
  'datachannel-throughput': (spec, context) => ({ ...(spec.params!(context) as ThroughputParams), durationMs: 2_000 }) satisfies ThroughputParams,
  // 12 s instead of 20: the call to the media server follows it, and the visitor's verdict
  // should come within half a minute. The rate is judged over the last third (4 s of samples).
  'getstats-bandwidth': (spec, context) => ({ ...(spec.params!(context) as BandwidthParams), durationMs: 12_000 }) satisfies BandwidthParams,
  // check's short capacity search (two 3 s steps), to serve's Janus through its proxy.
  'server-echo': (_spec, context) => ({ ...(serverEchoReadinessProbe.params!(context) as ServerEchoParams), janus: context.janus }) satisfies ServerEchoParams,
  // A camera needs no encoder ramp-up: half a second for its exposure to settle, then 2.5 s judged.
  'video-quality': () => ({ durationMs: 3_000, thresholds: { ...VIDEO_THRESHOLDS, warmupMs: 500 } }) satisfies CameraCheckParams,
  'audio-quality': () => ({ micMs: 2_000 }) satisfies MicCheckParams,
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
export function visitProbe(id: string, context: VisitContext): VisitProbe {
  const spec = single(id);
  const run = VISIT_RUNS[id] ?? PAGE_RUNS[spec.pageModule];
  if (!run) throw new Error(`${id}: its page module ${spec.pageModule} is not in the readiness page's bundle`);
  const params = VISIT_PARAMS[id]?.(spec, context) ?? (spec.params ? spec.params(context) : spec.defaultParams);
  return { spec, run, params, timeoutMs: VISIT_TIME_LIMITS_MS[id] ?? spec.timeoutMs };
}
