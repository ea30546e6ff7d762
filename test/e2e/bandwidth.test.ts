// getstats-bandwidth against a real tbf cap (scenario bandwidth-400kbit) and without one.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProbeResult, RunResults } from '../../core/results.js';
import { startCli } from '../support/cli.js';

async function measure(scenario: string): Promise<ProbeResult> {
  const dir = mkdtempSync(join(tmpdir(), `wh-e2e-bw-${scenario}-`));
  await startCli(['run', '-b', 'chromium', '-p', 'getstats-bandwidth', '--scenario', scenario, '-o', dir]).done;
  const run = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
  return run.results[0]!;
}

describe('getstats-bandwidth in Chromium', () => {
  it('behind a 400 kbit/s cap estimates the capacity within ±30% and keeps a per-second series', async () => {
    const result = await measure('bandwidth-400kbit');
    // The probe's figure is the median over the steady last third of the call, not one
    // second's estimate (those swing across most of the band): ±30% of the cap, as asked.
    const estimate = result.metrics['estimatedCapacityKbps']!;
    expect(estimate, JSON.stringify(result.metrics)).toBeGreaterThanOrEqual(400 * 0.7);
    expect(estimate).toBeLessThanOrEqual(400 * 1.3);
    expect(result.series?.[0]?.t.length).toBeGreaterThanOrEqual(15);
  });

  it('without a cap reports no bandwidth limitation', async () => {
    const result = await measure('loopback');
    expect(result.findings.map((f) => f.message).join('\n')).toMatch(/no bandwidth limitation/);
    // Unlimited, the estimate only grows as fast as the fake camera's ~500 kbit/s lets it probe
    // (about 3.7 Mbit/s on a quiet machine, under 1 Mbit/s on two starved cores): what it must
    // show is more than the 400 kbit/s cap above lets through, so the two runs cannot be confused.
    expect(result.metrics['estimatedCapacityKbps']).toBeGreaterThan(400 * 1.3);
  });
});
