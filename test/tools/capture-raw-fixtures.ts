// Regenerates fixtures/raw/<probe>/*.json from the real browsers: `npm run fixtures:capture`.
// The unit tests of every evaluate() replay these files.
//  - <browser>-adapter-<off|on>.json: every probe, against an embedded coturn (pair probes:
//    <offerer>-to-<answerer>-adapter-<mode>.json);
//  - <browser>-<variant>.json: the ICE probes against broken setups (wrong credential,
//    nothing listening), the cases their verdicts exist for.
import { mkdtempSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BROWSERS, LAUNCHERS } from '../../harness/launchers/index.js';
import { PACKAGE_ROOT } from '../../harness/paths.js';
import type { RunResults } from '../../harness/results.js';
import { runMatrix } from '../../harness/runner.js';
import { startEmbeddedTurn } from '../../harness/turn/coturn.js';
import type { IceServerEntry } from '../../probes/page-kit/iceServers.js';
import { PROBES, usesIceServers } from '../../probes/index.js';
import type { AdapterMode, AnyProbeSpec } from '../../probes/types.js';
import { REPORTERS, ReporterMultiplexer } from '../../reports/index.js';

async function capture(probes: readonly AnyProbeSpec[], adapterModes: AdapterMode[], iceServers: IceServerEntry[], name: (browser: string, adapter: AdapterMode) => string): Promise<void> {
  const run: RunResults = await runMatrix({
    command: 'capture-raw-fixtures',
    browsers: DEFAULT_BROWSERS.map((b) => ({ launcher: LAUNCHERS[b]!, request: {} })),
    probes,
    adapterModes,
    outDir: mkdtempSync(join(tmpdir(), 'wh-capture-')),
    reporter: new ReporterMultiplexer([REPORTERS.terminal()]),
    context: { iceServers },
  });
  for (const result of run.results) {
    if (result.raw === undefined) {
      console.error(`no raw data for ${result.browser.name} ${result.probe}: ${result.reason ?? result.status}`);
      process.exitCode = 1;
      continue;
    }
    const dir = join(PACKAGE_ROOT, 'fixtures', 'raw', result.probe);
    await mkdir(dir, { recursive: true });
    // Pair probes: one file per ordered pair, named offerer-to-answerer.
    const browser = result.peer ? `${result.browser.name}-to-${result.peer.name}` : result.browser.name;
    const file = join(dir, `${name(browser, result.adapter)}.json`);
    await writeFile(file, `${JSON.stringify(result.raw, null, 2)}\n`);
    console.log(`wrote ${file}`);
  }
}

const turn = await startEmbeddedTurn();
try {
  await capture(PROBES, ['off', 'on'], turn.servers, (browser, adapter) => `${browser}-adapter-${adapter}`);
  const iceProbes = PROBES.filter(usesIceServers);
  const wrongCredential = turn.servers.map((s) => (s.credential === undefined ? s : { ...s, credential: 'not-the-credential' }));
  await capture(iceProbes, ['off'], wrongCredential, (browser) => `${browser}-wrong-credential`);
  // The TURN port plus one: coturn listens on neither UDP nor TCP there.
  const nothingListening = turn.servers.map((s) => ({ ...s, port: s.port + 1, url: s.url.replace(`:${s.port}`, `:${s.port + 1}`) }));
  await capture(iceProbes, ['off'], nothingListening, (browser) => `${browser}-nothing-listening`);
} finally {
  await turn.stop();
}
