import { describe, expect, it } from 'vitest';
import { buildModel } from '../../reports/html/buildModel.js';
import { loadResultsFixture } from '../../test/support/resultsFixtures.js';
import type { StoredRun } from '../store/runStore.js';
import { compareRuns } from './compare.js';

function visit(id: string, fixture: string, createdAt: string): StoredRun {
  const results = loadResultsFixture(fixture);
  return {
    id,
    createdAt: new Date(createdAt),
    label: 'office',
    userAgent: null,
    clientIp: null,
    verdict: 'ready',
    browsers: [...new Set(results.results.map((r) => r.browser.name))],
    results,
  };
}

describe('compareRuns', () => {
  const first = visit('AAAAAAAAfirstVisit_0000', 'check-all-pass.json', '2026-12-01T09:00:00Z');
  const second = visit('BBBBBBBBsecondVisit_000', 'check-all-pass.json', '2026-12-01T10:00:00Z');

  it('makes two visits with the same browsers distinct columns, named by each visit', () => {
    const run = compareRuns('office', [first, second]);
    const model = buildModel(run);
    const perVisit = buildModel(first.results).columns.length;
    expect(model.columns).toHaveLength(2 * perVisit);
    expect(model.columns.map((c) => c.browser)).toEqual(expect.arrayContaining(['chromium · AAAAAAAA', 'chromium · BBBBBBBB']));
    expect(run.results).toHaveLength(first.results.results.length + second.results.results.length);
  });

  it('keeps the visits in the order they came and says what the report compares', () => {
    const run = compareRuns('office', [first, second]);
    expect(run.environment.browsers[0]!.name.endsWith('AAAAAAAA')).toBe(true);
    expect(run.environment.browsers[0]!.note).toBe('visit AAAAAAAA of 2026-12-01 09:00 UTC');
    expect(run.command).toBe('webrtc-harness serve: 2 visits labelled "office"');
  });

  it('compares visits from different harness versions instead of refusing them', () => {
    const older = { ...second, results: { ...second.results, environment: { ...second.results.environment, harnessVersion: '0.0.9' } } };
    expect(compareRuns('office', [first, older]).environment.harnessVersion).toBe(`${first.results.environment.harnessVersion} | 0.0.9`);
  });
});
