import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../core/results.js';
import { REPORTERS, ReporterMultiplexer } from './index.js';
import type { Reporter } from './reporter.js';
import { probeResult, sampleRun } from '../test/support/sampleRun.js';

const plan = { outDir: 'out/x', browsers: ['chromium'], probes: ['devices'], adapterModes: ['off'], total: 1 };

function recorder(name: string, log: string[]): Reporter {
  return {
    name,
    onRunBegin: () => void log.push(`${name}.onRunBegin`),
    onProbeEnd: async (r: ProbeResult) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.push(`${name}.onProbeEnd ${r.probe}`);
    },
    onRunEnd: () => void log.push(`${name}.onRunEnd`),
  };
}

describe('ReporterMultiplexer', () => {
  it('still calls the next reporter when one throws synchronously or rejects, and records each error', async () => {
    const log: string[] = [];
    const boom = new Error('boom');
    const broken: Reporter = {
      name: 'broken',
      onRunBegin: () => {
        throw boom;
      },
      onProbeEnd: async () => Promise.reject(new Error('async boom')),
    };
    const mux = new ReporterMultiplexer([recorder('a', log), broken, recorder('b', log)]);
    await mux.onRunBegin(plan);
    await mux.onBrowserReady({ name: 'chromium', version: '1' });
    await mux.onProbeBegin({ probe: 'devices', browser: 'chromium', adapter: 'off' });
    await mux.onProbeEnd(probeResult());
    await mux.onRunEnd(sampleRun());

    expect(log).toEqual(['a.onRunBegin', 'b.onRunBegin', 'a.onProbeEnd devices', 'b.onProbeEnd devices', 'a.onRunEnd', 'b.onRunEnd']);
    expect(mux.errors).toHaveLength(2);
    expect(mux.errors[0]).toEqual({ reporter: 'broken', hook: 'onRunBegin', error: boom });
    expect(mux.errors[1]).toMatchObject({ reporter: 'broken', hook: 'onProbeEnd' });
  });

  it('awaits each reporter before calling the next one', async () => {
    const log: string[] = [];
    const mux = new ReporterMultiplexer([recorder('a', log), recorder('b', log)]);
    await mux.onProbeEnd(probeResult({ probe: 'p1' }));
    expect(log).toEqual(['a.onProbeEnd p1', 'b.onProbeEnd p1']);
    expect(mux.errors).toEqual([]);
  });
});

describe('REPORTERS', () => {
  it('builds each built-in reporter under its own name', () => {
    expect(Object.entries(REPORTERS).map(([name, make]) => [name, make().name])).toEqual([
      ['terminal', 'terminal'],
      ['json', 'json'],
      ['junit', 'junit'],
      ['html', 'html'],
    ]);
  });
});
