// Regenerates fixtures/nat/*.json (root): what the harness's RFC 5780 client recorded against
// the embedded coturn in each scenario that shows a NAT class, and against the single-address
// loopback coturn (no RFC 5780). core/natBehaviour.test.ts replays them.
//   node dist/test/tools/capture-nat-fixtures.js
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { discoverNatBehind } from '../../harness/nat/discover.js';
import { startEmbeddedTurn } from '../../harness/turn/coturn.js';
import { PACKAGE_ROOT } from '../../reports/paths.js';
import { harnessDiscovery, inScenario } from '../support/natInScenario.js';

const DIR = join(PACKAGE_ROOT, 'fixtures', 'nat');
const save = (name: string, data: unknown) => writeFile(join(DIR, `${name}.json`), `${JSON.stringify(data, null, 2)}\n`);

for (const scenario of ['open', 'nat', 'symmetric-nat', 'full-cone-nat', 'dual-stack']) {
  await save(scenario, await inScenario(scenario, ({ client, stunUrls }) => harnessDiscovery(client, stunUrls)));
}
const turn = await startEmbeddedTurn();
try {
  await save('loopback-single-address', await discoverNatBehind(turn.servers.filter((s) => s.scheme === 'stun')));
} finally {
  await turn.stop();
}
