import type { LaunchOptions } from 'puppeteer-core';
import { trustFolder } from '../tls/nssTrust.js';
import { diesWithHarness } from './diesWithHarness.js';
import { type BrowserSetting, BrowserLauncher, type ControlChannel } from './launcher.js';
import { guardedLoopbackPort } from './loopbackPortGuard.js';

export const FIREFOX_PREFS: Readonly<Record<string, BrowserSetting<boolean | number | string>>> = {
  'media.navigator.streams.fake': { value: true, reason: 'synthetic camera and microphone, so getUserMedia works without hardware' },
  'media.navigator.permission.disabled': { value: true, reason: 'grants camera/microphone permission without a prompt' },
  'media.autoplay.default': { value: 0, reason: 'probes play captured media (first-frame timing) without a user gesture' },
  'media.peerconnection.ice.loopback': {
    value: true,
    reason: 'the embedded coturn listens on 127.0.0.1: without this Firefox ignores loopback ICE servers and candidates (error 701)',
  },
};

export class FirefoxLauncher extends BrowserLauncher {
  readonly name = 'firefox';
  readonly displayName = 'Firefox';
  readonly defaultExecutablePath = '/usr/bin/firefox-esr';
  readonly aptPackage = 'firefox-esr';

  protected puppeteerOptions(executablePath: string): LaunchOptions {
    const prefs = Object.fromEntries(Object.entries(FIREFOX_PREFS).map(([name, setting]) => [name, setting.value]));
    // puppeteer drives Firefox over WebDriver BiDi.
    return { browser: 'firefox', executablePath, headless: true, extraPrefsFirefox: prefs };
  }

  /**
   * Firefox verifies certificates against its profile's cert9.db: this launch gets a profile
   * folder of its own whose database trusts the authorities (puppeteer adds its prefs there).
   */
  protected async trustChannel(authorityFiles: readonly string[]): Promise<ControlChannel> {
    const profile = await trustFolder('wh-firefox-profile', authorityFiles, (folder) => folder);
    return { options: { userDataDir: profile.path }, release: profile.remove };
  }

  /** WebDriver BiDi on a loopback port only the harness's user may connect to; Firefox dies with the harness. */
  protected override async controlChannel(executablePath: string): Promise<ControlChannel> {
    const port = await guardedLoopbackPort("Firefox's remote-control port");
    const executable = await diesWithHarness(executablePath).catch(async (error: unknown) => {
      await port.release();
      throw error;
    });
    return {
      options: { debuggingPort: port.port, executablePath: executable.path },
      release: async () => {
        await port.release();
        await executable.remove();
      },
    };
  }
}
