// What `stats chart` draws from: a stats dump (each peer connection a source), or a harness
// results.json (each result that carries series a source). Results carry series as
// `series` or `raw.series` (a SeriesSet, an array of them, or the flat `{t, name: [...]}` of
// early stats probes); getstats-bandwidth keeps its sets in `raw.sets`. Everything read from
// the file is checked: times and values must be finite numbers, columns are cut to `t`.
import { open } from 'node:fs/promises';
import { inputFileProblem, regularFileSize } from '../../reports/inputFile.js';
import { readRunResults } from '../../reports/readResults.js';
import type { ChartSource } from './charts.js';
import { DumpError, type DumpImport } from './dump.js';
import { importDump } from './importDump.js';
import type { Annotation, SeriesSet } from '../../core/series.js';
import { keyedByUntrusted, toFinite, toLabel } from './values.js';

export interface ChartInput {
  kind: 'dump' | 'results';
  sources: ChartSource[];
  /** Dumps only: the import, for the summary. */
  dump?: DumpImport;
  /** Results only: how many results there were (to say "none carries series"). */
  results?: number;
}

/** Larger than `report` reads (series make results files big), small enough for one JSON.parse: checked before reading. */
const MAX_CHART_RESULTS_BYTES = 256 * 1024 * 1024;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A results.json starts with its schemaVersion (reports/json.ts writes it first). */
async function looksLikeResults(path: string): Promise<boolean> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return false;
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(4096), 0, 4096, 0);
    return /^\s*\{\s*"schemaVersion"\s*:/.test(buffer.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await file.close();
  }
}

function numbers(value: unknown): number[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (value as number[]) : undefined;
}

function column(value: unknown, length: number): (number | null)[] | undefined {
  return Array.isArray(value) ? Array.from({ length }, (_, i) => toFinite(value[i])) : undefined;
}

/** A SeriesSet as found in untrusted JSON, checked and cleaned; undefined when it is not one. */
function seriesSet(value: unknown, fallbackName: string): SeriesSet | undefined {
  if (!isRecord(value)) return undefined;
  const t = numbers(value['t']);
  if (!t) return undefined;
  const series = keyedByUntrusted<(number | null)[]>();
  // The SeriesSet shape, or the flat one: every other array of numbers beside `t` is a series.
  const fields = isRecord(value['series']) ? value['series'] : Object.fromEntries(Object.entries(value).filter(([k, v]) => k !== 't' && Array.isArray(v)));
  for (const [name, values] of Object.entries(fields)) {
    const cleaned = column(values, t.length);
    if (cleaned) series[toLabel(name)!] = cleaned;
  }
  if (!Object.keys(series).length) return undefined;
  const set: SeriesSet = { name: toLabel(value['name']) ?? fallbackName, t, series };
  if (isRecord(value['units']))
    set.units = Object.fromEntries(Object.entries(value['units']).flatMap(([k, u]) => (typeof u === 'string' ? [[toLabel(k)!, toLabel(u)!]] : [])));
  if (Array.isArray(value['annotations'])) {
    set.annotations = value['annotations'].flatMap((a): Annotation[] =>
      isRecord(a) && typeof a['t'] === 'number' && Number.isFinite(a['t']) && typeof a['label'] === 'string'
        ? [{ t: a['t'], label: toLabel(a['label'])! }]
        : [],
    );
  }
  return set;
}

function setsOf(value: unknown, name: string): SeriesSet[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.flatMap((v, i) => seriesSet(v, list.length > 1 ? `${name} #${i + 1}` : name) ?? []);
}

function resultName(result: Record<string, unknown>, index: number): string {
  const browser = isRecord(result['browser']) ? result['browser']['name'] : undefined;
  const peer = isRecord(result['peer']) ? result['peer']['name'] : undefined;
  const parts = [
    result['probe'],
    peer ? `${String(browser)}→${String(peer)}` : browser,
    result['adapter'] ? `adapter ${String(result['adapter'])}` : undefined,
  ];
  return `${index + 1}. ${parts.filter((p) => typeof p === 'string' && p).join(' ')}`;
}

/** A results.json, checked against its schema (ResultsFileError, naming the file, when it is not one). */
async function readResults(path: string): Promise<ChartInput> {
  const run = await readRunResults(path, MAX_CHART_RESULTS_BYTES);
  // Read as untrusted JSON all the same: series of older probes sit in `raw`, which the schema leaves open.
  const results: unknown[] = run.results;
  const sources = results.flatMap((result, index): ChartSource[] => {
    if (!isRecord(result)) return [];
    const name = resultName(result, index);
    const raw = isRecord(result['raw']) ? result['raw'] : {};
    const sets = [...setsOf(result['series'], name), ...(result['series'] === undefined ? [...setsOf(raw['series'], name), ...setsOf(raw['sets'], name)] : [])];
    const events = sets.flatMap((s) => s.annotations ?? []).sort((a, b) => a.t - b.t);
    return sets.length ? [{ name, sets, events }] : [];
  });
  return { kind: 'results', sources, results: results.length };
}

export async function loadChartInput(path: string, signal?: AbortSignal): Promise<ChartInput> {
  // Before any open: a FIFO would block it, a folder has no head to sniff.
  await regularFileSize(path).catch((error: unknown) => {
    throw new DumpError(inputFileProblem(error));
  });
  if (await looksLikeResults(path)) return readResults(path);
  const dump = await importDump(path, signal);
  return { kind: 'dump', dump, sources: dump.peerConnections.map((pc) => ({ name: `peer connection ${pc.id}`, sets: pc.stats, events: pc.events })) };
}
