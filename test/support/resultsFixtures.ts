// Results files in fixtures/results/, named by what they contain: real runs
// (`check-all-pass.json`, `run-both-adapters-all-probes.json`), runs derived from them with one
// change each (`check-chromium-vp9-gone.json`), hostile strings (`xss-payloads.json`), and
// files that are no results file at all (`invalid-*.json`).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults } from '../../core/results.js';
import { PACKAGE_ROOT } from '../../reports/paths.js';

export const RESULTS_FIXTURES = join(PACKAGE_ROOT, 'fixtures', 'results');

export const resultsFixture = (name: string) => join(RESULTS_FIXTURES, name);

export function loadResultsFixture(name: string): RunResults {
  return JSON.parse(readFileSync(resultsFixture(name), 'utf8')) as RunResults;
}

const all = () =>
  readdirSync(RESULTS_FIXTURES)
    .filter((n) => n.endsWith('.json'))
    .sort();
export const validResultsFixtureNames = () => all().filter((n) => !n.startsWith('invalid-'));
export const invalidResultsFixtureNames = () => all().filter((n) => n.startsWith('invalid-'));
