import { join } from 'node:path';
import type { LaunchOptions } from 'puppeteer-core';
import { trustFolder } from '../tls/nssTrust.js';
import { type BrowserSetting, BrowserLauncher, type ControlChannel } from './launcher.js';

export const CHROMIUM_FLAGS: readonly BrowserSetting<string>[] = [
  { value: '--no-sandbox', reason: 'the harness runs as root in containers, where Chromium refuses to start sandboxed' },
  { value: '--use-fake-device-for-media-stream', reason: 'synthetic camera and microphone, so getUserMedia works without hardware' },
  { value: '--use-fake-ui-for-media-stream', reason: 'grants camera/microphone permission without a prompt' },
  { value: '--autoplay-policy=no-user-gesture-required', reason: 'probes play captured media (first-frame timing) without a user gesture' },
  { value: '--disable-background-networking', reason: 'no internet here: stops update checks and other calls home' },
  { value: '--disable-component-update', reason: 'no component downloads at start' },
  { value: '--no-first-run', reason: 'no first-run dialogs or profile setup' },
];

export class ChromiumLauncher extends BrowserLauncher {
  readonly name: string = 'chromium';
  readonly displayName: string = 'Chromium';
  readonly defaultExecutablePath = '/usr/bin/chromium';
  readonly aptPackage = 'chromium';
  /** The flags table; a profile built on Chromium (edge-ortc) extends it. */
  protected readonly flags: readonly BrowserSetting<string>[] = CHROMIUM_FLAGS;

  protected puppeteerOptions(executablePath: string): LaunchOptions {
    // Over a pipe (--remote-debugging-pipe) Chromium opens no DevTools port that another local
    // user could connect to, and it exits by itself when the harness dies and the pipe closes.
    return { browser: 'chrome', executablePath, headless: true, pipe: true, args: this.flags.map((f) => f.value) };
  }

  /**
   * Chromium on Linux reads user-added trust from $HOME/.pki/nssdb (there is no flag naming
   * another database): this launch gets a HOME of its own whose database trusts the authorities.
   */
  protected async trustChannel(authorityFiles: readonly string[]): Promise<ControlChannel> {
    const home = await trustFolder('wh-chromium-home', authorityFiles, (folder) => join(folder, '.pki', 'nssdb'));
    return { options: { env: { ...process.env, HOME: home.path } }, release: home.remove };
  }
}
