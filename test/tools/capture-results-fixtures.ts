// Records real `webrtc-harness check` results files into fixtures/results/, each against an
// embedded coturn given as the user's own servers, the way a user runs it:
//
//   npm run build && node dist/test/tools/capture-results-fixtures.js [NAME...]   (default: all)
//
//   wrong-credential  check-turn-wrong-credential.json: a mistyped TURN password; both browsers fail TURN
//   port-53           check-coturn-on-port-53-firefox-ready-chromium-not.json: coturn on port 53 (DNS;
//                     some deployments use it to get through firewalls), needs root to bind. Firefox
//                     allows STUN/TURN on 53 by name (its gGoodWebrtcPortList); Chromium, whose
//                     restricted-port list has 53, gets no answer: one browser ready, the other not,
//                     with nothing else changed
//
// The credential goes through --credential-file, so it is in no process list; the check's
// results.json is copied as it was written (credentials masked, IP addresses kept).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../../reports/paths.js';
import { type EmbeddedTurn, type EmbeddedTurnOptions, startEmbeddedTurn } from '../../harness/turn/coturn.js';
import { startCli } from '../support/cli.js';

interface Capture {
  file: string;
  turn: EmbeddedTurnOptions;
  credential: (turn: EmbeddedTurn) => string;
}

const CAPTURES: Record<string, Capture> = {
  'wrong-credential': { file: 'check-turn-wrong-credential.json', turn: {}, credential: () => 'not-the-credential' },
  'port-53': { file: 'check-coturn-on-port-53-firefox-ready-chromium-not.json', turn: { port: 53 }, credential: (turn) => turn.credential },
};

async function capture({ file, turn: turnOptions, credential }: Capture): Promise<void> {
  const turn = await startEmbeddedTurn(turnOptions);
  const dir = await mkdtemp(join(tmpdir(), 'wh-capture-results-'));
  try {
    const credentialFile = join(dir, 'credential');
    await writeFile(credentialFile, `${credential(turn)}\n`, { mode: 0o600 });
    const servers = turn.servers.flatMap((s) => [s.scheme === 'stun' ? '--stun' : '--turn', s.url]);
    const out = join(dir, 'check');
    const { code, stdout, stderr } = await startCli(['check', ...servers, '--username', turn.username, '--credential-file', credentialFile, '-o', out]).done;
    process.stdout.write(stdout);
    process.stderr.write(stderr);
    // 1 is "not ready", the outcome each capture is for; anything else is no such capture.
    if (code !== 1) throw new Error(`check exited ${code}, not 1 (not ready)`);
    const fixture = join(PACKAGE_ROOT, 'fixtures', 'results', file);
    await writeFile(fixture, await readFile(join(out, 'results.json')));
    console.log(`wrote ${fixture}`);
  } finally {
    await turn.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const { positionals } = parseArgs({ allowPositionals: true });
for (const name of positionals) if (!Object.hasOwn(CAPTURES, name)) throw new Error(`no capture named ${name}; known: ${Object.keys(CAPTURES).join(', ')}`);
for (const name of positionals.length ? positionals : Object.keys(CAPTURES)) await capture(CAPTURES[name]!);
