// `webrtc-harness runs list|export`: the runs visitors stored through `serve`, from the shell.
// list prints them (a table, or JSON lines); export writes their results.json files so that
// `report diff|merge|html` work on them. Neither creates a store: a missing file is a mistake.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { terminalJson, terminalSafe } from '../../core/sanitize.js';
import { JSON_REPORT_FILE, renderJson } from '../../reports/json.js';
import { UsageError } from '../errors.js';
import { type OutputOptions, checkOutput, withStagedOutput } from '../stats/stagedOutput.js';
import { isPostgresSpec, openStore } from '../store/openStore.js';
import { type ReadinessLevel, type RunFilter, type RunStore, type RunSummary, type StoredRun, StoreError } from '../store/runStore.js';
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from '../store/sqlRunStore.js';
import { type Command, parseCommandArgs } from './command.js';

const VERDICTS: readonly ReadinessLevel[] = ['ready', 'degraded', 'not-ready'];

const FILTER_HELP = `  Filters (all exact; together they must all match):
    --label L        runs stored with this label (serve's ?label=)
    --verdict V      ${VERDICTS.join(', ')}
    --browser B      runs that covered this browser (chromium, firefox, safari, ...)
    --since DATE     created at or after DATE; --until DATE: at or before DATE.
                     DATE is 2026-12-01 (a whole UTC day: --until includes all of it)
                     or 2026-12-01T14:30:00Z
    --limit N        at most N runs, newest first (default ${DEFAULT_LIST_LIMIT}, at most ${MAX_LIST_LIMIT})
`;

const DB_HELP = `  --db FILE|URL      the store serve writes: a SQLite file (serve's --db FILE), or
                     postgres://USER@HOST:PORT/DB for PostgreSQL (add ?host=/run/postgresql
                     for a unix socket). Put the password in PGPASSWORD or ~/.pgpass, not in
                     the URL: command lines are visible to every local user in ps.
`;

const LIST_HELP = `webrtc-harness runs list --db FILE|URL [filters] [--json]

  The stored runs, newest first: id, time (UTC), verdict, browsers, label.
  --json prints one JSON object per line instead (id, createdAt, label, userAgent,
  clientIp, verdict, browsers), for jq and scripts.

    webrtc-harness runs list --db /var/lib/webrtc-harness/runs.db --since 2026-12-01
    webrtc-harness runs list --db runs.db --label "office wifi" --verdict not-ready --json

  Exit: 0 listed (also when none match), 2 usage, or no store at --db.
`;

const EXPORT_HELP = `webrtc-harness runs export ID... --db FILE|URL -o DIR [--force]
webrtc-harness runs export --db FILE|URL [filters] -o DIR [--force]

  Writes each run's results.json to DIR/<id>/results.json, exactly as the visitor's page
  posted it (after serve's checks and redaction), so the CLI's tools work on it:

    webrtc-harness runs export Zq3... Hk9... --db runs.db -o out/visitors
    webrtc-harness report diff out/visitors/Zq3.../results.json out/visitors/Hk9.../results.json
    webrtc-harness runs export --db runs.db --label "office wifi" -o out/office
    webrtc-harness report html out/office/<id>/results.json

  DIR must be new, empty, or hold only what webrtc-harness wrote there (an earlier export,
  which this one replaces); --force writes into another folder, replacing only files of the
  same name. Files appear only when every run is written; an unknown ID writes nothing.

  Exit: 0 written, 1 no run matches the filters, 2 usage, unknown ID, or no store at --db.
`;

const HELP = `Usage: webrtc-harness runs <list|export> --db FILE|URL [options]

  The runs visitors stored through 'webrtc-harness serve' (its --db).

${LIST_HELP}
${EXPORT_HELP}
Options:
${DB_HELP}${FILTER_HELP}  --json           list: JSON lines
  -o, --out DIR    export: where the results.json files go (required)
  --force          export: write into a folder that holds files webrtc-harness did not write
  -h, --help       this help; with a subcommand ('runs list --help') just that one
`;

const SUBCOMMANDS: Readonly<Record<string, string>> = { list: LIST_HELP, export: EXPORT_HELP };
const subcommandHelp = (name: string) => (Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined);

const EXPORT_OUTPUT = (force: boolean): OutputOptions => ({ writer: 'runs export', force, claim: 'folder' });

/** `2026-12-01` (the whole UTC day: its start for --since, its last millisecond for --until) or an ISO time with a zone. */
export function parseDateOption(text: string, flag: '--since' | '--until'): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const time = day ? Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : Date.parse(text);
  const valid = day ? new Date(time).toISOString().startsWith(text) : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/.test(text);
  if (!valid || !Number.isFinite(time)) throw new UsageError(`${flag} takes a date such as 2026-12-01 or 2026-12-01T14:30:00Z, not '${terminalSafe(text)}'`);
  return new Date(day && flag === '--until' ? time + 24 * 3600 * 1000 - 1 : time);
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIST_LIMIT;
  if (!/^\d{1,7}$/.test(text) || Number(text) < 1 || Number(text) > MAX_LIST_LIMIT)
    throw new UsageError(`--limit takes a whole number from 1 to ${MAX_LIST_LIMIT}, not '${terminalSafe(text)}'`);
  return Number(text);
}

interface FilterValues {
  label?: string | undefined;
  verdict?: string | undefined;
  browser?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  limit?: string | undefined;
}

