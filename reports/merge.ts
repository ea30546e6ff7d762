// `report merge`: the results of shards (`--shard I/N` on several machines) as one run, the way
// Playwright merges its blob reports: the same results, in the order one unsharded run lists
// them, with the environments combined. Pure: the command reads the files and writes the reports.
import { keyOf, keyText } from '../core/resultKey.js';
import { cellOf, compareCells } from '../core/matrix.js';
import type { BrowserIdentity, ProbeResult, RunEnvironment, RunMatrix, RunResults } from '../core/results.js';
import { ResultsFileError } from './readResults.js';

/** One input: the run and the name it is called by in messages (its path). */
export interface MergeInput {
  name: string;
  run: RunResults;
}

export interface Merged {
  run: RunResults & { matrix: RunMatrix };
  /** Worth saying, not worth refusing: shards that are missing from a complete split. */
  warnings: string[];
}

function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** `run -b chromium --shard 2/3 -o out` -> `run -b chromium -o out`: the command of the run the shards make up. */
export function unshardedCommand(command: string): string {
  return command.replace(/\s--shard(?:=|\s+)\S+/g, '');
}

function sameVersion(inputs: readonly MergeInput[]): string {
  const [first, ...rest] = inputs;
  const other = rest.find((i) => i.run.environment.harnessVersion !== first!.run.environment.harnessVersion);
  if (other) {
    throw new ResultsFileError(
      `${first!.name} was written by webrtc-harness ${first!.run.environment.harnessVersion}, ${other.name} by ${other.run.environment.harnessVersion}: merge only shards that one version of the harness wrote`,
    );
  }
  return first!.run.environment.harnessVersion;
}

/** The matrix the shards split (all that record one must agree), or one read off the results of older files. */
function sharedMatrix(inputs: readonly MergeInput[], results: readonly ProbeResult[]): RunMatrix {
  const recorded = inputs.filter((i) => i.run.matrix !== undefined);
  const first = recorded[0];
  const other = recorded.find((i) => JSON.stringify(i.run.matrix) !== JSON.stringify(first!.run.matrix));
  if (other) {
    const show = (m: RunMatrix) => `browsers ${m.browsers.join(', ')}; probes ${m.probes.join(', ')}; adapter ${m.adapterModes.join(', ')}`;
    throw new ResultsFileError(
      `${first!.name} and ${other.name} are not shards of one run: their matrices differ (${show(first!.run.matrix!)} / ${show(other.run.matrix!)})`,
    );
  }
  if (first) return first.run.matrix!;
  return {
    browsers: distinct(results.flatMap((r) => (r.peer ? [r.browser.name, r.peer.name] : [r.browser.name]))),
    probes: distinct(results.map((r) => r.probe)),
    adapterModes: (['off', 'on'] as const).filter((mode) => results.some((r) => r.adapter === mode)),
  };
}

const MISSING_LISTED = 10;

/** Shards named twice or split differently are refused; missing ones are a warning. */
function checkShards(inputs: readonly MergeInput[]): string[] {
  const sharded = inputs.filter((i) => i.run.shard !== undefined);
  const counts = distinct(sharded.map((i) => i.run.shard!.count));
  if (counts.length > 1)
    throw new ResultsFileError(
      `the shards split the run differently (${sharded.map((i) => `${i.name}: ${i.run.shard!.index}/${i.run.shard!.count}`).join(', ')})`,
    );
  const seen = new Map<number, string>();
  for (const { name, run } of sharded) {
    const twin = seen.get(run.shard!.index);
    if (twin !== undefined) throw new ResultsFileError(`${twin} and ${name} are both shard ${run.shard!.index}/${run.shard!.count}`);
    seen.set(run.shard!.index, name);
  }
  const count = counts[0];
  if (count === undefined) return [];
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !seen.has(index));
  if (!missing.length) return [];
  // The schema caps count like --shard does (999999): the list is bounded, but not short.
  const listed = missing.slice(0, MISSING_LISTED).map((i) => `${i}/${count}`);
  const more = missing.length > MISSING_LISTED ? ` and ${missing.length - MISSING_LISTED} more` : '';
  return [`shard${missing.length > 1 ? 's' : ''} ${listed.join(', ')}${more} missing: the merged results cover part of the run`];
}

