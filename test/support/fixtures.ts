// Raw data recorded from real browsers (fixtures/raw/<probe>/), for replaying evaluate().
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../harness/paths.js';

const RAW_ROOT = join(PACKAGE_ROOT, 'fixtures', 'raw');

/** Every fixture file name of a probe, sorted; captures are `<browser>-adapter-<mode>.json`. */
export function rawFixtureNames(probe: string): string[] {
  return readdirSync(join(RAW_ROOT, probe))
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/** Names of the real captures (as written by `npm run fixtures:capture`), not the hand-written edge cases. */
export function capturedFixtureNames(probe: string): string[] {
  return rawFixtureNames(probe).filter((name) => /^[a-z]+(-to-[a-z]+)?-adapter-(on|off)\.json$/.test(name));
}

export function loadRawFixture<T>(probe: string, name: string): T {
  return JSON.parse(readFileSync(join(RAW_ROOT, probe, name), 'utf8')) as T;
}
