import type { LaunchOptions } from 'puppeteer-core';
import { trustFolder } from '../tls/nssTrust.js';
import { diesWithHarness } from './diesWithHarness.js';
import { type BrowserSetting, BrowserLauncher, type ControlChannel } from './launcher.js';
import { guardedLoopbackPort } from './loopbackPortGuard.js';
import { type PrivateSoundServer, pulseaudioInstalled, startPrivateSoundServer } from './soundServer.js';

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
    return {
      browser: 'firefox',
      executablePath,
      headless: true,
      extraPrefsFirefox: prefs,
      env: { ...process.env, PULSE_SERVER: 'unix:/tmp/ffa/pulse/native' },
    };
  }

  /**
   * Firefox verifies certificates against its profile's cert9.db: this launch gets a profile
   * folder of its own whose database trusts the authorities (puppeteer adds its prefs there).
   */
  protected async trustChannel(authorityFiles: readonly string[]): Promise<ControlChannel> {
    const profile = await trustFolder('wh-firefox-profile', authorityFiles, (folder) => folder);
    return { options: { userDataDir: profile.path }, release: profile.remove };
  }

  /**
   * WebDriver BiDi on a loopback port only the harness's user may connect to; Firefox dies with the
   * harness. With PulseAudio installed it also gets an audio output of its own (see soundServer.ts),
   * so its WebAudio runs; without, its AudioContexts stay suspended and the audio probes say so.
   */
  protected override async controlChannel(executablePath: string): Promise<ControlChannel> {
    const sound: PrivateSoundServer | null = (await pulseaudioInstalled()) ? await startPrivateSoundServer() : null;
    const port = await guardedLoopbackPort("Firefox's remote-control port").catch(async (error: unknown) => {
      await sound?.stop();
      throw error;
    });
    const executable = await diesWithHarness(executablePath).catch(async (error: unknown) => {
      await port.release();
      await sound?.stop();
      throw error;
    });
    return {
      options: { debuggingPort: port.port, executablePath: executable.path, ...(sound && { env: { ...process.env, ...sound.env } }) },
      release: async () => {
        await port.release();
        await executable.remove();
        await sound?.stop();
      },
    };
  }
}
