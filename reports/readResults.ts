// Reads a results.json written by an earlier run (a baseline, one side of `report diff`, the
// input of `report html` or `report merge`, what `stats chart` draws) and checks it against
// its published JSON Schema (reports/results.schema.json), so a wrong file gets one clear
// message naming the file and the field instead of a crash further down. The schema also
// bounds what later code trusts (a shard count is capped like --shard).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { PACKAGE_ROOT } from './paths.js';
import { RESULTS_SCHEMA_VERSION, type RunResults } from '../core/results.js';
import { inputFileProblem, regularFileSize } from './inputFile.js';

/** Bad input file: the message names it; commands turn this into exit code 2. */
export class ResultsFileError extends Error {
  override readonly name = 'ResultsFileError';
}

/** Far above any real run (a full run with raw data is a few hundred KB). */
export const MAX_RESULTS_BYTES = 64 * 1024 * 1024;

export const RESULTS_SCHEMA_PATH = join(PACKAGE_ROOT, 'reports', 'results.schema.json');

let validator: Promise<ValidateFunction> | undefined;

/** The schema compiled once, on first use: commands that never read a results file never load ajv. */
function resultsValidator(): Promise<ValidateFunction> {
  validator ??= (async () => {
    const [{ Ajv2020 }, schema] = await Promise.all([import('ajv/dist/2020.js'), readFile(RESULTS_SCHEMA_PATH, 'utf8')]);
    return new Ajv2020({ strict: true }).compile(JSON.parse(schema) as object);
  })();
  return validator;
}

/** `/results/0/status must be equal to one of the allowed values (pass, warn, ...)`: ajv's own path and words. */
function describeSchemaError(error: ErrorObject): string {
  const at = error.instancePath || '/';
  const params = error.params as { additionalProperty?: unknown; allowedValues?: unknown };
  const detail =
    error.keyword === 'additionalProperties'
      ? ` (${JSON.stringify(params.additionalProperty)})`
      : error.keyword === 'enum' && Array.isArray(params.allowedValues)
        ? ` (${params.allowedValues.join(', ')})`
        : '';
  return `${at} ${error.message ?? `fails ${error.keyword}`}${detail}`;
}

/** The first problem with `value` as RunResults, or null when it is one. */
async function problemOf(value: unknown): Promise<string | null> {
  const version = typeof value === 'object' && value !== null ? (value as { schemaVersion?: unknown }).schemaVersion : undefined;
  // A newer or older format is worth its own words rather than "must be equal to constant".
  if (version !== undefined && version !== RESULTS_SCHEMA_VERSION)
    return `schemaVersion is ${JSON.stringify(version)}; this harness reads ${RESULTS_SCHEMA_VERSION}`;
  const validate = await resultsValidator();
  if (!validate(value)) return describeSchemaError(validate.errors![0]!);
  // The one rule a JSON Schema cannot state: the index is within the count.
  const { shard } = value as RunResults;
  if (shard && shard.index > shard.count) return `/shard/index ${shard.index} is beyond /shard/count ${shard.count}`;
  return null;
}

/** Checks an already parsed value (a served visitor's post) as RunResults; `name` is used in messages. */
export async function checkRunResults(value: unknown, name: string): Promise<RunResults> {
  const problem = await problemOf(value);
  if (problem) throw new ResultsFileError(`${name}: not a webrtc-harness results file: ${problem}`);
  return value as RunResults;
}

/** Parses and checks the text of a results file; `name` is used in messages. */
export async function parseRunResults(text: string, name: string): Promise<RunResults> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ResultsFileError(`${name}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return checkRunResults(value, name);
}

/** Reads and checks a results file no larger than `maxBytes` (checked before reading). */
export async function readRunResults(path: string, maxBytes = MAX_RESULTS_BYTES): Promise<RunResults> {
  let text: string;
  try {
    const size = await regularFileSize(path);
    if (size > maxBytes) throw new ResultsFileError(`${path}: ${size} bytes, more than the ${maxBytes / 1024 / 1024} MB a results file may have; refused`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof ResultsFileError) throw error;
    throw new ResultsFileError(`${path}: ${inputFileProblem(error)}`);
  }
  return parseRunResults(text, path);
}
