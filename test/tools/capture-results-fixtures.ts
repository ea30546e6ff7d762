// Records fixtures/results/check-turn-wrong-credential.json: a real `webrtc-harness check` in
// both browsers against an embedded coturn, given as the user's own servers with a wrong
// credential, the way a user who mistyped their TURN password runs it:
//
//   npm run build && node dist/test/tools/capture-results-fixtures.js
//
// The credential goes through --credential-file, so it is in no process list; the check's
// results.json is copied as it was written (credentials masked, IP addresses kept).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../harness/paths.js';
import { startEmbeddedTurn } from '../../harness/turn/coturn.js';
import { startCli } from '../support/cli.js';

const FIXTURE = join(PACKAGE_ROOT, 'fixtures', 'results', 'check-turn-wrong-credential.json');

const turn = await startEmbeddedTurn();
const dir = await mkdtemp(join(tmpdir(), 'wh-capture-results-'));
try {
  const credentialFile = join(dir, 'credential');
  await writeFile(credentialFile, 'not-the-credential\n', { mode: 0o600 });
  const servers = turn.servers.flatMap((s) => [s.scheme === 'stun' ? '--stun' : '--turn', s.url]);
  const out = join(dir, 'check');
  const { code, stdout, stderr } = await startCli(['check', ...servers, '--username', turn.username, '--credential-file', credentialFile, '-o', out]).done;
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  // 1 is "not ready", the outcome this capture is for; anything else is no such capture.
  if (code !== 1) throw new Error(`check exited ${code}, not 1 (not ready)`);
  await writeFile(FIXTURE, await readFile(join(out, 'results.json')));
  console.log(`wrote ${FIXTURE}`);
} finally {
  await turn.stop();
  await rm(dir, { recursive: true, force: true });
}
