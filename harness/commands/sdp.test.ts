import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SDP_FIXTURES, readSdpFixture } from '../../test/support/sdpFixtures.js';
import { UsageError } from '../errors.js';
import { sdpCommand } from './sdp.js';

const fixture = (name: string) => join(SDP_FIXTURES, name);

/** Runs the command in-process; returns its exit code and what it wrote. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const code = await sdpCommand.main(args);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'wh-sdp-')), name);
  writeFileSync(path, content);
  return path;
}

afterEach(() => vi.restoreAllMocks());

describe('sdp command', () => {
  it('parse prints a summary per m-section with codecs in order of preference', async () => {
    const { code, stdout } = await run('parse', fixture('firefox-offer-av-data.sdp'));
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /m-section 1: audio, mid=0, port 9, UDP\/TLS\/RTP\/SAVPF, sendrecv\n {2}codecs \(5, in order of preference\):\n {4}109 opus\/48000\/2/,
    );
    expect(stdout).toContain('header extension urn:ietf:params:rtp-hdrext:csrc-audio-level: direction recvonly');
  });

  it('text from the SDP cannot drive the terminal: bidi overrides and the like are replaced', async () => {
    const hostile = readSdpFixture('icelite.sdp').replace('s=sfu', 's=\u202Egnp.exe').replace('a=mid:0', 'a=mid:0\r\na=x-note:\u2066hidden\u2069');
    const { code, stdout } = await run('parse', tempFile('hostile.sdp', hostile));
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(stdout).toContain('session name: \uFFFDgnp.exe');
    const json = await run('parse', tempFile('hostile.sdp', hostile), '--json');
    expect(json.stdout).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect((JSON.parse(json.stdout) as { description: { name: string } }).description.name).toBe('\u202Egnp.exe');
  });

  it('bad input exits 2 naming the file, the line and the problem, on one line', async () => {
    const { code, stdout, stderr } = await run('diff', fixture('chromium-offer-av-data.sdp'), fixture('invalid-bad-mline.sdp'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^webrtc-harness sdp diff: \S+invalid-bad-mline\.sdp, line 43: bad m= line: expected m=<media> <port>/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect((await run('parse', '/nonexistent/offer.sdp')).stderr).toContain('/nonexistent/offer.sdp: cannot read it (no such file)');
    expect((await run('parse', SDP_FIXTURES)).stderr).toContain('cannot read it (a directory)');
  });

  it('usage mistakes are UsageErrors (exit 2 with a pointer to --help)', async () => {
    await expect(run('frobnicate', 'a.sdp')).rejects.toBeInstanceOf(UsageError);
    await expect(run('diff', 'a.sdp')).rejects.toThrow(/takes 2 files/);
    await expect(run('diff', '-', '-')).rejects.toThrow(/only one input can come from stdin/);
    await expect(run('parse', 'a.sdp', '--no-ignore-volatile')).rejects.toThrow(/sdp diff only/);
  });

  it("'sdp help diff' shows the diff subcommand alone; 'sdp' alone shows all three", async () => {
    const one = await run('help', 'diff');
    expect(one.stdout).toMatch(/^Usage: webrtc-harness sdp diff A B/);
    expect(one.stdout).not.toContain('sdp negotiate OFFER');
    const all = await run();
    for (const sub of ['sdp parse FILE', 'sdp diff A B', 'sdp negotiate OFFER ANSWER']) expect(all.stdout).toContain(sub);
  });
});
