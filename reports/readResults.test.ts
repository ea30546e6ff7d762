import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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

  it("names the field that is wrong, by the JSON Schema's own path", async () => {
    await expect(readRunResults(resultsFixture('invalid-status-flaky.json'))).rejects.toThrow(
      'invalid-status-flaky.json: not a webrtc-harness results file: /results/1/status must be equal to one of the allowed values (pass, warn, fail, skip, error)',
    );
    await expect(readRunResults(resultsFixture('invalid-schema-version-2.json'))).rejects.toThrow('schemaVersion is 2; this harness reads 1');
    await expect(readRunResults(resultsFixture('invalid-shard-3-of-2.json'))).rejects.toThrow('/shard/index 3 is beyond /shard/count 2');
  });

  const dir = mkdtempSync(join(tmpdir(), 'wh-read-results-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const variant = (name: string, change: (run: Record<string, unknown>) => void) => {
    const run = JSON.parse(readFileSync(resultsFixture('check-all-pass.json'), 'utf8')) as Record<string, unknown>;
    change(run);
    writeFileSync(join(dir, name), JSON.stringify(run));
    return join(dir, name);
  };

  it('checks what the schema says, not only the fields the harness reads: unknown fields, a finding without a message', async () => {
    await expect(readRunResults(variant('extra.json', (run) => (run['surprise'] = 1)))).rejects.toThrow(
      'extra.json: not a webrtc-harness results file: / must NOT have additional properties ("surprise")',
    );
    const noMessage = variant('finding.json', (run) => ((run['results'] as { findings: unknown[] }[])[0]!.findings = [{ severity: 'warn' }]));
    await expect(readRunResults(noMessage)).rejects.toThrow("/results/0/findings/0 must have required property 'message'");
  });

  it('refuses a shard count beyond what --shard takes (a huge one would make report merge run out of memory)', async () => {
    const huge = variant('huge-shard.json', (run) => (run['shard'] = { index: 1, count: 1e12 }));
    await expect(readRunResults(huge)).rejects.toThrow('huge-shard.json: not a webrtc-harness results file: /shard/count must be <= 999999');
  });

  it('says when the file is missing, a directory or larger than allowed, before reading it', async () => {
    await expect(readRunResults('/nonexistent/results.json')).rejects.toThrow('/nonexistent/results.json: cannot read it (no such file)');
    await expect(readRunResults(resultsFixture(''))).rejects.toThrow(/a directory/);
    await expect(readRunResults(resultsFixture('check-all-pass.json'), 100)).rejects.toThrow(/check-all-pass\.json: \d+ bytes, more than/);
  });

  it('refuses a FIFO instead of blocking on it until a writer comes', async () => {
    const fifo = join(dir, 'results.fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(readRunResults(fifo)).rejects.toThrow(`${fifo}: a FIFO (named pipe), not a file; refused`);
  });
});
