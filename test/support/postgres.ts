// A throwaway PostgreSQL 15 server for e2e tests: a fresh cluster in a temp folder, listening
// only on a unix socket inside that folder (no TCP port; the folder is 0700 and the postgres
// user's, so no other local user reaches it), password authentication (scram) for the
// `postgres` role. The postmaster runs as the `postgres` OS user through setpriv, which also
// sets the parent-death signal: if the test process dies, so does the server. stop() shuts it
// down with pg_ctl (fast) and kills it if that fails; it is safe to call on every path.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';
const SETPRIV = '/usr/bin/setpriv';
/** Debian's postgresql package creates this user; the server refuses to run as root. */
const OS_USER = 'postgres';

export interface PostgresServer {
  /** The unix socket folder: `?host=` of a connection URL. */
  socketDir: string;
  password: string;
  /** `postgresql://postgres:PASSWORD@localhost/DB?host=SOCKETDIR` */
  url(database?: string, { withPassword }?: { withPassword?: boolean }): string;
  stop(): Promise<void>;
}

/** Why the e2e cannot run here, or null when it can. */
export function postgresMissing(): string | null {
  const missing = ['initdb', 'postgres', 'pg_ctl'].filter((b) => !existsSync(join(POSTGRES_BIN, b)));
  if (missing.length)
    return `PostgreSQL 15 server binaries missing (${missing.join(', ')} in ${POSTGRES_BIN}); apt-get install postgresql (CI's .ci/setup installs it)`;
  if (userInfo().uid !== 0) return 'needs root to run PostgreSQL as the postgres user';
  return null;
}

async function idsOf(user: string): Promise<{ uid: number; gid: number }> {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([execFileAsync('id', ['-u', user]), execFileAsync('id', ['-g', user])]);
  return { uid: Number(uid), gid: Number(gid) };
}

const asPostgres = (command: string, ...args: string[]) => [
  '--reuid',
  OS_USER,
  '--regid',
  OS_USER,
  '--init-groups',
  '--pdeathsig',
  'KILL',
  '--',
  join(POSTGRES_BIN, command),
  ...args,
];

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startPostgres(): Promise<PostgresServer> {
  const { uid, gid } = await idsOf(OS_USER);
  const dir = mkdtempSync(join('/tmp', 'wh-pg-'));
  const data = join(dir, 'data');
  const socketDir = join(dir, 'socket');
  let server: ChildProcess | undefined;
  let log = '';
  const cleanUp = async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      // Fast shutdown: sessions are ended, nothing is waited for; -w waits until it is down.
      await execFileAsync(SETPRIV, asPostgres('pg_ctl', 'stop', '-D', data, '-m', 'fast', '-w', '-t', '20'), { timeout: 30_000 }).catch(() =>
        server?.kill('SIGKILL'),
      );
      await exited(server);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
    mkdirSync(socketDir, { mode: 0o700 });
    chownSync(socketDir, uid, gid);
    const password = randomBytes(18).toString('base64url');
    // initdb reads the password from a file: never on a command line (ps).
    const passwordFile = join(dir, 'password');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    chownSync(passwordFile, uid, gid);
    await execFileAsync(
      SETPRIV,
      asPostgres('initdb', '-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8'),
      { timeout: 60_000 },
    );
    rmSync(passwordFile);
    // fsync off: a test cluster need not survive a power cut, and the shared disk is slow.
    server = spawn(SETPRIV, asPostgres('postgres', '-D', data, '-k', socketDir, '-c', 'listen_addresses=', '-c', 'fsync=off', '-c', 'max_connections=50'), {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const child = server;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`PostgreSQL did not get ready in 30 s:\n${log}`)), 30_000);
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        log += chunk;
        if (log.includes('database system is ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`PostgreSQL exited (${code ?? signal}) before it was ready:\n${log}`));
      });
    });
    return {
      socketDir,
      password,
      url: (database = 'postgres', { withPassword = true } = {}) =>
        `postgresql://postgres${withPassword ? `:${encodeURIComponent(password)}` : ''}@localhost/${database}?host=${encodeURIComponent(socketDir)}`,
      stop: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
