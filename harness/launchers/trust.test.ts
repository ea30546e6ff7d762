// What a launch that trusts the run's authority gets: an NSS database of its own (real
// certutil), where each browser reads it, and nothing of it once the browser is gone. That the
// browsers really trust it is proven by a turns: allocation in test/e2e/turn-tls.test.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTestAuthority } from '../tls/certificates.js';
import { ChromiumLauncher } from './chromium.js';
import { FirefoxLauncher } from './firefox.js';
import type { ControlChannel } from './launcher.js';

class ChromiumTrust extends ChromiumLauncher {
  channel(files: readonly string[]): Promise<ControlChannel> {
    return this.trustChannel(files);
  }
}
class FirefoxTrust extends FirefoxLauncher {
  channel(files: readonly string[]): Promise<ControlChannel> {
    return this.trustChannel(files);
  }
}

const trustIn = (db: string) => execFileSync('certutil', ['-L', '-d', `sql:${db}`], { encoding: 'utf8' });

describe("a launch's own trust in the run's authority", () => {
  const dir = mkdtempSync(join(tmpdir(), 'wh-trust-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('Chromium: a HOME of its own whose .pki/nssdb trusts the authority for TLS servers; removed on release', async () => {
    const authority = await makeTestAuthority(dir, 'trust test authority');
    const channel = await new ChromiumTrust().channel([authority.certFile]);
    const home = channel.options.env?.['HOME'];
    expect(home).toMatch(/\/wh-chromium-home-[0-9a-f]+$/);
    expect(channel.options.env?.['PATH']).toBe(process.env['PATH']);
    expect(trustIn(join(home!, '.pki', 'nssdb'))).toMatch(/webrtc-harness run authority 1\s+C,,/);
    await channel.release();
    expect(existsSync(home!)).toBe(false);
  });

  it('Firefox: a profile of its own whose cert9.db trusts the authority; removed on release', async () => {
    const authority = await makeTestAuthority(dir, 'trust test authority');
    const channel = await new FirefoxTrust().channel([authority.certFile]);
    const profile = channel.options.userDataDir!;
    expect(existsSync(join(profile, 'cert9.db'))).toBe(true);
    expect(trustIn(profile)).toMatch(/webrtc-harness run authority 1\s+C,,/);
    await channel.release();
    expect(existsSync(profile)).toBe(false);
  });
});
