import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countByStatus, RESULTS_SCHEMA_VERSION } from '../core/results.js';
import { renderJson } from './json.js';
import { PACKAGE_ROOT } from './paths.js';
import { resultsSchema, validateResults } from '../test/support/resultsSchema.js';
import { sampleRun } from '../test/support/sampleRun.js';

const schema = resultsSchema;
const validate = validateResults;

/** Parsed JSON, mutable at any depth: the mutations below reach into it as a hostile file would. */
// biome-ignore lint/suspicious/noExplicitAny: a test that breaks arbitrary fields of parsed JSON
type LooseJson = Record<string, any>;

/** A sample run as it looks on disk (after JSON serialization), as a plain mutable object. */
function onDisk(): LooseJson {
  return JSON.parse(renderJson(sampleRun())) as LooseJson;
}

describe('results.schema.json', () => {
  it('accepts a representative run as written by the json reporter', () => {
    expect(validate(onDisk()), JSON.stringify(validate.errors)).toBe(true);
  });

  it('pins schemaVersion and the status list to core/results.ts', () => {
    const s = schema as { properties: { schemaVersion: { const: number } }; $defs: { status: { enum: string[] } } };
    expect(s.properties.schemaVersion.const).toBe(RESULTS_SCHEMA_VERSION);
    expect([...s.$defs.status.enum].sort()).toEqual(Object.keys(countByStatus([])).sort());
  });

  it('accepts the matrix and shard of a sharded run, and rejects a shard 0 or an unknown adapter mode in the matrix', () => {
    const run = onDisk();
    run['matrix'] = { browsers: ['chromium', 'firefox'], probes: ['devices'], adapterModes: ['off', 'on'] };
    run['shard'] = { index: 2, count: 2 };
    expect(validate(run), JSON.stringify(validate.errors)).toBe(true);
    run['shard'] = { index: 0, count: 2 };
    expect(validate(run)).toBe(false);
    run['shard'] = { index: 1, count: 2 };
    run['matrix'].adapterModes = ['maybe'];
    expect(validate(run)).toBe(false);
  });

  it("accepts a check's recorded NAT tests (fixtures/nat) and rejects a port out of range or an unknown field in them", () => {
    const run = onDisk();
    run['nat'] = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'fixtures', 'nat', 'dual-stack.json'), 'utf8'));
    expect(validate(run), JSON.stringify(validate.errors)).toBe(true);
    run['nat'][0].mapping.test1.mapped.port = 70_000;
    expect(validate(run)).toBe(false);
    run['nat'][0].mapping.test1.mapped.port = 1;
    run['nat'][0].filtering.extra = true;
    expect(validate(run)).toBe(false);
  });

  it('rejects an unknown status', () => {
    const run = onDisk();
    run['results'][0].status = 'bogus';
    expect(validate(run)).toBe(false);
    expect(validate.errors?.some((e) => e.instancePath === '/results/0/status')).toBe(true);
  });

  it('rejects a browser without a version', () => {
    const run = onDisk();
    delete run['results'][1].browser.version;
    expect(validate(run)).toBe(false);
    expect(validate.errors?.some((e) => e.instancePath === '/results/1/browser' && e.keyword === 'required')).toBe(true);
  });

  it('rejects a wrong schemaVersion, unknown fields, a bad severity, non-numeric metrics and a bad adapter mode', () => {
    const mutations: ((run: LooseJson) => void)[] = [
      (run) => (run['schemaVersion'] = 2),
      (run) => (run['extra'] = true),
      (run) => (run['results'][0].extra = true),
      (run) => (run['environment'].browsers[0].extra = true),
      (run) => (run['results'][0].findings[0].severity = 'error'),
      (run) => (run['results'][0].metrics.enumerateMs = '12'),
      (run) => (run['results'][0].adapter = 'yes'),
      (run) => delete run['environment'].adapterVersion,
      (run) => (run['results'][4].reason = 42),
    ];
    for (const mutate of mutations) {
      const run = onDisk();
      mutate(run);
      expect(validate(run), mutate.toString()).toBe(false);
    }
  });

  it('accepts any raw value, including extra keys inside it, and a result without raw', () => {
    const run = onDisk();
    run['results'][0].raw = { anything: [1, 'two', { nested: null }] };
    expect(run['results'][5]).not.toHaveProperty('raw');
    expect(validate(run), JSON.stringify(validate.errors)).toBe(true);
  });
});
