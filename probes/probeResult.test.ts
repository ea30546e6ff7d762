// The one rule by which the runner and serve's readiness page turn a page's raw data into a result.
import { describe, expect, it } from 'vitest';
import type { ProbeSpec } from './types.js';
import { errorResult, judgedResult } from './probeResult.js';

const cell = { browser: { name: 'firefox', version: '140.0', userAgent: 'UA' }, scenario: 'visitor', adapter: 'off' as const };
const spec = (evaluate: ProbeSpec['evaluate']) => ({ id: 'p', title: 'P', evaluate });

describe('judgedResult', () => {
  it('takes status, findings, metrics and series from evaluate, keeps the raw data and the time', () => {
    const series = [{ name: 's', t: [0], series: { x: [1] } }];
    const result = judgedResult(
      spec(() => ({ findings: [{ severity: 'warn', message: 'slow' }], metrics: { ms: 5 }, series })),
      cell,
      { seen: 1 },
      42,
    );
    expect(result).toEqual({
      probe: 'p',
      title: 'P',
      browser: cell.browser,
      scenario: 'visitor',
      adapter: 'off',
      status: 'warn',
      findings: [{ severity: 'warn', message: 'slow' }],
      metrics: { ms: 5 },
      series,
      raw: { seen: 1 },
      durationMs: 42,
    });
  });

  it('a skip says why in reason', () => {
    expect(
      judgedResult(
        spec(() => ({ findings: [], metrics: {}, skip: 'no camera' })),
        cell,
        {},
        1,
      ),
    ).toMatchObject({ status: 'skip', reason: 'no camera' });
  });

  it('an evaluate that throws is an error result that names the error and keeps the raw data for replay', () => {
    const result = judgedResult(
      spec(() => {
        throw new TypeError('raw.cases is not iterable');
      }),
      cell,
      { odd: true },
      7,
    );
    expect(result).toMatchObject({ status: 'error', reason: 'evaluate failed on the raw data: TypeError: raw.cases is not iterable', raw: { odd: true } });
  });
});

describe('errorResult', () => {
  it('has no raw data unless given, and carries the peer of a pair probe', () => {
    const peer = { name: 'chromium', version: '1', userAgent: 'UA2' };
    const result = errorResult({ id: 'p', title: 'P' }, { ...cell, peer }, 'lost', 3);
    expect(result).toMatchObject({ status: 'error', reason: 'lost', peer, findings: [], metrics: {} });
    expect(result).not.toHaveProperty('raw');
  });
});
