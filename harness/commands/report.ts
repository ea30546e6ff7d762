// `webrtc-harness report diff|html|merge`: works on results.json files of earlier runs; starts
// no browser. diff says what changed between two runs; html renders a run's HTML report again;
// merge makes one run of the shards of a sharded one.
import { realpath, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { HTML_REPORT_FILE, HtmlReporter } from '../../reports/html/index.js';
import { renderHtml } from '../../reports/html/render.js';
import { ReporterMultiplexer } from '../../reports/index.js';
import { JSON_REPORT_FILE, JsonReporter } from '../../reports/json.js';
import { JunitReporter } from '../../reports/junit.js';
import { mergeRuns } from '../../reports/merge.js';
import { ResultsFileError, readRunResults } from '../../reports/readResults.js';
import { terminalJson, terminalSafe } from '../../core/sanitize.js';
import { describeKey } from '../../core/resultKey.js';
import { type RunDiff, diffRuns, hasChanges, ruleFor } from '../baseline.js';
import { UsageError } from '../errors.js';
import { withStagedOutput } from '../stats/stagedOutput.js';
import type { RunResults } from '../../core/results.js';
import { type Command, parseCommandArgs } from './command.js';

const DIFF_HELP = `webrtc-harness report diff A B [--json]

  What changed from run A to run B (two results.json files): browser versions, status
  changes per probe x browser x adapter x scenario, metrics that moved beyond their
  tolerance (timings ±50% and 50 ms; codec, API and path counts any drop; others ±50%),
  codecs that appeared or disappeared, results only one run has.

    webrtc-harness report diff out/yesterday/results.json out/today/results.json

  Exit: 0 no changes, 1 changes, 2 bad input (the message names the file and the field).
`;

const HTML_HELP = `webrtc-harness report html RESULTS [-o DIR] [--force]

  Renders the HTML report (DIR/index.html; default: beside RESULTS) of a results.json, e.g.
  one written by an older version or sent by someone else. One file, no network access.
  An index.html that report html did not write there (the run's own, say) is replaced only
  with --force; a symbolic link in its place is refused.

  Exit: 0 written, 2 bad input.
`;

const MERGE_HELP = `webrtc-harness report merge DIR... --out DIR [--force]

  Makes one run of the shards of a sharded one (run/check --shard I/N, e.g. one per CI
  machine): reads each DIR/results.json (a results.json file may stand for its folder) and
  writes results.json, junit.xml and index.html to --out. The results are ordered as one
  unsharded run orders them; the environment lists every shard's browsers; the run counts as
  interrupted if any shard was; it starts with the first shard and ends with the last.

    webrtc-harness report merge out/shard-1 out/shard-2 --out out/merged

  --out DIR must be new, empty or hold only what webrtc-harness wrote there (an earlier merge);
  --force writes into another folder, replacing files of the same name only, but never an
  input's results.json.

  Refused (exit 2): shards written by different harness versions, of different matrices, the
  same shard twice, a result in two inputs, a file that is no results.json by its JSON Schema
  (reports/results.schema.json; the message gives the path of the first problem). A missing
  shard is a warning. Whether the run
  passed is the shard jobs' exit codes' business (or report diff on the merged file).

  Exit: 0 merged, 2 bad input.
`;

const HELP = `Usage: webrtc-harness report <diff|html|merge> FILE... [options]

${DIFF_HELP}
${HTML_HELP}
${MERGE_HELP}
Options:
      --json              diff: machine-readable output
  -o, --out DIR           html: where index.html goes; merge: where the merged reports go
      --force             html, merge: replace files of the same name that webrtc-harness did not write
  -h, --help              this help
`;

function percent(before: number, after: number): string {
  if (before === 0) return 'new';
  const change = ((after - before) / Math.abs(before)) * 100;
  return `${change > 0 ? '+' : ''}${change.toFixed(0)}%`;
}

function tolerance(probe: string, metric: string): string {
  const rule = ruleFor(probe, metric);
  if (rule.relative === 0 && rule.absolute === 0) return `any ${rule.worse === 'lower' ? 'drop' : 'rise'}`;
  return `±${rule.relative * 100}%${rule.absolute ? ` and ${rule.absolute}` : ''}`;
}

export function diffLines(diff: RunDiff, names: readonly [string, string]): string[] {
  const lines = [`A: ${names[0]}`, `B: ${names[1]}`];
  const group = (title: string, entries: string[]) => {
    if (entries.length) lines.push('', `${title}:`, ...entries.map((e) => `  ${e}`));
  };
  group(
    'browser versions',
    diff.versions.map((v) => `~ ${v.browser} ${v.before} -> ${v.after}`),
  );
  group(
    'status',
    diff.statuses.map((s) => `~ ${describeKey(s)}: ${s.before} -> ${s.after}`),
  );
  group(
    'metrics beyond tolerance',
    diff.metrics.map(
      (m) =>
        `~ ${describeKey(m)} ${m.metric}: ${m.before} -> ${m.after} (${percent(m.before, m.after)}; tolerance ${tolerance(m.probe, m.metric)})${m.regression ? ' REGRESSION' : ''}`,
    ),
  );
  group(
    'codecs',
    diff.codecs.flatMap((c) => [...c.removed.map((x) => `- ${describeKey(c)} ${x}: only in A`), ...c.added.map((x) => `+ ${describeKey(c)} ${x}: only in B`)]),
  );
  group(
    'results only in A',
    diff.onlyBefore.map((k) => `- ${describeKey(k)}`),
  );
  group(
    'results only in B',
    diff.onlyAfter.map((k) => `+ ${describeKey(k)}`),
  );
  lines.push('', hasChanges(diff) ? 'Changed.' : 'No changes.');
  return lines;
}

function printJson(value: unknown): void {
  process.stdout.write(`${terminalJson(value)}\n`);
}

interface Flags {
  json: boolean;
  out: string | undefined;
  force: boolean;
}

function runDiff(files: readonly string[], [a, b]: RunResults[], flags: Flags): Promise<number> {
  const diff = diffRuns(a!, b!);
  if (flags.json) printJson({ a: files[0], b: files[1], changed: hasChanges(diff), ...diff });
  else process.stdout.write(`${diffLines(diff, [files[0]!, files[1]!]).map(terminalSafe).join('\n')}\n`);
  return Promise.resolve(hasChanges(diff) ? 1 : 0);
}

async function runHtml(files: readonly string[], [run]: RunResults[], flags: Flags): Promise<number> {
  const dir = resolve(flags.out ?? join(files[0]!, '..'));
  // The folder is the user's (a run's output, say): only index.html is claimed.
  await withStagedOutput(dir, { writer: 'report html', force: flags.force, claim: 'files' }, (staging) =>
    writeFile(join(staging, HTML_REPORT_FILE), renderHtml(run!)),
  );
  process.stdout.write(`Report: ${terminalSafe(join(dir, HTML_REPORT_FILE))}\n`);
  return 0;
}

/** --force may replace files in --out, but never a results.json being merged: the merge would lose its own input. */
async function refuseInputAsOutput(inputs: readonly string[], outDir: string): Promise<void> {
  const output = await realpath(join(outDir, JSON_REPORT_FILE)).catch(() => undefined);
  for (const input of inputs) {
    if (output !== undefined && (await realpath(input).catch(() => undefined)) === output) {
      throw new UsageError(`--out ${terminalSafe(outDir)} would replace ${terminalSafe(input)}, an input of the merge; choose another folder`);
    }
  }
}

async function runMerge(files: readonly string[], runs: RunResults[], flags: Flags): Promise<number> {
  const { run, warnings } = mergeRuns(runs.map((r, i) => ({ name: files[i]!, run: r })));
  const outDir = resolve(flags.out!);
  await refuseInputAsOutput(await Promise.all(files.map(resultsFileOf)), outDir);
  for (const warning of warnings) process.stderr.write(`webrtc-harness report merge: warning: ${terminalSafe(warning)}\n`);
  // The reporters a run writes its files with, fed the merged run as if it had just ended.
  const reporter = new ReporterMultiplexer([new JsonReporter(), new JunitReporter(), new HtmlReporter()]);
  const { matrix } = run;
  await withStagedOutput(outDir, { writer: 'report merge', force: flags.force, claim: 'folder' }, async (staging) => {
    await reporter.onRunBegin({
      outDir: staging,
      browsers: matrix.browsers,
      probes: matrix.probes,
      adapterModes: matrix.adapterModes,
      total: run.results.length,
    });
    await reporter.onRunEnd(run);
  });
  for (const failure of reporter.errors)
    process.stderr.write(`webrtc-harness report merge: ${failure.reporter} report not written: ${terminalSafe(String(failure.error))}\n`);
  if (reporter.errors.length) return 2;
  process.stdout.write(
    `Merged ${run.results.length} results from ${runs.length} ${runs.length === 1 ? 'input' : 'inputs'} into ${terminalSafe(outDir)}: ${JSON_REPORT_FILE}, junit.xml, ${HTML_REPORT_FILE}\n`,
  );
  return 0;
}

/** A shard's output folder stands for the results.json in it. */
async function resultsFileOf(path: string): Promise<string> {
  const info = await stat(path).catch(() => null);
  return info?.isDirectory() ? join(path, JSON_REPORT_FILE) : path;
}

interface Subcommand {
  /** How many files it takes: exactly `min` when `max` is equal, else at least `min`. */
  files: { min: number; max: number };
  help: string;
  /** Whether a folder may stand for the results.json in it. */
  folders: boolean;
  run: (files: readonly string[], runs: RunResults[], flags: Flags) => Promise<number>;
}

const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  diff: { files: { min: 2, max: 2 }, help: DIFF_HELP, folders: false, run: runDiff },
  html: { files: { min: 1, max: 1 }, help: HTML_HELP, folders: false, run: runHtml },
  merge: { files: { min: 1, max: Infinity }, help: MERGE_HELP, folders: true, run: runMerge },
};

