// Runs in the browser. The probe page imports this module first: it loads the probe's
// page module (and, when asked, our ORTC layer, then webrtc-adapter), then exposes
// `window.__harness` for the Node side to call. Browser-safe imports only.
import type { AdapterInfo, PageContext, PageNeed } from '../types.js';
import { loadAdapter } from './adapterLoader.js';
import { findMissingApis } from './missingApis.js';
import { readCapabilitiesFile } from './ortc/capabilities.js';
import { installOrtcLayer } from './ortc/install.js';
import { ortcNotRun } from './ortc/notRun.js';
import type { OrtcLayerInfo } from './ortc/types.js';

export interface HarnessBridge {
  ready: boolean;
  loadError?: string;
  /**
   * Calls an exported function of the page module with one argument and the page context:
   * `run` for ordinary probes; pair probes export one function per signalling step.
   */
  call?: (name: string, arg: unknown) => Promise<unknown>;
  /**
   * Set when the page must not run in this browser: what it lacks (an API it `uses`, or a gap of
   * the page profile), as the raw data that stands in for the page's. Pair probes read it before
   * their exchange; `call` returns it instead of running anything.
   */
  notRun?: unknown;
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
  /** Install the ORTC layer before the adapter loads, with the capabilities file at this URL. */
  ortc?: { capabilitiesUrl: string };
  /** What the probe's page needs that the profile may lack (its spec's `needs`). */
  needs?: PageNeed[];
  /** The entry points the probe's page calls (its spec's `uses`), looked up before it runs. */
  uses?: string[];
}

async function bootOrtcLayer(capabilitiesUrl: string): Promise<OrtcLayerInfo> {
  const response = await fetch(capabilitiesUrl);
  if (!response.ok) throw new Error(`ORTC capabilities not served at ${capabilitiesUrl} (${response.status})`);
  return installOrtcLayer(window as unknown as Record<string, unknown>, readCapabilitiesFile(await response.json()));
}

export async function boot(options: BootOptions): Promise<void> {
  try {
    const pageModule = (await import(options.pageModuleUrl)) as Record<string, unknown>;
    // The layer goes first: the adapter measures (and shims) the surface the layer left.
    const ortc = options.ortc ? await bootOrtcLayer(options.ortc.capabilitiesUrl) : null;
    const adapter: AdapterInfo | null = options.adapterUrl ? await loadAdapter(window, options.adapterUrl) : null;
    const context: PageContext = { adapter, ortc };
    // Checked once here, so no probe page tests for the profile's gaps or a missing API itself.
    const notRun = ortcNotRun(context, options.needs ?? []) ?? findMissingApis(window, options.uses ?? []);
    const call = async (name: string, arg: unknown) => {
      if (notRun) return notRun;
      const fn = pageModule[name];
      if (typeof fn !== 'function') throw new Error(`${options.pageModuleUrl} exports no ${name}()`);
      return (fn as PageFunction)(arg, context);
    };
    window.__harness = { ready: true, call, ...(notRun ? { notRun } : {}) };
  } catch (error) {
    window.__harness = { ready: false, loadError: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}
