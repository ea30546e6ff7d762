// Regenerates fixtures/raw/<probe>/*.json from the real browsers: `npm run fixtures:capture`.
// The unit tests of every evaluate() replay these files.
//  - <browser>-adapter-<off|on>.json: every probe, against an embedded coturn (pair probes:
//    <offerer>-to-<answerer>-adapter-<mode>.json);
//  - <browser>-<variant>.json: the ICE probes against broken setups (wrong credential,
//    nothing listening), the cases their verdicts exist for.
// With --edge-ortc it captures the edge-ortc column alone, every file named edge-ortc-*:
// edge-ortc-adapter-off.json, edge-ortc-nothing-listening.json, and for pair probes
// edge-ortc-to-<answerer>.json and edge-ortc-from-<offerer>.json (the Edge shim answering).
// The other options each record one setup that the default run does not cover:
//   --scenario NAME       the probes that measure the network (exclusive ones) inside a network
//                         scenario, as `run --scenario NAME` builds it (root), with the embedded
//                         coturn and Janus: <browser>-<NAME>.json
//   --turns-cases         turn-reachability against five turns: coturns at once (test/support/turnsCases:
//                         trusted, untrusted, name mismatch, expired, TLS 1.2 refused), the browsers
//                         trusting the cases' authority: <browser>-turns-certificate-cases.json
//   --janus               server-echo on loopback against the embedded Janus (<browser>-loopback.json),
//                         with a wrong API secret (<browser>-secret-refused.json) and against a port
//                         where nothing listens (<browser>-nothing-listening.json)
//   --blocked-port        Firefox's turn-reachability against turn: URLs on port 9 (discard), which
//                         it refuses as a blocked port: firefox-turn-port-9.json
//   --probe ID            with --scenario: only these probes (repeatable), so one probe's fixtures
//                         are recorded without rewriting the others'
//   --quality             video-quality and audio-quality against an embedded coturn:
//                         <browser>-adapter-off.json, and video-quality with the test sources that
//                         must fail: <browser>-frozen-source.json, <browser>-black-source.json
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runWithReporters } from '../../harness/commands/common.js';
import { DEFAULT_BROWSERS, LAUNCHERS } from '../../harness/launchers/index.js';
import { PACKAGE_ROOT } from '../../reports/paths.js';
import type { ProbeResult, RunResults } from '../../core/results.js';
import { runMatrix } from '../../harness/runner.js';
import { type EmbeddedTurn, type EmbeddedTurnOptions, startEmbeddedTurn } from '../../harness/turn/coturn.js';
import type { IceServerEntry } from '../../probes/page-kit/iceServers.js';
import { PROBES, usesIceServers, usesMediaServer } from '../../probes/index.js';
import { isOrtcNotRun } from '../../probes/page-kit/ortc/notRun.js';
import type { AdapterMode } from '../../core/results.js';
import { type AnyProbeSpec, isPairProbe, type MediaServerContext } from '../../probes/types.js';
import { startEmbeddedJanus } from '../../harness/janus/janus.js';
import { freeUdpTcpPort } from '../../harness/network/freePort.js';
import { LOOPBACK_NETWORK } from '../../harness/network/placement.js';
import { REPORTERS, ReporterMultiplexer } from '../../reports/index.js';
import { TURNS_CASES, startTurnsCases } from '../support/turnsCases.js';
import { videoQualityWithSource } from '../support/qualitySources.js';

/** A fixture's file name (without .json) for a result, or null to leave the result out. */
type Namer = (result: ProbeResult) => string | null;

/** `<browser>-<suffix>`, pair probes `<offerer>-to-<answerer>-<suffix>`. */
const byParticipants =
  (suffix: (adapter: AdapterMode) => string): Namer =>
  (result) =>
    `${result.peer ? `${result.browser.name}-to-${result.peer.name}` : result.browser.name}-${suffix(result.adapter)}`;

/**
 * edge-ortc-<variant>; pairs edge-ortc-to-<answerer> / edge-ortc-from-<offerer>. Left out: results
 * without edge-ortc, and with `measuredOnly` the probes that did not measure in that column.
 */
