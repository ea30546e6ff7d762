import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resultsFixture } from '../../test/support/resultsFixtures.js';
import { MAX_POSTED_JSON_DEPTH, jsonNestingDepth } from './jsonDepth.js';

describe('jsonNestingDepth', () => {
  it.each([
    ['1', 0],
    ['[]', 1],
    ['{"a":[{"b":[]}]}', 4],
    ['["[[[[", "{{{{"]', 1],
    ['["\\"[[[["]', 1],
    ['"\\\\"', 0],
  ])('%s nests %i deep', (text, depth) => expect(jsonNestingDepth(text)).toBe(depth));

  it('finds a real results.json well within the limit', () => {
    const depth = jsonNestingDepth(readFileSync(resultsFixture('run-both-adapters-all-probes.json'), 'utf8'));
    expect(depth).toBe(9);
    expect(depth).toBeLessThan(MAX_POSTED_JSON_DEPTH);
  });

  it('reads a text nesting 200000 deep without running out of stack', () => {
    expect(jsonNestingDepth(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)).toBe(200_000);
  });
});
