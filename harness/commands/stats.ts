// `webrtc-harness stats import|chart`: webrtc-internals and rtcstats dumps (and results.json
// series) as SeriesSets, summaries, JSON, and charts (PNG, CSV, a self-contained HTML page).
// Only `chart --format png` starts a browser, and loads puppeteer only then.
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ResultsFileError } from '../../reports/readResults.js';
import { terminalSafe } from '../../core/sanitize.js';
import { UsageError } from '../errors.js';
import { type ChartInput, loadChartInput } from '../stats/chartInput.js';
import { chartPageHtml, pageData } from '../stats/chartPage.js';
import { type Chart, METRICS, selectCharts } from '../stats/charts.js';
import { lineCsv } from '../stats/csv.js';
import { DumpError, type DumpImport } from '../stats/dump.js';
import { writeDumpJson } from '../stats/dumpJson.js';
import { summaryLines } from '../stats/dumpSummary.js';
import { importDump } from '../stats/importDump.js';
import { Interrupted, listenForInterrupt } from '../environment/interrupt.js';
import type { PngRenderer } from '../stats/renderPng.js';
import { OUTPUT_MANIFEST, type OutputOptions, checkOutput, withStagedOutput } from '../stats/stagedOutput.js';
import { type Command, parseCommandArgs } from './command.js';

/** A dump with many streams makes a CSV file per line of each chart: thousands of files are a mistake more often than a wish. */
const DEFAULT_MAX_CSV_FILES = 2000;

const IMPORT_HELP = `webrtc-harness stats import FILE [--json] [--out DIR [--force]]

  Reads a chrome://webrtc-internals dump (the JSON, or the gzip Chromium downloads by
  default; told apart by content, not by name) or an rtcstats dump (a JSON metadata line,
  then one JSON array per line; classic and fileFormat 3, gzip or not) and turns it into
  series: per peer connection, per stats object, one series per numeric field (unknown
  fields included), with the event log (createOffer, setRemoteDescription, state changes,
  icecandidate, ...) as annotations. Large dumps are streamed, never read whole.
  Prints a summary: peer connections, stats objects, series, duration, events.
  --json prints the whole import as JSON instead; --out DIR writes it to DIR/series.json
  (DIR new, empty, or written by webrtc-harness before; --force to write into another).

    webrtc-harness stats import ~/Downloads/webrtc_internals_dump.gz
    webrtc-harness stats import rtcstats-dump.txt --json > series.json

  Exit: 0 imported, 2 bad input (what the file looks like and what was expected).
`;

const CHART_HELP = `webrtc-harness stats chart INPUT --out DIR [--format png,csv,html] [--metric NAME]... [--force]

  Charts from a dump (as for import) or a webrtc-harness results.json (its results'
  series). Default charts per peer connection: bitrate (from bytesSent/bytesReceived),
  round-trip time, packet loss %, frame rate, resolution, bandwidth estimate
  (availableOutgoingBitrate, targetBitrate); state changes and offer/answer are drawn as
  markers. --metric picks instead (repeat it): ${Object.keys(METRICS).join(', ')}, or any field
  (jitter, audioLevel), or <statsType>.<field> (inbound-rtp.jitter).
  Writes to DIR: charts.html (one self-contained page, interactive, works offline),
  png/*.png (rendered by headless Chromium), csv/*.csv (one per line of each chart; at most
  --max-csv-files, default ${DEFAULT_MAX_CSV_FILES}). Files appear only when all are written.
  DIR must be new, empty, or hold only what webrtc-harness wrote there (it lists those files
  in DIR/${OUTPUT_MANIFEST}; its own older charts are replaced). --force writes into a folder
  with other files: files of the same name are replaced, nothing else is touched. A symbolic
  link as DIR or in its place is refused.

    webrtc-harness stats chart webrtc_internals_dump.gz --out out/call
    webrtc-harness stats chart out/run/results.json --out out/run/charts --format html
    webrtc-harness stats chart dump.txt --out out/rtt --metric rtt --metric inbound-rtp.jitter

  Exit: 0 charts written, 1 nothing to chart (no series, or none --metric matches),
  2 bad input or usage, 130 interrupted.
`;

