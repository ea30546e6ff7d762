// `webrtc-harness report diff|html`: works on results.json files of earlier runs; starts no
// browser. diff says what changed between two runs; html renders a run's HTML report again.
import { join, resolve } from 'node:path';
import { HTML_REPORT_FILE } from '../../reports/html/index.js';
import { renderHtml } from '../../reports/html/render.js';
import { ResultsFileError, readRunResults } from '../../reports/readResults.js';
import { terminalSafe } from '../../reports/sanitize.js';
import { writeFileAtomic } from '../../reports/writeFileAtomic.js';
import { type RunDiff, describeKey, diffRuns, hasChanges, ruleFor } from '../baseline.js';
import { UsageError } from '../errors.js';
import type { RunResults } from '../results.js';
import { type Command, parseCommandArgs } from './command.js';

const DIFF_HELP = `webrtc-harness report diff A B [--json]

  What changed from run A to run B (two results.json files): browser versions, status
  changes per probe x browser x adapter x scenario, metrics that moved beyond their
  tolerance (timings ±50% and 50 ms; codec, API and path counts any drop; others ±50%),
  codecs that appeared or disappeared, results only one run has.

    webrtc-harness report diff out/yesterday/results.json out/today/results.json

  Exit: 0 no changes, 1 changes, 2 bad input (the message names the file and the field).
`;

const HTML_HELP = `webrtc-harness report html RESULTS [-o DIR]

  Renders the HTML report (DIR/index.html; default: beside RESULTS) of a results.json, e.g.
  one written by an older version or sent by someone else. One file, no network access.

  Exit: 0 written, 2 bad input.
`;

const HELP = `Usage: webrtc-harness report <diff|html> FILE... [options]

${DIFF_HELP}
${HTML_HELP}
Options:
      --json              diff: machine-readable output
  -o, --out DIR           html: where index.html goes
  -h, --help              this help
`;

function percent(before: number, after: number): string {
  if (before === 0) return 'new';
  const change = ((after - before) / Math.abs(before)) * 100;
  return `${change > 0 ? '+' : ''}${change.toFixed(0)}%`;
}

function tolerance(metric: string): string {
  const rule = ruleFor(metric);
  if (rule.relative === 0 && rule.absolute === 0) return `any ${rule.worse === 'lower' ? 'drop' : 'rise'}`;
  return `±${rule.relative * 100}%${rule.absolute ? ` and ${rule.absolute}` : ''}`;
}

export function diffLines(diff: RunDiff, names: readonly [string, string]): string[] {
  const lines = [`A: ${names[0]}`, `B: ${names[1]}`];
  const group = (title: string, entries: string[]) => {
    if (entries.length) lines.push('', `${title}:`, ...entries.map((e) => `  ${e}`));
  };
  group('browser versions', diff.versions.map((v) => `~ ${v.browser} ${v.before} -> ${v.after}`));
  group('status', diff.statuses.map((s) => `~ ${describeKey(s)}: ${s.before} -> ${s.after}`));
  group('metrics beyond tolerance', diff.metrics.map((m) => `~ ${describeKey(m)} ${m.metric}: ${m.before} -> ${m.after} (${percent(m.before, m.after)}; tolerance ${tolerance(m.metric)})${m.regression ? ' REGRESSION' : ''}`));
  group('codecs', diff.codecs.flatMap((c) => [...c.removed.map((x) => `- ${describeKey(c)} ${x}: only in A`), ...c.added.map((x) => `+ ${describeKey(c)} ${x}: only in B`)]));
  group('results only in A', diff.onlyBefore.map((k) => `- ${describeKey(k)}`));
  group('results only in B', diff.onlyAfter.map((k) => `+ ${describeKey(k)}`));
  lines.push('', hasChanges(diff) ? 'Changed.' : 'No changes.');
  return lines;
}

/** JSON with the characters a terminal acts on (C1 controls, bidi overrides) escaped; still the same JSON. */
function printJson(value: unknown): void {
  const text = JSON.stringify(value, null, 2).replace(/[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  process.stdout.write(`${text}\n`);
}

interface Flags {
  json: boolean;
  out: string | undefined;
}

function runDiff(files: readonly string[], [a, b]: RunResults[], flags: Flags): Promise<number> {
  const diff = diffRuns(a!, b!);
  if (flags.json) printJson({ a: files[0], b: files[1], changed: hasChanges(diff), ...diff });
  else process.stdout.write(`${diffLines(diff, [files[0]!, files[1]!]).map(terminalSafe).join('\n')}\n`);
  return Promise.resolve(hasChanges(diff) ? 1 : 0);
}

async function runHtml(files: readonly string[], [run]: RunResults[], flags: Flags): Promise<number> {
  const path = join(resolve(flags.out ?? join(files[0]!, '..')), HTML_REPORT_FILE);
  await writeFileAtomic(path, renderHtml(run!));
  process.stdout.write(`Report: ${terminalSafe(path)}\n`);
  return 0;
}

const SUBCOMMANDS: Readonly<Record<string, { files: number; help: string; run: (files: readonly string[], runs: RunResults[], flags: Flags) => Promise<number> }>> = {
  diff: { files: 2, help: DIFF_HELP, run: runDiff },
  html: { files: 1, help: HTML_HELP, run: runHtml },
};

export const reportCommand: Command = {
  help: HELP,
  async main(args) {
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: 'boolean', default: false },
      out: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    });
    const [name, ...files] = positionals;
    if (name === 'help' || name === undefined) {
      const topic = name === 'help' && Object.hasOwn(SUBCOMMANDS, files[0] ?? '') ? SUBCOMMANDS[files[0]!] : undefined;
      process.stdout.write(topic ? `Usage: ${topic.help}` : HELP);
      return 0;
    }
    const sub = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
    if (!sub) throw new UsageError(`unknown report subcommand '${terminalSafe(name)}' (diff, html)`);
    if (files.length !== sub.files) throw new UsageError(`report ${name} takes ${sub.files === 1 ? 'one results.json file' : `${sub.files} results.json files`}, got ${files.length}`);
    if (values.json && name !== 'diff') throw new UsageError('--json applies to report diff only');
    if (values.out !== undefined && name !== 'html') throw new UsageError('--out applies to report html only');
    try {
      const runs: RunResults[] = [];
      for (const file of files) runs.push(await readRunResults(file));
      return await sub.run(files, runs, { json: values.json, out: values.out });
    } catch (error) {
      if (!(error instanceof ResultsFileError)) throw error;
      process.stderr.write(`webrtc-harness report ${name}: ${terminalSafe(error.message)}\n`);
      return 2;
    }
  },
};