function filesExpected({ min, max }: Subcommand['files']): string {
  const what = (n: number) => (n === 1 ? 'one results.json file' : `${n} results.json files`);
  return max === min ? what(min) : `at least ${what(min)} (or folders holding one)`;
}

export const reportCommand: Command = {
  help: HELP,
  async main(args) {
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: 'boolean', default: false },
      out: { type: 'string', short: 'o' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    });
    const [name, ...files] = positionals;
    if (name === 'help' || name === undefined) {
      const topic = name === 'help' && Object.hasOwn(SUBCOMMANDS, files[0] ?? '') ? SUBCOMMANDS[files[0]!] : undefined;
      process.stdout.write(topic ? `Usage: ${topic.help}` : HELP);
      return 0;
    }
    const sub = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
    if (!sub) throw new UsageError(`unknown report subcommand '${terminalSafe(name)}' (${Object.keys(SUBCOMMANDS).join(', ')})`);
    if (files.length < sub.files.min || files.length > sub.files.max)
      throw new UsageError(`report ${name} takes ${filesExpected(sub.files)}, got ${files.length}`);
    if (values.json && name !== 'diff') throw new UsageError('--json applies to report diff only');
    if (values.out !== undefined && name === 'diff') throw new UsageError('--out applies to report html and report merge only');
    if (values.force && name === 'diff') throw new UsageError('--force applies to report html and report merge only');
    if (values.out === undefined && name === 'merge') throw new UsageError('report merge needs --out DIR: where the merged reports go');
    try {
      const runs: RunResults[] = [];
      for (const file of files) runs.push(await readRunResults(sub.folders ? await resultsFileOf(file) : file));
      return await sub.run(files, runs, { json: values.json, out: values.out, force: values.force });
    } catch (error) {
      if (!(error instanceof ResultsFileError)) throw error;
      process.stderr.write(`webrtc-harness report ${name}: ${terminalSafe(error.message)}\n`);
      return 2;
    }
  },
};