const HELP = `Usage: webrtc-harness stats <import|chart> ...

${IMPORT_HELP}
${CHART_HELP}
Options:
  --json                 import: print the import as JSON
  -o, --out DIR          import: also write DIR/series.json; chart: where the charts go (required)
  --force                write into an --out folder that holds files webrtc-harness did not write
  --max-csv-files N      chart: most CSV files one chart run may write (default ${DEFAULT_MAX_CSV_FILES})
  --format LIST          chart: any of png, csv, html, comma-separated (default all three)
  --metric NAME          chart: a metric or field to chart; repeat for several
  --chromium-path PATH   chart: the Chromium that renders PNGs (default /usr/bin/chromium)
  -h, --help             this help; with a subcommand ('stats chart --help') just that one
`;

const SUBCOMMANDS: Readonly<Record<string, string>> = { import: IMPORT_HELP, chart: CHART_HELP };
const subcommandHelp = (name: string) => (Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined);
const FORMATS = ['png', 'csv', 'html'] as const;
type Format = (typeof FORMATS)[number];

/** Bad input: exit 2, the message names the file. */
class InputError extends Error {}

function print(lines: readonly string[], stream: NodeJS.WriteStream = process.stdout): void {
  stream.write(`${lines.map(terminalSafe).join('\n')}\n`);
}

async function load<T>(file: string, read: (file: string, signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
  try {
    return await read(file, signal);
  } catch (error) {
    if (error instanceof DumpError) throw new InputError(`${file}: ${error.message}`);
    // Its message names the file already.
    if (error instanceof ResultsFileError) throw new InputError(error.message);
    throw error;
  }
}

/**
 * Writes to a stream and waits when it is full, so a large --json never piles up in memory.
 * A reader that goes away (`| head`: EPIPE) ends the output quietly; other errors (disk full) reject.
 */
function streamWriter(stream: NodeJS.WritableStream): (text: string) => Promise<void> {
  let failure: NodeJS.ErrnoException | undefined;
  stream.once('error', (error: NodeJS.ErrnoException) => {
    failure = error;
    stream.emit('drain');
  });
  const settle = (resolve: () => void, reject: (e: Error) => void) => (failure && failure.code !== 'EPIPE' ? reject(failure) : resolve());
  return (text) =>
    new Promise((resolve, reject) => {
      if (failure || stream.write(text)) return settle(resolve, reject);
      stream.once('drain', () => settle(resolve, reject));
    });
}

async function writeJsonFile(dump: DumpImport, file: string, path: string, signal: AbortSignal): Promise<void> {
  const out = createWriteStream(path);
  const write = streamWriter(out);
  try {
    await writeDumpJson(dump, file, (text) => {
      signal.throwIfAborted();
      return write(text);
    });
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  } finally {
    out.destroy();
  }
}

/** --out DIR of a stats command: the command's folder (see stagedOutput.ts for what it may replace). */
const outputFolder = (writer: string, force: boolean): OutputOptions => ({ writer, force, claim: 'folder' });

async function runImport(file: string, json: boolean, out: string | undefined, force: boolean, signal: AbortSignal): Promise<number> {
  const output = outputFolder('stats import', force);
  if (out) await checkOutput(out, output);
  const dump = await load(file, importDump, signal);
  if (out) await withStagedOutput(out, output, (dir) => writeJsonFile(dump, file, join(dir, 'series.json'), signal));
  if (json) await writeDumpJson(dump, file, streamWriter(process.stdout));
  else print([...summaryLines(dump, file), ...(out ? [`wrote ${join(out, 'series.json')}`] : [])]);
  return 0;
}

/** A file-name part from untrusted text: letters, digits, `.`, `_`, `-` only. */
const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 60) || 'x';

