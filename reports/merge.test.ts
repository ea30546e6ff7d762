import { describe, expect, it } from 'vitest';
import { cellKey, cellOf, planCells } from '../core/matrix.js';
import type { BrowserIdentity, RunMatrix, RunResults } from '../core/results.js';
import { shardCells } from '../harness/shard.js';
import { CHROMIUM, FIREFOX, probeResult, sampleRun } from '../test/support/sampleRun.js';
import { type MergeInput, mergeRuns, unshardedCommand } from './merge.js';
import { ResultsFileError } from './readResults.js';

const MATRIX: RunMatrix = { browsers: ['chromium', 'firefox'], probes: ['devices', 'api-surface', 'sdp-negotiation'], adapterModes: ['off', 'on'] };
const IDENTITIES: Record<string, BrowserIdentity> = { chromium: CHROMIUM, firefox: FIREFOX };

/** An unsharded run of MATRIX, one result per cell, in run order (as the runner writes it). */
function fullRun(): RunResults {
  const cells = planCells(MATRIX, (p) => p === 'sdp-negotiation');
  return {
    ...sampleRun(),
    command: 'run -b chromium -b firefox -p devices -p api-surface -p sdp-negotiation --adapter both -o out/x',
    matrix: MATRIX,
    results: cells.map((c, i) =>
      probeResult({
        probe: c.probe,
        adapter: c.adapter,
        browser: IDENTITIES[c.browser]!,
        ...(c.peer ? { peer: IDENTITIES[c.peer]! } : {}),
        status: i % 3 === 0 ? 'fail' : 'pass',
        durationMs: 100 + i,
      }),
    ),
  };
}

/** `run` as `count` shards would have written it, each a little later than the one before. */
function shardsOf(run: RunResults, count: number): MergeInput[] {
  const cells = run.results.map(cellOf);
  return Array.from({ length: count }, (_, i) => {
    const mine = new Set(shardCells(cells, { index: i + 1, count }).map(cellKey));
    const results = run.results.filter((r) => mine.has(cellKey(cellOf(r))));
    const browsers = run.environment.browsers.filter((b) => results.some((r) => r.browser.name === b.name || r.peer?.name === b.name));
    return {
      name: `shard-${i + 1}/results.json`,
      run: {
        ...run,
        command: run.command.replace(' -o', ` --shard ${i + 1}/${count} -o`),
        startedAt: `2025-11-25T18:00:0${i}.000Z`,
        finishedAt: `2025-11-25T18:01:0${i}.000Z`,
        environment: { ...run.environment, browsers, iceServers: [`turn:127.0.0.1:${40000 + i}?transport=udp`] },
        shard: { index: i + 1, count },
        results,
      },
    };
  });
}

const keys = (run: RunResults) => run.results.map((r) => `${cellKey(cellOf(r))} ${r.status}`);

