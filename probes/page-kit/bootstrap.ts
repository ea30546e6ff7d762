// Runs in the browser. The probe page imports this module first: it loads the probe's
// page module (and webrtc-adapter when asked), then exposes `window.__harness` for the
// Node side to call. Browser-safe imports only.
import type { AdapterInfo, PageContext, PageRun } from '../types.js';
import { loadAdapter } from './adapterLoader.js';

export interface HarnessBridge {
  ready: boolean;
  loadError?: string;
  run?: (params: unknown) => Promise<unknown>;
}

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
    const pageModule = (await import(options.pageModuleUrl)) as { run?: PageRun<unknown, unknown> };
    const run = pageModule.run;
    if (typeof run !== 'function') throw new Error(`${options.pageModuleUrl} exports no run()`);
    const adapter: AdapterInfo | null = options.adapterUrl ? await loadAdapter(window, options.adapterUrl) : null;
    const context: PageContext = { adapter };
    window.__harness = { ready: true, run: (params) => run(params, context) };
  } catch (error) {
    window.__harness = { ready: false, loadError: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}
