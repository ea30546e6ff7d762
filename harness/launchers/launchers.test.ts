import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../errors.js';
import { CHROMIUM_FLAGS } from './chromium.js';
import { FIREFOX_PREFS } from './firefox.js';
import { LAUNCHERS } from './index.js';
import { parseBrowserVersion } from './launcher.js';

describe('launcher settings tables', () => {
  it('give a reason for every Chromium flag and Firefox pref', () => {
    for (const flag of CHROMIUM_FLAGS) expect(flag.reason.length, flag.value).toBeGreaterThan(10);
    for (const [name, pref] of Object.entries(FIREFOX_PREFS)) expect(pref.reason.length, name).toBeGreaterThan(10);
  });

  it('include the fake-media settings every probe relies on', () => {
    expect(CHROMIUM_FLAGS.map((f) => f.value)).toEqual(
      expect.arrayContaining(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--no-sandbox']),
    );
    expect(FIREFOX_PREFS['media.navigator.streams.fake']?.value).toBe(true);
    expect(FIREFOX_PREFS['media.navigator.permission.disabled']?.value).toBe(true);
  });
});

describe('parseBrowserVersion', () => {
  it.each([
    ['HeadlessChrome/156.0.8078.108', '156.0.8078.108'],
    ['Chrome/156.0.8078.108', '156.0.8078.108'],
    ['firefox/153.7.0', '153.7.0'],
    ['Firefox/128.0esr', '128.0esr'],
  ])('%s -> %s', (reported, version) => expect(parseBrowserVersion(reported)).toBe(version));
});

describe('a missing browser executable', () => {
  it('is an EnvironmentError that names the Debian package to install', async () => {
    const launcher = LAUNCHERS['firefox']!;
    const error = await launcher.assertInstalled({ executablePath: '/nonexistent/firefox' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).message).toBe('Firefox was not found at /nonexistent/firefox');
  });

  it('suggests apt-get install for the default path', () => {
    const launcher = Object.create(LAUNCHERS['chromium']!, { defaultExecutablePath: { value: '/nonexistent/chromium' } });
    return expect(launcher.assertInstalled()).rejects.toMatchObject({ remedy: expect.stringContaining('sudo apt-get install chromium') });
  });
});
