// An independent TURN client, coturn's own turnutils_uclient, must agree with the harness's
// TURN verdict for the same server and credentials: both allocate, or both are refused with
// the 401 coturn answers a wrong credential with (any other failure is no agreement).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IceServerEntry } from '../../harness/ice/servers.js';
import { LAUNCHERS } from '../../harness/launchers/index.js';
import { runMatrix } from '../../harness/runner.js';
import { type EmbeddedTurn, startEmbeddedTurn } from '../../harness/turn/coturn.js';
import { turnReachabilityProbe } from '../../probes/turn-reachability/probe.js';
import { ReporterMultiplexer } from '../../reports/index.js';
import { coturnAnsweredWith, coturnErrorAnswers, runUclient } from '../support/uclient.js';

/**
 * turnutils_uclient allocates, sends a message through the relay to itself (-y) and exits 0 on
 * success; a failure counts as "unauthorized" only if coturn answered this attempt with 401.
 */
async function uclientOutcome(turn: EmbeddedTurn, credential: string, transport: 'udp' | 'tcp'): Promise<'allocated' | 'unauthorized'> {
  const args = [
    ...(transport === 'tcp' ? ['-t'] : []),
    '-u',
    turn.username,
    '-w',
    credential,
    '-p',
    String(turn.port),
    '-n',
    '1',
    '-m',
    '1',
    '-y',
    turn.listenIp,
  ];
  const unauthorizedBefore = coturnErrorAnswers(turn, turn.username, 401);
  const run = await runUclient(args);
  if (run.succeeded) return 'allocated';
  if (await coturnAnsweredWith(turn, turn.username, 401, unauthorizedBefore)) return 'unauthorized';
  throw new Error(`turnutils_uclient over ${transport} failed, but not with a 401 from coturn:\n${run.output}`);
}

async function harnessVerdicts(servers: IceServerEntry[]): Promise<Map<string, string>> {
  const run = await runMatrix({
    command: 'crosscheck',
    browsers: [{ launcher: LAUNCHERS['chromium']!, request: {} }],
    probes: [turnReachabilityProbe],
    adapterModes: ['off'],
    outDir: mkdtempSync(join(tmpdir(), 'wh-crosscheck-')),
    reporter: new ReporterMultiplexer([]),
    context: { iceServers: servers },
  });
  const verdicts = new Map<string, string>();
  for (const finding of run.results[0]?.findings ?? []) {
    const transport = /\?transport=(udp|tcp):/.exec(finding.message)?.[1];
    if (transport) verdicts.set(transport, finding.message);
  }
  return verdicts;
}

describe('harness TURN verdicts agree with turnutils_uclient', () => {
  let turn: EmbeddedTurn;
  beforeAll(async () => {
    turn = await startEmbeddedTurn();
  });
  afterAll(() => turn.stop());

  it.each([
    ['the right credential', true],
    ['a wrong credential', false],
  ])('with %s', async (_label, right) => {
    const credential = right ? turn.credential : 'wrong-credential';
    const servers = turn.servers.filter((s) => s.scheme === 'turn').map((s) => ({ ...s, credential }));
    const harness = await harnessVerdicts(servers);
    for (const transport of ['udp', 'tcp'] as const) {
      expect(await uclientOutcome(turn, credential, transport), `turnutils_uclient over ${transport}`).toBe(right ? 'allocated' : 'unauthorized');
      expect(harness.get(transport), `harness over ${transport}`).toMatch(right ? /reachable: relay .* allocated/ : /authentication failed/);
    }
  });
});