function filterOf(values: FilterValues): RunFilter {
  const filter: RunFilter = { limit: parseLimit(values.limit) };
  if (values.label !== undefined) filter.label = values.label;
  if (values.browser !== undefined) filter.browser = values.browser;
  if (values.verdict !== undefined) {
    if (!(VERDICTS as readonly string[]).includes(values.verdict))
      throw new UsageError(`--verdict takes ${VERDICTS.join(', ')}, not '${terminalSafe(values.verdict)}'`);
    filter.verdict = values.verdict as ReadinessLevel;
  }
  if (values.since !== undefined) filter.since = parseDateOption(values.since, '--since');
  if (values.until !== undefined) filter.until = parseDateOption(values.until, '--until');
  if (filter.since && filter.until && filter.since > filter.until) throw new UsageError('--since is after --until: no run can match');
  return filter;
}

const timeText = (date: Date) => date.toISOString().replace('T', ' ').slice(0, 19);

/** The list as a table; every field a visitor sent (label, browser names) made safe for the terminal. */
export function runsTable(runs: readonly RunSummary[]): string {
  const rows = [
    ['ID', 'CREATED (UTC)', 'VERDICT', 'BROWSERS', 'LABEL'],
    ...runs.map((r) => [r.id, timeText(r.createdAt), r.verdict, terminalSafe(r.browsers.join(',')), r.label === null ? '-' : terminalSafe(r.label)]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n');
}

const jsonLine = (run: RunSummary) => terminalJson({ ...run, createdAt: run.createdAt.toISOString() }, 0);

async function runList(store: RunStore, filter: RunFilter, json: boolean): Promise<number> {
  const runs = await store.list(filter);
  if (json) {
    process.stdout.write(runs.map((r) => `${jsonLine(r)}\n`).join(''));
    return 0;
  }
  if (runs.length) process.stdout.write(`${runsTable(runs)}\n`);
  const more = runs.length === filter.limit ? ` (the --limit; more may match)` : '';
  process.stdout.write(`${runs.length} run(s) in ${store.description}${more}\n`);
  return 0;
}

async function runExport(store: RunStore, ids: readonly string[], filter: RunFilter | null, out: string, force: boolean): Promise<number> {
  const chosen = filter ? (await store.list(filter)).map((r) => r.id) : [...new Set(ids)];
  if (!chosen.length) {
    process.stderr.write('webrtc-harness runs export: no run matches the filters; nothing written\n');
    return 1;
  }
  const runs: StoredRun[] = [];
  for (const id of chosen) {
    const run = await store.get(id);
    if (!run) throw new StoreError(`no run ${id} in ${store.description}; nothing written`);
    runs.push(run);
  }
  await withStagedOutput(out, EXPORT_OUTPUT(force), async (dir) => {
    for (const run of runs) {
      await mkdir(join(dir, run.id));
      await writeFile(join(dir, run.id, JSON_REPORT_FILE), renderJson(run.results));
    }
  });
  process.stdout.write(`${terminalSafe(`wrote ${runs.length} results.json to ${out}/<id>/ (${runs.map((r) => r.id).join(', ')})`)}\n`);
  return 0;
}

/** A password in the --db URL is on the command line, where `ps` shows it to every local user. */
function warnOfPasswordInUrl(spec: string): void {
  if (!isPostgresSpec(spec)) return;
  let url: URL | undefined;
  try {
    url = new URL(spec);
  } catch {
    return;
  }
  if (url.password || url.searchParams.has('password'))
    process.stderr.write('webrtc-harness runs: warning: the --db URL holds a password, visible to other local users in ps; use PGPASSWORD or ~/.pgpass\n');
}

export const runsCommand: Command = {
  help: HELP,
  helpFor(args) {
    const topic = subcommandHelp(args.find((a) => !a.startsWith('-')) ?? '');
    return topic ? `Usage: ${topic}` : HELP;
  },
  async main(args) {
    const { values, positionals } = parseCommandArgs(args, {
      db: { type: 'string' },
      label: { type: 'string' },
      verdict: { type: 'string' },
      browser: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      out: { type: 'string', short: 'o' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    });
    const [name, ...ids] = positionals;
    if (name === undefined || name === 'help') {
      const topic = name === 'help' ? subcommandHelp(ids[0] ?? '') : undefined;
      process.stdout.write(topic ? `Usage: ${topic}` : HELP);
      return 0;
    }
    if (!subcommandHelp(name)) throw new UsageError(`unknown runs subcommand '${terminalSafe(name)}' (list, export)`);
    if (values.db === undefined) throw new UsageError(`runs ${name} needs --db FILE|URL: the store serve writes`);
    const filter = filterOf(values);
    const filtered = [values.label, values.verdict, values.browser, values.since, values.until].some((v) => v !== undefined);
    if (name === 'list') {
      if (ids.length) throw new UsageError(`runs list takes no run ids (got ${terminalSafe(ids.join(' '))}); use runs export ID... -o DIR`);
      if (values.out !== undefined || values.force) throw new UsageError('--out and --force apply to runs export only');
    } else {
      if (values.json) throw new UsageError('--json applies to runs list only');
      if (values.out === undefined) throw new UsageError('runs export needs -o DIR: where the results.json files go');
      if (ids.length && (filtered || values.limit !== undefined)) throw new UsageError('runs export takes run ids or filters, not both');
      if (!ids.length && !filtered) throw new UsageError('runs export needs run ids or a filter (--label, --verdict, --browser, --since, --until)');
      // Before the store opens: a refused folder costs nothing.
      await checkOutput(values.out, EXPORT_OUTPUT(values.force));
    }
    warnOfPasswordInUrl(values.db);
    let store: RunStore | undefined;
    try {
      store = await openStore(values.db, { create: false });
      if (name === 'list') return await runList(store, filter, values.json);
      return await runExport(store, ids, ids.length ? null : filter, values.out!, values.force);
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      process.stderr.write(`webrtc-harness runs ${name}: ${terminalSafe(error.message)}\n`);
      return 2;
    } finally {
      await store?.close();
    }
  },
};
