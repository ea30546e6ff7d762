// Regenerates fixtures/raw/<probe>/*.json from the real browsers: `npm run fixtures:capture`.
// The unit tests of every evaluate() replay these files.
//  - <browser>-adapter-<off|on>.json: every probe, against an embedded coturn (pair probes:
//    <offerer>-to-<answerer>-adapter-<mode>.json);
//  - <browser>-<variant>.json: the ICE probes against broken setups (wrong credential,
//    nothing listening), the cases their verdicts exist for.
// With --edge-ortc it captures the edge-ortc column alone, every file named edge-ortc-*:
// edge-ortc-adapter-off.json, edge-ortc-nothing-listening.json, and for pair probes
// edge-ortc-to-<answerer>.json and edge-ortc-from-<offerer>.json (the Edge shim answering).
import { mkdtempSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BROWSERS, LAUNCHERS } from '../../harness/launchers/index.js';
import { PACKAGE_ROOT } from '../../harness/paths.js';
import type { ProbeResult, RunResults } from '../../harness/results.js';
import { runMatrix } from '../../harness/runner.js';
import { startEmbeddedTurn } from '../../harness/turn/coturn.js';
import type { IceServerEntry } from '../../probes/page-kit/iceServers.js';
import { PROBES, usesIceServers } from '../../probes/index.js';
import { isOrtcNotRun } from '../../probes/page-kit/ortc/notRun.js';
import { type AdapterMode, type AnyProbeSpec, isPairProbe } from '../../probes/types.js';
import { REPORTERS, ReporterMultiplexer } from '../../reports/index.js';

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

async function capture(browsers: readonly string[], probes: readonly AnyProbeSpec[], adapterModes: AdapterMode[], iceServers: IceServerEntry[], name: Namer): Promise<void> {
  const run: RunResults = await runMatrix({
    command: 'capture-raw-fixtures',
    browsers: browsers.map((b) => ({ launcher: LAUNCHERS[b]!, request: {} })),
    probes,
    adapterModes,
    outDir: mkdtempSync(join(tmpdir(), 'wh-capture-')),
    reporter: new ReporterMultiplexer([REPORTERS.terminal()]),
    context: { iceServers },
  });
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

const turn = await startEmbeddedTurn();
try {
  const iceProbes = PROBES.filter(usesIceServers);
  // The TURN port plus one: coturn listens on neither UDP nor TCP there.
  const nothingListening = turn.servers.map((s) => ({ ...s, port: s.port + 1, url: s.url.replace(`:${s.port}`, `:${s.port + 1}`) }));
  if (process.argv.includes('--edge-ortc')) {
    // Pair probes need the other browsers as peers; single probes run in the edge-ortc column alone.
    await capture(['edge-ortc'], PROBES.filter((p) => !isPairProbe(p)), ['off'], turn.servers, edgeOrtcNamer('adapter-off'));
    await capture([...DEFAULT_BROWSERS, 'edge-ortc'], PROBES.filter(isPairProbe), ['off'], turn.servers, edgeOrtcNamer('adapter-off'));
    await capture(['edge-ortc'], iceProbes, ['off'], nothingListening, edgeOrtcNamer('nothing-listening', true));
  } else {
    await capture(DEFAULT_BROWSERS, PROBES, ['off', 'on'], turn.servers, byParticipants((adapter) => `adapter-${adapter}`));
    const wrongCredential = turn.servers.map((s) => (s.credential === undefined ? s : { ...s, credential: 'not-the-credential' }));
    await capture(DEFAULT_BROWSERS, iceProbes, ['off'], wrongCredential, byParticipants(() => 'wrong-credential'));
    await capture(DEFAULT_BROWSERS, iceProbes, ['off'], nothingListening, byParticipants(() => 'nothing-listening'));
  }
} finally {
  await turn.stop();
}
