// Firefox's Remote Agent (WebDriver BiDi), like WebKitWebDriver, listens on a TCP port of 127.0.0.1 and has no
// authentication: any local user who connects can drive the browser, which runs as the harness's
// user (root in CI and scenarios). puppeteer cannot reach Firefox over a pipe, so the port stays,
// and a firewall rule keeps it ours: packets to it from any other user's sockets are refused.
// The rule goes in before Firefox starts (no window in which the port is open to all) and is
// taken out when the browser is gone; rules of runs killed before their teardown are removed at
// the next launch, recognised by the pid and start time in their comment.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { EnvironmentError, errorMessage } from '../errors.js';
import { type ProcessIdentity, identityOf, isRunning } from '../ownership/processIdentity.js';

const execFileAsync = promisify(execFile);

const COMMENT_PREFIX = 'webrtc-harness remote-agent';

/** The rule's match and target, without the -I/-D verb: the same words insert and delete it. */
export function guardRuleSpec(port: number, ownerUid: number, owner: ProcessIdentity): string[] {
  return [
    'OUTPUT',
    '-o',
    'lo',
    '-p',
    'tcp',
    '--dport',
    String(port),
    '-m',
    'owner',
    '!',
    '--uid-owner',
    String(ownerUid),
    '-m',
    'comment',
    '--comment',
    `${COMMENT_PREFIX} pid=${owner.pid} start=${owner.startTime}`,
    '-j',
    'REJECT',
    '--reject-with',
    'tcp-reset',
  ];
}

/**
 * The rules in `iptables -S OUTPUT` output that a harness process no longer running put there,
 * as the words that delete them (after -D). Rules of live runs and anyone else's are left alone.
 */
export async function staleGuardRules(listing: string, running: (owner: ProcessIdentity) => Promise<boolean>): Promise<string[][]> {
  const stale: string[][] = [];
  for (const line of listing.split('\n')) {
    const owner = new RegExp(`"${COMMENT_PREFIX} pid=(\\d+) start=(\\d+)"`).exec(line);
    if (!owner || !line.startsWith('-A OUTPUT ')) continue;
    if (await running({ pid: Number(owner[1]), startTime: owner[2]! })) continue;
    // iptables -S quotes only the comment; split on spaces outside double quotes.
    const words = [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
    stale.push(words.slice(1));
  }
  return stale;
}

async function iptables(args: readonly string[]): Promise<string> {
  const { stdout } = await execFileAsync('iptables', ['-w', '5', ...args], { timeout: 15_000 });
  return stdout;
}

async function removeStaleGuards(): Promise<void> {
  const listing = await iptables(['-S', 'OUTPUT']);
  for (const rule of await staleGuardRules(listing, isRunning)) await iptables(['-D', ...rule]).catch(() => undefined);
}

/** A port free on 127.0.0.1 now. Firefox binds it moments later, behind the rule already in place. */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface GuardedPort {
  port: number;
  /** Whether other local users are kept out (false: the harness is not root and cannot firewall). */
  guarded: boolean;
  /** Takes the rule out again; idempotent. */
  release(): Promise<void>;
}

const warnedUnguarded = new Set<string>();

/** Once per kind of port: without root the port cannot be firewalled, and the user should know. */
function warnUnguarded(what: string, port: number): void {
  if (warnedUnguarded.has(what)) return;
  warnedUnguarded.add(what);
  process.stderr.write(
    `webrtc-harness: not root, so ${what} 127.0.0.1:${port} cannot be firewalled: other local users could drive this browser (README: "Isolation")\n`,
  );
}

/**
 * A loopback port that only this process's user can connect to, for `what` (named in messages:
 * "Firefox's remote-control port"). As root the guard is a firewall rule, and failing to install
 * it is an error (the browser is not started unguarded); without root nothing can be installed,
 * which `guarded: false` reports (and a warning says).
 */
export async function guardedLoopbackPort(what: string): Promise<GuardedPort> {
  const port = await freeLoopbackPort();
  const uid = process.getuid?.();
  if (uid !== 0) {
    warnUnguarded(what, port);
    return { port, guarded: false, release: async () => undefined };
  }
  const me = await identityOf(process.pid);
  if (!me) throw new EnvironmentError('cannot read /proc/self/stat: the harness needs Linux /proc');
  const rule = guardRuleSpec(port, uid, me);
  try {
    await removeStaleGuards();
    await iptables(['-I', ...rule]);
  } catch (error) {
    throw new EnvironmentError(
      `cannot keep other local users off ${what} (iptables: ${errorMessage(error).split('\n')[0]})`,
      'install iptables (sudo apt-get install iptables) and run where the harness may change the firewall (a container needs CAP_NET_ADMIN)',
    );
  }
  let released: Promise<void> | null = null;
  return {
    port,
    guarded: true,
    release: () =>
      (released ??= iptables(['-D', ...rule]).then(
        () => undefined,
        () => undefined,
      )),
  };
}
