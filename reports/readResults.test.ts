import { describe, expect, it } from 'vitest';
import { invalidResultsFixtureNames, resultsFixture, validResultsFixtureNames } from '../test/support/resultsFixtures.js';
import { validateResults } from '../test/support/resultsSchema.js';
import { ResultsFileError, readRunResults } from './readResults.js';

describe('readRunResults', () => {
  it.each(validResultsFixtureNames())('reads %s, which the JSON Schema accepts too', async (name) => {
    const run = await readRunResults(resultsFixture(name));
    expect(validateResults(run)).toBe(true);
  });

  it.each(invalidResultsFixtureNames())('refuses %s with a message naming the file and the problem', async (name) => {
    const read = readRunResults(resultsFixture(name));
    await expect(read).rejects.toThrow(ResultsFileError);
    await expect(read).rejects.toThrow(new RegExp(`${name.replace(/\./g, '\\.')}: (not JSON|not a webrtc-harness results file: \\S)`));
  });

  it('names the field that is wrong', async () => {
    await expect(readRunResults(resultsFixture('invalid-status-flaky.json'))).rejects.toThrow('results[1].status: expected pass, warn, fail, skip or error');
    await expect(readRunResults(resultsFixture('invalid-schema-version-2.json'))).rejects.toThrow('schemaVersion is 2; this harness reads 1');
    await expect(readRunResults(resultsFixture('invalid-shard-3-of-2.json'))).rejects.toThrow('shard: expected {index, count} with 1 ≤ index ≤ count');
  });

  it('says when the file is missing or a directory', async () => {
    await expect(readRunResults('/nonexistent/results.json')).rejects.toThrow('/nonexistent/results.json: cannot read it (no such file)');
    await expect(readRunResults(resultsFixture(''))).rejects.toThrow(/a directory/);
  });
});
