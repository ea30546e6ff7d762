// Runs in the browser. The probe page imports this module first: it loads the probe's
// page module (and webrtc-adapter when asked), then exposes `window.__harness` for the
// Node side to call. Browser-safe imports only.
import type { AdapterInfo, PageContext } from '../types.js';
import { loadAdapter } from './adapterLoader.js';

export interface HarnessBridge {
  ready: boolean;
  loadError?: string;
  /**
   * Calls an exported function of the page module with one argument and the page context:
   * `run` for ordinary probes; pair probes export one function per signalling step.
   */
  call?: (name: string, arg: unknown) => Promise<unknown>;
}

type PageFunction = (arg: unknown, context: PageContext) => unknown;

declare global {
  interface Window {
    __harness?: HarnessBridge;
  }
}

export interface BootOptions {
  pageModuleUrl: string;
  /** URL of webrtc-adapter's browser bundle, or null to run against the raw browser API. */
  adapterUrl: string | null;
}

export async function boot(options: BootOptions): Promise<void> {
  try {
    const pageModule = (await import(options.pageModuleUrl)) as Record<string, unknown>;
    const adapter: AdapterInfo | null = options.adapterUrl ? await loadAdapter(window, options.adapterUrl) : null;
    const context: PageContext = { adapter };
    const call = async (name: string, arg: unknown) => {
      const fn = pageModule[name];
      if (typeof fn !== 'function') throw new Error(`${options.pageModuleUrl} exports no ${name}()`);
      return (fn as PageFunction)(arg, context);
    };
    window.__harness = { ready: true, call };
  } catch (error) {
    window.__harness = { ready: false, loadError: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}
