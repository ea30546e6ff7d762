// The files the page server hands out besides probe pages and compiled page code: the
// webrtc-adapter bundles, the EdgeHTML capabilities the ORTC layer reports and the ES module
// builds of the packages page code imports by name. A table, so the server serves them all
// alike and nothing else.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../reports/paths.js';
import { PAGE_PACKAGES, packageModulePath } from '../../reports/pages/packageModules.js';
import { ADAPTER_7_URL, ADAPTER_URL, EDGE_CAPABILITIES_URL, packageModuleUrl } from './probePage.js';

const require = createRequire(import.meta.url);

export interface VendorFile {
  url: string;
  contentType: string;
  path(): string;
}

export const VENDOR_FILES: readonly VendorFile[] = [
  { url: ADAPTER_URL, contentType: 'application/javascript', path: () => require.resolve('webrtc-adapter/out/adapter.js') },
  // The last 7.x: the last adapter with the Edge shim (rtcpeerconnection-shim) in its bundle.
  { url: ADAPTER_7_URL, contentType: 'application/javascript', path: () => require.resolve('webrtc-adapter-7/out/adapter.js') },
  { url: EDGE_CAPABILITIES_URL, contentType: 'application/json', path: () => join(PACKAGE_ROOT, 'fixtures', 'edge', 'edgehtml18-capabilities.json') },
  ...PAGE_PACKAGES.map((name) => ({ url: packageModuleUrl(name), contentType: 'application/javascript', path: () => packageModulePath(name) })),
];

/** The version of an installed package, e.g. `webrtc-adapter-7` -> `7.7.1`. */
export function packageVersion(name: 'webrtc-adapter' | 'webrtc-adapter-7'): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}
