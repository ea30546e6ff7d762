// `--baseline`, `--update-baseline` and `--expectations` for `run` and `check`: files are read
// and checked before any browser starts; after the run, regressions (harness/baseline) decide
// the exit code instead of every failure.
import { readFile } from 'node:fs/promises';
import { renderJson } from '../../reports/json.js';
import { ResultsFileError, readRunResults } from '../../reports/readResults.js';
import { terminalSafe } from '../../core/sanitize.js';
import { writeFileAtomic } from '../../reports/writeFileAtomic.js';
import { describeKey, keyOf } from '../../core/resultKey.js';
import { type Expectation, compareToBaseline, isExpected, parseExpectations, unexpectedFailures } from '../baseline.js';
import { UsageError, errorMessage } from '../errors.js';
import type { RunResults } from '../../core/results.js';

export const BASELINE_OPTIONS = {
  baseline: { type: 'string' },
  'update-baseline': { type: 'string' },
  expectations: { type: 'string', multiple: true },
} as const;

export const BASELINE_HELP = `      --baseline FILE     compare with an earlier results.json: exit 1 only on regressions (a
                          pass/warn that now fails or errors, a metric beyond its tolerance, a
                          codec that disappeared), each printed
      --update-baseline FILE  write this run's results.json to FILE as the next baseline
      --expectations FILE known failures, a JSON array of {probe, browser, status, reason}; they
                          do not count (repeat for several files, e.g. fixtures/expectations/*.json)
`;

export interface BaselineValues {
  baseline?: string | undefined;
  'update-baseline'?: string | undefined;
  expectations?: string[] | undefined;
}

export interface BaselineInputs {
  baselinePath?: string;
  baseline?: RunResults;
  /** Set when --expectations was given (possibly with empty files): failures are then judged against them. */
  expectations?: Expectation[];
  updatePath?: string;
}

/** Reads the baseline and expectation files; any problem is a usage error, raised before the run. */
export async function loadBaselineInputs(values: BaselineValues): Promise<BaselineInputs> {
  const inputs: BaselineInputs = {};
  try {
    if (values.baseline !== undefined) {
      inputs.baselinePath = values.baseline;
      inputs.baseline = await readRunResults(values.baseline);
    }
  } catch (error) {
    if (error instanceof ResultsFileError) throw new UsageError(`--baseline ${error.message}`);
    throw error;
  }
  if (values.expectations?.length) {
    inputs.expectations = [];
    for (const file of values.expectations) {
      let value: unknown;
      try {
        value = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        throw new UsageError(
          `--expectations ${file}: ${error instanceof SyntaxError ? `not JSON (${error.message})` : `cannot read it (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`}`,
        );
      }
      inputs.expectations.push(...parseExpectations(value, file));
    }
  }
  if (values['update-baseline'] !== undefined) inputs.updatePath = values['update-baseline'];
  return inputs;
}

/** Writes the run as the next baseline, unless it was interrupted (a partial run is no baseline). */
export async function updateBaseline(inputs: BaselineInputs, run: RunResults, stream: NodeJS.WritableStream): Promise<void> {
  if (inputs.updatePath === undefined) return;
  if (run.interrupted) {
    stream.write(`Baseline not updated: the run was interrupted (${inputs.updatePath} is unchanged).\n`);
    return;
  }
  await writeFileAtomic(inputs.updatePath, renderJson(run));
  stream.write(`Baseline updated: ${inputs.updatePath}\n`);
}

/**
 * The exit code when --baseline or --expectations was given (printing why), else `fallback`.
 * With a baseline: 1 when there are regressions. With expectations only: 1 when a fail or error
 * is not among them.
 */
export function judgedExitCode(inputs: BaselineInputs, run: RunResults, fallback: number, stream: NodeJS.WritableStream): number {
  if (!inputs.baseline && !inputs.expectations) return fallback;
  const expectations = inputs.expectations ?? [];
  const lines: string[] = [];
  const excused = run.results.filter((r) => isExpected(r, expectations));
  if (excused.length)
    lines.push(
      `Known failures (not counted): ${excused.length}`,
      ...excused.map((r) => `  - ${describeKey(keyOf(r))}: ${r.status}: ${isExpected(r, expectations)!.reason}`),
    );
  let failed: boolean;
  if (inputs.baseline) {
    const regressions = compareToBaseline(inputs.baseline, run, expectations);
    lines.push(regressions.length ? `Regressions against ${inputs.baselinePath}: ${regressions.length}` : `No regressions against ${inputs.baselinePath}.`);
    lines.push(...regressions.map((r) => `  - ${describeKey(r)}: ${r.message}`));
    failed = regressions.length > 0;
  } else {
    const unexpected = unexpectedFailures(run, expectations);
    lines.push(unexpected.length ? `Unexpected failures: ${unexpected.length}` : 'No unexpected failures.');
    lines.push(...unexpected.map((r) => `  - ${describeKey(keyOf(r))}: ${r.status}`));
    failed = unexpected.length > 0;
  }
  stream.write(`\n${lines.map(terminalSafe).join('\n')}\n`);
  return failed ? 1 : 0;
}