function baseName(chart: Chart): string {
  const group = chart.id.slice(0, chart.id.indexOf('-'));
  return `${group.padStart(2, '0')}-${slug(chart.group)}-${slug(chart.metric)}`;
}

function nothingToChart(input: ChartInput, file: string, metrics: readonly string[]): string {
  if (metrics.length) {
    const fields = [...new Set(input.sources.flatMap((s) => s.sets.flatMap((set) => Object.keys(set.series))))];
    return `${file}: no series matches --metric ${metrics.join(', ')} (metrics: ${Object.keys(METRICS).join(', ')}; fields here include ${fields.slice(0, 12).join(', ')}${fields.length > 12 ? ', ...' : ''})`;
  }
  if (input.kind === 'results') return `${file}: none of its ${input.results} results carries series (a "series" field, or raw.series); nothing to chart`;
  return `${file}: the dump has no stats series to chart (${input.sources.length} peer connection(s))`;
}

interface ChartOptions {
  out: string;
  force: boolean;
  maxCsvFiles: number;
  formats: ReadonlySet<Format>;
  metrics: readonly string[];
  /** Started before the input is read when PNGs are wanted, so Chromium starts while the dump is imported. */
  renderer: PngRenderer | undefined;
  signal: AbortSignal;
}

async function runChart(file: string, { out, force, maxCsvFiles, formats, metrics, renderer, signal }: ChartOptions): Promise<number> {
  const input = await load(file, loadChartInput, signal);
  const charts = selectCharts(input.sources, metrics);
  if (!charts.length) {
    print([nothingToChart(input, file, metrics)], process.stderr);
    return 1;
  }
  const csvFiles = formats.has('csv') ? charts.reduce((sum, chart) => sum + chart.lines.length, 0) : 0;
  if (csvFiles > maxCsvFiles) {
    throw new InputError(
      `${file}: ${charts.length} charts make ${csvFiles} CSV files (one per line), more than --max-csv-files ${maxCsvFiles}; pick charts with --metric, leave CSV out with --format, or raise --max-csv-files`,
    );
  }
  const written = await withStagedOutput(out, outputFolder('stats chart', force), async (dir) => {
    const files: string[] = [];
    if (formats.has('html')) {
      await writeFile(join(dir, 'charts.html'), chartPageHtml(pageData(file, input.sources, charts, false)));
      files.push('charts.html');
    }
    if (formats.has('csv')) {
      await mkdir(join(dir, 'csv'));
      for (const chart of charts) {
        for (const [i, line] of chart.lines.entries()) {
          const name = `csv/${baseName(chart)}-${i + 1}-${slug(line.label)}.csv`;
          await writeFile(join(dir, name), lineCsv(line, chart.unit));
          files.push(name);
        }
      }
    }
    if (renderer) {
      const pngs = await renderer.render(chartPageHtml(pageData(file, input.sources, charts, true)));
      await mkdir(join(dir, 'png'));
      for (const chart of charts) {
        const png = pngs.get(chart.id);
        if (!png) throw new Error(`Chromium returned no PNG for chart ${chart.id}`);
        const name = `png/${baseName(chart)}.png`;
        await writeFile(join(dir, name), png);
        files.push(name);
      }
    }
    return files;
  });
  const groups = new Set(charts.map((c) => c.group)).size;
  const counts = (['html', 'png', 'csv'] as const).filter((f) => formats.has(f)).map((f) => `${written.filter((w) => w.endsWith(`.${f}`)).length} ${f}`);
  print([
    `${charts.length} charts for ${groups} ${input.kind === 'dump' ? 'peer connection(s)' : 'result(s)'} from ${file}`,
    `wrote ${counts.join(', ')} to ${out}`,
  ]);
  return 0;
}

function parseCount(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text.trim()) || Number(text) < 1) throw new UsageError(`${flag} takes a whole number of at least 1, not '${terminalSafe(text)}'`);
  return Number(text);
}

