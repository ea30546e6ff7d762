// Regenerates fixtures/raw/<probe>/<browser>-adapter-<mode>.json from the real browsers:
// `npm run fixtures:capture`. The unit tests of every evaluate() replay these files.
import { mkdtempSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BROWSERS, LAUNCHERS } from '../../harness/launchers/index.js';
import { PACKAGE_ROOT } from '../../harness/paths.js';
import { runMatrix } from '../../harness/runner.js';
import { PROBES } from '../../probes/index.js';
import { REPORTERS, ReporterMultiplexer } from '../../reports/index.js';

const run = await runMatrix({
  command: 'capture-raw-fixtures',
  browsers: DEFAULT_BROWSERS.map((name) => ({ launcher: LAUNCHERS[name]!, request: {} })),
  probes: PROBES,
  adapterModes: ['off', 'on'],
  outDir: mkdtempSync(join(tmpdir(), 'wh-capture-')),
  reporter: new ReporterMultiplexer([REPORTERS.terminal()]),
});
for (const result of run.results) {
  if (result.raw === undefined) {
    console.error(`no raw data for ${result.browser.name} ${result.probe} (adapter ${result.adapter}): ${result.reason ?? result.status}`);
    process.exitCode = 1;
    continue;
  }
  const dir = join(PACKAGE_ROOT, 'fixtures', 'raw', result.probe);
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${result.browser.name}-adapter-${result.adapter}.json`);
  await writeFile(file, `${JSON.stringify(result.raw, null, 2)}\n`);
  console.log(`wrote ${file}`);
}