const edgeOrtcNamer =
  (variant: string, measuredOnly = false): Namer =>
  ({ browser, peer, raw }) => {
    if (measuredOnly && isOrtcNotRun(raw)) return null;
    if (!peer) return browser.name === 'edge-ortc' ? `edge-ortc-${variant}` : null;
    if (browser.name === 'edge-ortc') return `edge-ortc-to-${peer.name}`;
    return peer.name === 'edge-ortc' ? `edge-ortc-from-${browser.name}` : null;
  };

/** Writes each result's raw data to fixtures/raw/<probe>/<name>.json; a result without raw data fails the capture. */
async function writeRaw(run: RunResults, name: Namer): Promise<void> {
  for (const result of run.results) {
    const fileName = name(result);
    if (fileName === null) continue;
    if (result.raw === undefined) {
      console.error(`no raw data for ${result.browser.name} ${result.probe}: ${result.reason ?? result.status}`);
      process.exitCode = 1;
      continue;
    }
    const dir = join(PACKAGE_ROOT, 'fixtures', 'raw', result.probe);
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${fileName}.json`);
    await writeFile(file, `${JSON.stringify(result.raw, null, 2)}\n`);
    console.log(`wrote ${file}`);
  }
}

async function capture(
  browsers: readonly string[],
  probes: readonly AnyProbeSpec[],
  adapterModes: AdapterMode[],
  iceServers: IceServerEntry[],
  name: Namer,
  trustedAuthorityFiles: readonly string[] = [],
  mediaServer?: MediaServerContext,
): Promise<void> {
  const run: RunResults = await runMatrix({
    command: 'capture-raw-fixtures',
    browsers: browsers.map((b) => ({ launcher: LAUNCHERS[b]!, request: {} })),
    probes,
    adapterModes,
    outDir: mkdtempSync(join(tmpdir(), 'wh-capture-')),
    reporter: new ReporterMultiplexer([REPORTERS.terminal()]),
    context: { iceServers, ...(mediaServer ? { mediaServer } : {}) },
    trustedAuthorityFiles,
  });
  await writeRaw(run, name);
}

/**
 * Inside a scenario the browsers run in its client namespace and coturn on its public side,
 * which `run --scenario` sets up (and tears down): the capture goes through the same code.
 */
async function captureInScenario(scenario: string): Promise<void> {
  const { run } = await runWithReporters({
    command: 'capture-raw-fixtures',
    args: ['--scenario', scenario],
    values: { scenario, out: mkdtempSync(join(tmpdir(), 'wh-capture-')) },
    probes: PROBES.filter((p) => !isPairProbe(p) && p.exclusive === true && (options.probe === undefined || options.probe.includes(p.id))),
    adapterModes: ['off'],
    progress: process.stdout,
    testsIceServers: true,
    testsMediaServer: true,
  });
  await writeRaw(
    run,
    byParticipants(() => scenario),
  );
}

/** The same servers at another port (coturn's own port in `url` included). */
const atPort = (servers: readonly IceServerEntry[], port: number): IceServerEntry[] =>
  servers.map((s) => ({ ...s, port, url: s.url.replace(`:${s.port}`, `:${port}`) }));

const { values: options } = parseArgs({
  options: {
    'edge-ortc': { type: 'boolean' },
    scenario: { type: 'string' },
    probe: { type: 'string', multiple: true },
    'turns-cases': { type: 'boolean' },
    'blocked-port': { type: 'boolean' },
    quality: { type: 'boolean' },
    janus: { type: 'boolean' },
  },
});

/** Runs `use` with an embedded coturn on loopback, stopped whatever happens. */
async function withTurn(turnOptions: EmbeddedTurnOptions, use: (turn: EmbeddedTurn) => Promise<void>): Promise<void> {
  const turn = await startEmbeddedTurn(turnOptions);
  try {
    await use(turn);
  } finally {
    await turn.stop();
  }
}

const turnReachability = PROBES.filter((p) => p.id === 'turn-reachability');
const iceProbes = PROBES.filter(usesIceServers);

if (options.scenario !== undefined) {
  await captureInScenario(options.scenario);
} else if (options.quality) {
  await withTurn({}, async (turn) => {
    const quality = PROBES.filter((p) => p.id === 'video-quality' || p.id === 'audio-quality');
    await capture(
      DEFAULT_BROWSERS,
      quality,
      ['off'],
      turn.servers,
      byParticipants((adapter) => `adapter-${adapter}`),
    );
    // Under the registered id, so the recordings land beside the probe's others.
    for (const source of ['frozen-after-ms', 'black'] as const) {
      const probe = { ...videoQualityWithSource(source), id: 'video-quality' };
      await capture(
        DEFAULT_BROWSERS,
        [probe as AnyProbeSpec],
        ['off'],
        turn.servers,
        byParticipants(() => (source === 'black' ? 'black-source' : 'frozen-source')),
      );
    }
  });
} else if (options.janus) {
  const serverEcho = PROBES.filter((p) => p.id === 'server-echo');
  const janus = await startEmbeddedJanus(LOOPBACK_NETWORK.mediaServer);
  try {
    const context: MediaServerContext = { upstreamUrl: janus.apiUrl, label: janus.apiUrl, apiSecret: janus.apiSecret };
    await withTurn({}, (turn) =>
      capture(
        DEFAULT_BROWSERS,
        serverEcho,
        ['off'],
        turn.servers,
        byParticipants(() => 'loopback'),
        [],
        context,
      ),
    );
    await capture(
      DEFAULT_BROWSERS,
      serverEcho,
      ['off'],
      [],
      byParticipants(() => 'secret-refused'),
      [],
      { ...context, apiSecret: 'not-the-api-secret' },
    );
    const nowhere = `http://127.0.0.1:${await freeUdpTcpPort('127.0.0.1')}/janus`;
    await capture(
      DEFAULT_BROWSERS,
      serverEcho,
      ['off'],
      [],
      byParticipants(() => 'nothing-listening'),
      [],
      { upstreamUrl: nowhere, label: nowhere, apiSecret: 'x' },
    );
  } finally {
    await janus.stop();
  }
} else if (options['turns-cases']) {
  const cases = await startTurnsCases(randomBytes(12).toString('hex'));
  try {
    await capture(
      DEFAULT_BROWSERS,
      turnReachability,
      ['off'],
      TURNS_CASES.map((name) => cases.servers[name]),
      byParticipants(() => 'turns-certificate-cases'),
      [cases.authorityFile],
    );
  } finally {
    await cases.stop();
  }
} else if (options['blocked-port']) {
  // Firefox, whose blocked-port list refuses the URL before gathering. The run's real
  // credentials, so the refusal is the only thing wrong with these servers.
  await withTurn({}, (turn) =>
    capture(
      ['firefox'],
      turnReachability,
      ['off'],
      atPort(
        turn.servers.filter((s) => s.scheme === 'turn'),
        9,
      ),
      byParticipants(() => 'turn-port-9'),
    ),
  );
} else if (options['edge-ortc']) {
  await withTurn({}, async (turn) => {
    // Pair probes need the other browsers as peers; single probes run in the edge-ortc column alone.
    await capture(
      ['edge-ortc'],
      PROBES.filter((p) => !isPairProbe(p)),
      ['off'],
      turn.servers,
      edgeOrtcNamer('adapter-off'),
    );
    await capture([...DEFAULT_BROWSERS, 'edge-ortc'], PROBES.filter(isPairProbe), ['off'], turn.servers, edgeOrtcNamer('adapter-off'));
    // The TURN port plus one: coturn listens on neither UDP nor TCP there.
    await capture(['edge-ortc'], iceProbes, ['off'], atPort(turn.servers, turn.port + 1), edgeOrtcNamer('nothing-listening', true));
  });
} else {
  await withTurn({}, async (turn) => {
    await capture(
      DEFAULT_BROWSERS,
      // server-echo needs a Janus: --janus records it.
      PROBES.filter((p) => !usesMediaServer(p)),
      ['off', 'on'],
      turn.servers,
      byParticipants((adapter) => `adapter-${adapter}`),
    );
    const wrongCredential = turn.servers.map((s) => (s.credential === undefined ? s : { ...s, credential: 'not-the-credential' }));
    await capture(
      DEFAULT_BROWSERS,
      iceProbes,
      ['off'],
      wrongCredential,
      byParticipants(() => 'wrong-credential'),
    );
    await capture(
      DEFAULT_BROWSERS,
      iceProbes,
      ['off'],
      atPort(turn.servers, turn.port + 1),
      byParticipants(() => 'nothing-listening'),
    );
  });
}
