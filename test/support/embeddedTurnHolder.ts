// A stand-in for a harness run, for the coturn-lifetime e2e tests: starts the embedded coturn
// (in a scenario's public namespace with `--scenario NAME`, plus a process parked in the client
// namespace like a browser), prints what it made as one JSON line, then either holds until it is
// killed (`hold`) or tears everything down and exits (`once`, a clean "next start").
// Usage: node dist/test/support/embeddedTurnHolder.js hold|once [--scenario NAME]
import { spawn } from 'node:child_process';
import { embeddedTurnAt } from '../../harness/commands/iceOptions.js';
import { buildScenario } from '../../harness/network/netns.js';
import { findScenario } from '../../harness/network/scenarios.js';
import { TeardownStack } from '../../harness/teardown.js';
import { startEmbeddedTurn } from '../../harness/turn/coturn.js';

export interface HeldTurn {
  namespaces: string[];
  port: number;
}

const [mode, flag, scenarioName] = process.argv.slice(2);
const scenario = flag === '--scenario' ? findScenario(scenarioName ?? '') : undefined;
if ((mode !== 'hold' && mode !== 'once') || (flag !== undefined && !scenario)) {
  process.stderr.write('usage: embeddedTurnHolder hold|once [--scenario NAME]\n');
  process.exit(2);
}
const teardown = new TeardownStack();
const built = scenario ? await buildScenario(scenario, teardown) : null;
const turn = await startEmbeddedTurn(built ? embeddedTurnAt(built.turn) : {});
teardown.push('coturn', () => turn.stop());
if (built?.clientPrefix) spawn(built.clientPrefix[0]!, [...built.clientPrefix.slice(1), 'sleep', '600'], { stdio: 'ignore' });
const held: HeldTurn = { namespaces: built ? [...built.namespaces] : [], port: turn.port };
process.stdout.write(`${JSON.stringify(held)}\n`);
if (mode === 'once') {
  await teardown.unwind();
} else {
  setInterval(() => undefined, 1 << 30);
}