function parseFormats(text: string | undefined): Set<Format> {
  if (text === undefined) return new Set(FORMATS);
  const wanted = text
    .split(',')
    .map((f) => f.trim().toLowerCase())
    .filter(Boolean);
  const unknown = wanted.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (unknown.length || !wanted.length) throw new UsageError(`--format takes ${FORMATS.join(', ')} (comma-separated), not '${terminalSafe(text)}'`);
  return new Set(wanted as Format[]);
}

export const statsCommand: Command = {
  help: HELP,
  helpFor(args) {
    const topic = subcommandHelp(args.find((a) => !a.startsWith('-')) ?? '');
    return topic ? `Usage: ${topic}` : HELP;
  },
  async main(args) {
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: 'boolean', default: false },
      out: { type: 'string', short: 'o' },
      format: { type: 'string' },
      metric: { type: 'string', multiple: true },
      'chromium-path': { type: 'string' },
      'max-csv-files': { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    });
    const [name, ...files] = positionals;
    if (name === undefined || name === 'help') {
      const topic = name === 'help' ? subcommandHelp(files[0] ?? '') : undefined;
      process.stdout.write(topic ? `Usage: ${topic}` : HELP);
      return 0;
    }
    if (!subcommandHelp(name)) throw new UsageError(`unknown stats subcommand '${terminalSafe(name)}' (import, chart)`);
    if (files.length !== 1) throw new UsageError(`stats ${name} takes one file, got ${files.length}`);
    const file = files[0]!;
    const chartOnly = [
      values.format !== undefined && '--format',
      values.metric && '--metric',
      values['chromium-path'] !== undefined && '--chromium-path',
      values['max-csv-files'] !== undefined && '--max-csv-files',
    ].filter(Boolean);
    if (name === 'import' && chartOnly.length) throw new UsageError(`${chartOnly.join(', ')} apply to stats chart only`);
    if (name === 'chart' && values.json) throw new UsageError('--json applies to stats import only');
    if (name === 'chart' && !values.out) throw new UsageError('stats chart needs --out DIR (where the charts go)');
    if (values.force && !values.out) throw new UsageError('--force applies with --out only');
    const formats = name === 'chart' ? parseFormats(values.format) : new Set<Format>();
    const maxCsvFiles = parseCount(values['max-csv-files'], '--max-csv-files', DEFAULT_MAX_CSV_FILES);
    // Silent on the signal: the command says itself what it left behind ("interrupted; nothing written").
    const interrupt = listenForInterrupt(process, () => undefined);
    let renderer: PngRenderer | undefined;
    try {
      if (name === 'import') return await runImport(file, values.json, values.out, values.force, interrupt.signal);
      // Before Chromium starts and the input is read: a refused folder costs nothing.
      await checkOutput(values.out!, outputFolder('stats chart', values.force));
      if (formats.has('png')) {
        const [{ PngRenderer }, { LAUNCHERS }] = await Promise.all([import('../stats/renderPng.js'), import('../launchers/index.js')]);
        const executablePath = values['chromium-path'];
        renderer = new PngRenderer(LAUNCHERS['chromium']!.launch(executablePath ? { executablePath } : {}), interrupt.signal);
      }
      return await runChart(file, {
        out: values.out!,
        force: values.force,
        maxCsvFiles,
        formats,
        metrics: values.metric ?? [],
        renderer,
        signal: interrupt.signal,
      });
    } catch (error) {
      if (error instanceof InputError) {
        print([`webrtc-harness stats ${name}: ${error.message}`], process.stderr);
        return 2;
      }
      if (error instanceof Interrupted) {
        process.stderr.write(`webrtc-harness stats ${name}: interrupted; nothing written\n`);
        return 130;
      }
      throw error;
    } finally {
      interrupt.dispose();
      await renderer?.close();
    }
  },
};