describe('mergeRuns', () => {
  it('gives back the unsharded run: the same results in the same order, for every split from 1 to 9 shards', () => {
    const run = fullRun();
    for (let count = 1; count <= 9; count++) {
      const merged = mergeRuns(shardsOf(run, count).reverse()).run;
      expect(merged.results, `n=${count}`).toEqual(run.results);
      expect(merged.command).toBe(run.command);
      expect(merged.shard).toBeUndefined();
      expect(merged.matrix).toEqual(MATRIX);
    }
  });

  it("keeps a check's NAT tests (the first shard that has them: every shard classified the same network)", () => {
    const shards = shardsOf(fullRun(), 2);
    const nat = [{ server: 'stun:203.0.113.1:3478', localAddress: '198.51.100.2', mapping: { test1: null } }];
    shards[1] = { ...shards[1]!, run: { ...shards[1]!.run, nat } };
    expect(mergeRuns(shards).run.nat).toEqual(nat);
    expect(mergeRuns(shardsOf(fullRun(), 2)).run.nat).toBeUndefined();
  });

  it('without a recorded matrix (files from before it was), orders by browsers and probes in the order first seen', () => {
    const { matrix: _m, ...run } = fullRun();
    const chromiumOnly = { ...run, results: run.results.filter((r) => r.browser.name === 'chromium' && !r.peer) };
    const firefoxOnly = { ...run, results: run.results.filter((r) => r.browser.name === 'firefox' && !r.peer) };
    const merged = mergeRuns([
      { name: 'firefox.json', run: firefoxOnly },
      { name: 'chromium.json', run: chromiumOnly },
    ]).run;
    expect(keys(merged)).toEqual([...keys(firefoxOnly), ...keys(chromiumOnly)]);
    expect(merged.matrix).toEqual({ browsers: ['firefox', 'chromium'], probes: ['devices', 'api-surface'], adapterModes: ['off', 'on'] });
  });

  it('starts with the earliest shard, ends with the latest, is interrupted if any shard was', () => {
    const inputs = shardsOf(fullRun(), 3);
    expect(mergeRuns(inputs).run).toMatchObject({ startedAt: '2025-11-25T18:00:00.000Z', finishedAt: '2025-11-25T18:01:02.000Z', interrupted: false });
    inputs[1]!.run.interrupted = true;
    expect(mergeRuns(inputs).run.interrupted).toBe(true);
  });

  it('lists every browser once (a started one over one that did not start) and every embedded TURN server', () => {
    const inputs = shardsOf(fullRun(), 2);
    inputs[0]!.run.environment.browsers.push({ name: 'firefox', version: '', userAgent: '' });
    const env = mergeRuns(inputs).run.environment;
    expect(env.browsers).toEqual([CHROMIUM, FIREFOX]);
    expect(env.iceServers).toEqual(['turn:127.0.0.1:40000?transport=udp', 'turn:127.0.0.1:40001?transport=udp']);
  });

  it('refuses shards written by different harness versions, naming both files and versions', () => {
    const inputs = shardsOf(fullRun(), 2);
    inputs[1]!.run.environment.harnessVersion = '0.2.0';
    expect(() => mergeRuns(inputs)).toThrow(ResultsFileError);
    expect(() => mergeRuns(inputs)).toThrow('shard-1/results.json was written by webrtc-harness 0.1.0, shard-2/results.json by 0.2.0');
  });

  it('refuses shards of different matrices, the same shard twice, and overlapping results', () => {
    const other = shardsOf(fullRun(), 2);
    other[1]!.run.matrix = { ...MATRIX, probes: ['devices'] };
    expect(() => mergeRuns(other)).toThrow(/not shards of one run: their matrices differ/);
    const [one] = shardsOf(fullRun(), 2);
    expect(() => mergeRuns([one!, { ...one!, name: 'copy/results.json' }])).toThrow('shard-1/results.json and copy/results.json are both shard 1/2');
    const split = shardsOf(fullRun(), 2);
    split[1]!.run.shard = { index: 2, count: 3 };
    expect(() => mergeRuns(split)).toThrow(/split the run differently/);
    const { shard: _s, ...unsharded } = fullRun();
    expect(() =>
      mergeRuns([
        { name: 'a.json', run: unsharded },
        { name: 'b.json', run: unsharded },
      ]),
    ).toThrow('a.json and b.json both hold devices [chromium, adapter off, loopback]: merge shards of one run, not overlapping runs');
  });

  it('merges what it has when a shard is missing, with a warning', () => {
    const [one, , three] = shardsOf(fullRun(), 3);
    const merged = mergeRuns([one!, three!]);
    expect(merged.warnings).toEqual(['shard 2/3 missing: the merged results cover part of the run']);
    expect(merged.run.results).toHaveLength(one!.run.results.length + three!.run.results.length);
  });

  it('lists at most ten missing shards of a large split, then how many more', () => {
    const [one] = shardsOf(fullRun(), 1);
    const merged = mergeRuns([{ ...one!, run: { ...one!.run, shard: { index: 1, count: 999_999 } } }]);
    expect(merged.warnings).toEqual([
      'shards 2/999999, 3/999999, 4/999999, 5/999999, 6/999999, 7/999999, 8/999999, 9/999999, 10/999999, 11/999999 and 999988 more missing: the merged results cover part of the run',
    ]);
  });

  it('groups results by scenario, in the order first seen, when shards ran in different scenarios', () => {
    const inputs = shardsOf(fullRun(), 2);
    inputs[1]!.run.environment.scenario = 'nat';
    for (const r of inputs[1]!.run.results) r.scenario = 'nat';
    const merged = mergeRuns(inputs).run;
    expect(merged.environment.scenario).toBe('loopback | nat');
    expect(merged.results.map((r) => r.scenario)).toEqual([...inputs[0]!.run.results.map(() => 'loopback'), ...inputs[1]!.run.results.map(() => 'nat')]);
  });
});

describe('unshardedCommand', () => {
  it.each([
    ['run -b chromium --shard 2/3 -o out', 'run -b chromium -o out'],
    ['check --shard=1/2', 'check'],
    ['run -p devices', 'run -p devices'],
  ])('%s -> %s', (command, expected) => expect(unshardedCommand(command)).toBe(expected));
});
