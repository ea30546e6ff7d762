// Runs that share a label as one comparison report: each visit becomes its own columns, so the
// visitors' browsers sit side by side, and reports/merge.ts joins them the way it joins shards.
// Two visitors with the same browser would otherwise fall into one column (and merge would refuse
// them as overlapping), so every visit's browser names carry the visit's short id
// (`chromium · 3f9a1c0d`): the column names the visit, and /r/<that id…> is its own report.
import type { BrowserIdentity, RunMatrix, RunResults } from '../../core/results.js';
import { mergeRuns } from '../../reports/merge.js';
import type { StoredRun } from '../store/runStore.js';

/** Columns of one comparison report at most: more visits than this are left out (the oldest are kept). */
export const MAX_COMPARED_RUNS = 24;
const SHORT_ID_LENGTH = 8;

const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];

export const shortRunId = (id: string) => id.slice(0, SHORT_ID_LENGTH);

function visitBrowser(browser: BrowserIdentity, run: StoredRun): BrowserIdentity {
  const when = run.createdAt.toISOString().slice(0, 16).replace('T', ' ');
  return { ...browser, name: `${browser.name} · ${shortRunId(run.id)}`, note: `visit ${shortRunId(run.id)} of ${when} UTC` };
}

/** The run with every browser name made the visit's own. */
function asVisit(run: StoredRun): RunResults {
  const { results } = run;
  const { shard: _shard, ...rest } = results;
  return {
    ...rest,
    environment: { ...results.environment, browsers: results.environment.browsers.map((b) => visitBrowser(b, run)) },
    results: results.results.map((r) => ({ ...r, browser: visitBrowser(r.browser, run), ...(r.peer ? { peer: visitBrowser(r.peer, run) } : {}) })),
  };
}

/**
 * One RunResults with a column per visit and browser, in the order the visits came. Visits are
 * not shards of one run: the matrix is their union, and the harness versions are listed together
 * rather than refused (a server upgraded between two visits is still worth comparing).
 */
export function compareRuns(label: string, runs: readonly StoredRun[]): RunResults {
  if (runs.length === 0) throw new Error('compareRuns needs at least one run');
  const visits = runs.map(asVisit);
  const matrix: RunMatrix = {
    browsers: distinct(
      visits.flatMap((v) => [
        ...v.environment.browsers.map((b) => b.name),
        ...v.results.flatMap((r) => (r.peer ? [r.browser.name, r.peer.name] : [r.browser.name])),
      ]),
    ),
    probes: distinct(visits.flatMap((v) => v.matrix?.probes ?? v.results.map((r) => r.probe))),
    adapterModes: (['off', 'on'] as const).filter((mode) => visits.some((v) => v.results.some((r) => r.adapter === mode))),
  };
  const harnessVersion = distinct(visits.map((v) => v.environment.harnessVersion)).join(' | ');
  const { run } = mergeRuns(
    visits.map((visit, i) => ({ name: runs[i]!.id, run: { ...visit, matrix, environment: { ...visit.environment, harnessVersion } } })),
  );
  return { ...run, command: `webrtc-harness serve: ${runs.length} visit${runs.length === 1 ? '' : 's'} labelled ${JSON.stringify(label)}` };
}
