// What a probe means lives in its folder: its spec declares every metric it reports, and no
// code outside probes/ names one, so renaming a metric is a change to one folder.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../reports/paths.js';
import { loadRawFixture, rawFixtureNames } from '../test/support/fixtures.js';
import { PROBES } from './index.js';

/** Non-test TypeScript under a folder of the repository. */
function sourcesUnder(folder: string): string[] {
  return readdirSync(join(PACKAGE_ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => join(PACKAGE_ROOT, folder, file));
}

/** `'relayConnectMs'`, `"relayConnectMs"`, `` `relayConnectMs` `` or `metrics.relayConnectMs`: code that names the metric. */
function mentions(text: string, metric: string): boolean {
  return new RegExp(`(['"\`])${metric}\\1|metrics\\??\\.${metric}\\b`).test(text);
}

/** Each place outside probes/ that names a metric some probe declares, as `file: metric`. */
function metricNamesIn(files: readonly string[]): string[] {
  // getstats-bandwidth's `fps` is also the unit charts print: a name that is a unit cannot be told apart.
  const units = new Set(PROBES.flatMap((p) => Object.values(p.metrics).map((rule) => rule.unit)));
  const declared = [...new Set(PROBES.flatMap((p) => Object.keys(p.metrics)))].filter((metric) => !units.has(metric));
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return declared.filter((metric) => mentions(text, metric)).map((metric) => `${relative(PACKAGE_ROOT, file)}: ${metric}`);
  });
}

describe('what a probe means lives in its folder', () => {
  it.each(PROBES.map((p) => [p.id]))('%s declares every metric it reports on its recorded raw data', (id) => {
    const spec = PROBES.find((p) => p.id === id)!;
    const reported = new Set(rawFixtureNames(id).flatMap((name) => Object.keys(spec.evaluate(loadRawFixture<unknown>(id, name)).metrics)));
    expect(reported.size, 'the fixtures show no metric at all').toBeGreaterThan(0);
    expect([...reported].filter((metric) => !Object.hasOwn(spec.metrics, metric))).toEqual([]);
  });

  it('no code in harness/ or reports/ names a metric of a probe: readiness, baseline and reports read the specs', () => {
    expect(metricNamesIn([...sourcesUnder('harness'), ...sourcesUnder('reports')])).toEqual([]);
  });

  it('the scan notices a metric named as a string or a metrics property', () => {
    expect(mentions("r.metrics['relayConnectMs']", 'relayConnectMs')).toBe(true);
    expect(mentions('r.metrics.relayConnectMs ?? 0', 'relayConnectMs')).toBe(true);
    expect(mentions('const relayConnectMsLimit = 3', 'relayConnectMs')).toBe(false);
    expect(metricNamesIn([join(PACKAGE_ROOT, 'probes', 'connectivity', 'probe.ts')])).toContain('probes/connectivity/probe.ts: relayConnectMs');
  });
});
