import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADAPTER_7_URL, ADAPTER_URL, EDGE_CAPABILITIES_URL, renderProbePage } from './probePage.js';
import { VENDOR_FILES, packageVersion } from './vendor.js';

describe('renderProbePage', () => {
  it('boots the page kit with the probe module and, when asked, webrtc-adapter', () => {
    expect(renderProbePage('probes/devices/page.js', 'on')).toContain('"pageModuleUrl":"/code/probes/devices/page.js","adapterUrl":"/vendor/webrtc-adapter.js"');
    expect(renderProbePage('probes/devices/page.js', 'off')).toContain('"adapterUrl":null');
  });

  it('cannot be broken out of its inline script by a module path', () => {
    const html = renderProbePage('x</script><script>alert(1)</script>.js', 'off');
    expect(html).not.toContain('</script><script>alert(1)');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });
});

describe('renderProbePage for the edge-ortc profile', () => {
  it('boots the ORTC layer, then adapter 7 (its Edge shim), whatever the adapter mode', () => {
    for (const mode of ['off', 'on'] as const) {
      const html = renderProbePage('probes/api-surface/page.js', mode, 'edge-ortc');
      expect(html).toContain('"adapterUrl":"/vendor/webrtc-adapter-7.js","ortc":{"capabilitiesUrl":"/vendor/edgehtml18-capabilities.json"}');
    }
    expect(renderProbePage('probes/api-surface/page.js', 'on')).not.toContain('ortc');
  });
});

describe('vendor files', () => {
  it('exist where the server serves them from, adapter 7 pinned at its last release', () => {
    for (const file of VENDOR_FILES) expect(existsSync(file.path()), file.url).toBe(true);
    expect(VENDOR_FILES.map((f) => f.url)).toEqual([ADAPTER_URL, ADAPTER_7_URL, EDGE_CAPABILITIES_URL]);
    expect(packageVersion('webrtc-adapter-7')).toBe('7.7.1');
    // The Edge shim is in that bundle, rtcpeerconnection-shim with it.
    const bundle = readFileSync(VENDOR_FILES[1]!.path(), 'utf8');
    expect(bundle).toContain("case 'edge':");
    expect(bundle).toContain("rtcpMuxPolicy \\'negotiate\\' is not supported");
  });
});