/** Every result once: the same probe x browser(s) x adapter x scenario in two inputs means they are not disjoint shards. */
function collectResults(inputs: readonly MergeInput[]): ProbeResult[] {
  const owners = new Map<string, string>();
  const results: ProbeResult[] = [];
  for (const { name, run } of inputs) {
    for (const result of run.results) {
      const key = keyText(keyOf(result));
      const owner = owners.get(key);
      if (owner !== undefined) {
        const k = keyOf(result);
        throw new ResultsFileError(
          `${owner} and ${name} both hold ${k.probe} [${k.browser}, adapter ${k.adapter}, ${k.scenario}]: merge shards of one run, not overlapping runs`,
        );
      }
      owners.set(key, name);
      results.push(result);
    }
  }
  return results;
}

/** Each browser once per version; one that never started is listed only when no shard started it. */
function mergedBrowsers(inputs: readonly MergeInput[], matrix: RunMatrix): BrowserIdentity[] {
  const all = inputs.flatMap((i) => i.run.environment.browsers);
  const started = new Set(all.filter((b) => b.version !== '').map((b) => b.name));
  const kept = new Map<string, BrowserIdentity>();
  for (const b of all) if (b.version !== '' || !started.has(b.name)) kept.set(`${b.name}\u0000${b.version}`, b);
  const position = (name: string) => (matrix.browsers.includes(name) ? matrix.browsers.indexOf(name) : matrix.browsers.length);
  return [...kept.values()].sort((a, b) => position(a.name) - position(b.name));
}

/** Fields that should agree across shards; where they do not, every value is kept, joined. */
function mergedEnvironment(inputs: readonly MergeInput[], matrix: RunMatrix, harnessVersion: string): RunEnvironment {
  const joined = (field: 'os' | 'node' | 'adapterVersion' | 'scenario') => distinct(inputs.map((i) => i.run.environment[field])).join(' | ');
  return {
    os: joined('os'),
    node: joined('node'),
    harnessVersion,
    adapterVersion: joined('adapterVersion'),
    browsers: mergedBrowsers(inputs, matrix),
    scenario: joined('scenario'),
    // Each shard starts its own embedded coturn (another port): all of them were under test.
    iceServers: distinct(inputs.flatMap((i) => i.run.environment.iceServers)),
  };
}

/**
 * One run made of `inputs`: results ordered as an unsharded run orders them (by scenario in the
 * order first seen, then core/matrix's run order), interrupted if any shard was, started at
 * the earliest start, finished at the latest finish. Throws ResultsFileError when the inputs
 * are not shards of one run: other harness versions, other matrices, a shard twice, a result twice.
 */
export function mergeRuns(inputs: readonly MergeInput[]): Merged {
  if (inputs.length === 0) throw new ResultsFileError('nothing to merge');
  const harnessVersion = sameVersion(inputs);
  const warnings = checkShards(inputs);
  // Shard order, not argument order: the same shards merge to the same file however they were listed.
  const ordered = [...inputs].sort((a, b) => (a.run.shard?.index ?? 0) - (b.run.shard?.index ?? 0));
  const results = collectResults(ordered);
  const matrix = sharedMatrix(ordered, results);
  const scenarios = distinct(results.map((r) => r.scenario));
  const byCell = compareCells(matrix);
  results.sort((a, b) => scenarios.indexOf(a.scenario) - scenarios.indexOf(b.scenario) || byCell(cellOf(a), cellOf(b)));
  const nat = ordered.find((i) => i.run.nat)?.run.nat;
  const times = (field: 'startedAt' | 'finishedAt') => ordered.map((i) => i.run[field]).sort((a, b) => Date.parse(a) - Date.parse(b));
  return {
    run: {
      schemaVersion: ordered[0]!.run.schemaVersion,
      command: unshardedCommand(ordered[0]!.run.command),
      startedAt: times('startedAt')[0]!,
      finishedAt: times('finishedAt').at(-1)!,
      interrupted: ordered.some((i) => i.run.interrupted),
      environment: mergedEnvironment(ordered, matrix, harnessVersion),
      matrix,
      // Every shard of a check classified the same network: the first shard's NAT tests stand for all.
      ...(nat ? { nat } : {}),
      results,
    },
    warnings,
  };
}
