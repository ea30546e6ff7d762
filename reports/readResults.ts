// Reads a results.json written by an earlier run (a baseline, one side of `report diff`, the
// input of `report html`) and checks the fields the harness relies on, so a wrong file gets
// one clear message naming the file and the field instead of a crash further down.
import { readFile, stat } from 'node:fs/promises';
import { RESULTS_SCHEMA_VERSION, type RunResults } from '../harness/results.js';

/** Bad input file: the message names it; commands turn this into exit code 2. */
export class ResultsFileError extends Error {
  override readonly name = 'ResultsFileError';
}

/** Far above any real run (a full run with raw data is a few hundred KB). */
export const MAX_RESULTS_BYTES = 64 * 1024 * 1024;

const STATUSES = new Set(['pass', 'warn', 'fail', 'skip', 'error']);
const SEVERITIES = new Set(['info', 'warn', 'fail']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first problem with `value` as RunResults, as `field: problem`, or null when it has the shape. */
function problemOf(value: unknown): string | null {
  if (!isRecord(value)) return 'not a JSON object';
  if (value['schemaVersion'] !== RESULTS_SCHEMA_VERSION) return `schemaVersion is ${JSON.stringify(value['schemaVersion'])}; this harness reads ${RESULTS_SCHEMA_VERSION}`;
  for (const field of ['command', 'startedAt', 'finishedAt']) if (typeof value[field] !== 'string') return `${field}: expected a string`;
  const env = value['environment'];
  if (!isRecord(env) || !Array.isArray(env['browsers']) || !Array.isArray(env['iceServers'])) return 'environment: expected an object with browsers and iceServers';
  for (const [i, b] of env['browsers'].entries()) if (!isRecord(b) || typeof b['name'] !== 'string' || typeof b['version'] !== 'string') return `environment.browsers[${i}]: expected {name, version}`;
  const matrix = value['matrix'];
  const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
  if (matrix !== undefined && (!isRecord(matrix) || !strings(matrix['browsers']) || !strings(matrix['probes']) || !strings(matrix['adapterModes']))) {
    return 'matrix: expected {browsers, probes, adapterModes} as lists of names';
  }
  const shard = value['shard'];
  const positive = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;
  if (shard !== undefined && (!isRecord(shard) || !positive(shard['index']) || !positive(shard['count']) || (shard['index'] as number) > (shard['count'] as number))) {
    return 'shard: expected {index, count} with 1 ≤ index ≤ count';
  }
  if (!Array.isArray(value['results'])) return 'results: expected an array';
  for (const [i, r] of value['results'].entries()) {
    const at = `results[${i}]`;
    if (!isRecord(r)) return `${at}: expected an object`;
    for (const field of ['probe', 'title', 'scenario']) if (typeof r[field] !== 'string') return `${at}.${field}: expected a string`;
    if (!isRecord(r['browser']) || typeof r['browser']['name'] !== 'string' || typeof r['browser']['version'] !== 'string') return `${at}.browser: expected {name, version}`;
    if (r['adapter'] !== 'off' && r['adapter'] !== 'on') return `${at}.adapter: expected 'off' or 'on'`;
    if (typeof r['status'] !== 'string' || !STATUSES.has(r['status'])) return `${at}.status: expected pass, warn, fail, skip or error`;
    if (!isRecord(r['metrics']) || !Object.values(r['metrics']).every((n) => typeof n === 'number')) return `${at}.metrics: expected an object of numbers`;
    if (!Array.isArray(r['findings']) || !r['findings'].every((f) => isRecord(f) && typeof f['message'] === 'string' && SEVERITIES.has(f['severity'] as string))) {
      return `${at}.findings: expected [{severity, message}]`;
    }
  }
  return null;
}

/** Parses and checks the text of a results file; `name` is used in messages. */
export function parseRunResults(text: string, name: string): RunResults {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ResultsFileError(`${name}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const problem = problemOf(value);
  if (problem) throw new ResultsFileError(`${name}: not a webrtc-harness results file: ${problem}`);
  return value as RunResults;
}

export async function readRunResults(path: string): Promise<RunResults> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new ResultsFileError(`${path}: a directory, not a results.json file`);
    if (info.size > MAX_RESULTS_BYTES) throw new ResultsFileError(`${path}: ${info.size} bytes, larger than any results file; refused`);
    return parseRunResults(await readFile(path, 'utf8'), path);
  } catch (error) {
    if (error instanceof ResultsFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ResultsFileError(`${path}: cannot read it (${code === 'ENOENT' ? 'no such file' : code ?? String(error)})`);
  }
}
