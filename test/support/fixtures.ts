// Fixtures for replaying evaluate(): fixtures/raw/<probe>/ holds raw data recorded from real
// browsers by test/tools/capture-raw-fixtures.ts; fixtures/constructed/<probe>/ holds data
// written by hand for rules no setup here can provoke (its README says why, file by file).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../reports/paths.js';

const RAW_ROOT = join(PACKAGE_ROOT, 'fixtures', 'raw');
const CONSTRUCTED_ROOT = join(PACKAGE_ROOT, 'fixtures', 'constructed');

/** Every recorded fixture file name of a probe, sorted. */
export function rawFixtureNames(probe: string): string[] {
  return jsonNames(join(RAW_ROOT, probe));
}

/** The recordings of the default capture (`npm run fixtures:capture`): `<browser>-adapter-<mode>.json`, pairs `<offerer>-to-<answerer>-adapter-<mode>.json`. */
export function capturedFixtureNames(probe: string): string[] {
  return rawFixtureNames(probe).filter((name) => /^[a-z]+(-to-[a-z]+)?-adapter-(on|off)\.json$/.test(name));
}

export function loadRawFixture<T>(probe: string, name: string): T {
  return readJson<T>(join(RAW_ROOT, probe, name));
}

/** Every hand-written fixture file name of a probe (or of a shared folder such as ice-shared), sorted. */
export function constructedFixtureNames(probe: string): string[] {
  return jsonNames(join(CONSTRUCTED_ROOT, probe));
}

export function loadConstructedFixture<T>(probe: string, name: string): T {
  return readJson<T>(join(CONSTRUCTED_ROOT, probe, name));
}

function jsonNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
