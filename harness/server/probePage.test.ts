import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADAPTER_7_URL, ADAPTER_URL, EDGE_CAPABILITIES_URL, packageModuleUrl, renderProbePage } from './probePage.js';
import { VENDOR_FILES, packageVersion } from './vendor.js';

const BASE = '/T0KEN';
const render = (pageModule: string, adapter: 'on' | 'off', profile?: 'edge-ortc') => renderProbePage(pageModule, adapter, profile, BASE).html;

describe('renderProbePage', () => {
  it("boots the page kit with the probe module and, when asked, webrtc-adapter, all under the run's base path", () => {
    expect(render('probes/devices/page.js', 'on')).toContain(
      '"pageModuleUrl":"/T0KEN/code/probes/devices/page.js","adapterUrl":"/T0KEN/vendor/webrtc-adapter.js"',
    );
    expect(render('probes/devices/page.js', 'on')).toContain('import { boot } from "/T0KEN/code/probes/page-kit/bootstrap.js";');
    expect(render('probes/devices/page.js', 'off')).toContain('"adapterUrl":null');
  });

  it('cannot be broken out of its inline script by a module path', () => {
    const html = render('x</script><script>alert(1)</script>.js', 'off');
    expect(html).not.toContain('</script><script>alert(1)');
    // The import map's and the boot script's own.
    expect(html.match(/<\/script>/g)).toHaveLength(2);
  });

  it('admits exactly its own inline scripts (import map, boot script) in its Content-Security-Policy, by hash', () => {
    const page = renderProbePage('probes/devices/page.js', 'on', undefined, BASE);
    const hashOf = (type: string) =>
      `'sha256-${createHash('sha256')
        .update(new RegExp(`<script type="${type}">([\\s\\S]*?)</script>`).exec(page.html)![1]!)
        .digest('base64')}'`;
    expect(page.contentSecurityPolicy).toContain(`script-src 'self' ${hashOf('importmap')} ${hashOf('module')};`);
    expect(page.contentSecurityPolicy).toMatch(/^default-src 'none';/);
  });

  it("maps the packages page code imports by name to their builds under the run's base path, before any module loads", () => {
    const html = render('probes/devices/page.js', 'off');
    expect(html).toContain('<script type="importmap">{"imports":{"sdp-transform":"/T0KEN/vendor/modules/sdp-transform.js"}}</script>\n<script type="module">');
  });
});

describe('renderProbePage for the edge-ortc profile', () => {
  it('boots the ORTC layer, then adapter 7 (its Edge shim), whatever the adapter mode', () => {
    for (const mode of ['off', 'on'] as const) {
      const html = render('probes/api-surface/page.js', mode, 'edge-ortc');
      expect(html).toContain('"adapterUrl":"/T0KEN/vendor/webrtc-adapter-7.js","ortc":{"capabilitiesUrl":"/T0KEN/vendor/edgehtml18-capabilities.json"}');
    }
    expect(render('probes/api-surface/page.js', 'on')).not.toContain('ortc');
  });

  it("hands the page kit the probe's needs, so it can skip a page the profile cannot run; without a profile there is nothing to check", () => {
    expect(renderProbePage('probes/connectivity/page.js', 'off', 'edge-ortc', BASE, ['media-engine']).html).toContain('"needs":["media-engine"]');
    expect(renderProbePage('probes/connectivity/page.js', 'off', undefined, BASE, ['media-engine']).html).not.toContain('needs');
  });

  it('hands the page kit the entry points the page uses in every browser, profile or not, so a browser lacking one skips it', () => {
    expect(renderProbePage('probes/ice-shared/page.js', 'off', undefined, BASE, [], ['RTCPeerConnection']).html).toContain('"uses":["RTCPeerConnection"]');
    expect(renderProbePage('probes/devices/page.js', 'off', undefined, BASE).html).not.toContain('uses');
  });
});

describe('vendor files', () => {
  it('exist where the server serves them from, adapter 7 pinned at its last release', () => {
    for (const file of VENDOR_FILES) expect(existsSync(file.path()), file.url).toBe(true);
    expect(VENDOR_FILES.map((f) => f.url)).toEqual([ADAPTER_URL, ADAPTER_7_URL, EDGE_CAPABILITIES_URL, packageModuleUrl('sdp-transform')]);
    expect(packageVersion('webrtc-adapter-7')).toBe('7.7.1');
    // The Edge shim is in that bundle, rtcpeerconnection-shim with it.
    const bundle = readFileSync(VENDOR_FILES[1]!.path(), 'utf8');
    expect(bundle).toContain("case 'edge':");
    expect(bundle).toContain("rtcpMuxPolicy \\'negotiate\\' is not supported");
  });
});
