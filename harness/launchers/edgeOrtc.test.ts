import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../errors.js';
import { CHROMIUM_FLAGS } from './chromium.js';
import { EDGE_ORTC_FLAGS, EDGE_USER_AGENT, EdgeOrtcLauncher } from './edgeOrtc.js';
import { LAUNCHERS } from './index.js';

describe('the edge-ortc launcher', () => {
  it('is registered as a browser of its own, launching Debian Chromium with pages that boot the ORTC profile', () => {
    const launcher = LAUNCHERS['edge-ortc'];
    expect(launcher).toBeInstanceOf(EdgeOrtcLauncher);
    expect(launcher).toMatchObject({
      name: 'edge-ortc',
      displayName: 'Edge (ORTC shim)',
      pageProfile: 'edge-ortc',
      defaultExecutablePath: '/usr/bin/chromium',
      aptPackage: 'chromium',
    });
    expect(LAUNCHERS['chromium']!.pageProfile).toBeUndefined();
  });

  it("uses Chromium's flags table plus EdgeHTML 18's user agent, each with a reason", () => {
    expect(EDGE_ORTC_FLAGS.slice(0, CHROMIUM_FLAGS.length)).toEqual(CHROMIUM_FLAGS);
    for (const flag of EDGE_ORTC_FLAGS) expect(flag.reason.length, flag.value).toBeGreaterThan(10);
    expect(EDGE_ORTC_FLAGS.map((f) => f.value)).toContain(`--user-agent=${EDGE_USER_AGENT}`);
  });

  it('gives a user agent adapter 7 reads as Edge, build 17763 (its own detection pattern)', () => {
    const match = /Edge\/(\d+).(\d+)$/.exec(EDGE_USER_AGENT);
    expect(match?.[2]).toBe('17763');
  });

  it('names --chromium-path (not a --edge-ortc-path, which does not exist) when Chromium is missing', async () => {
    const launcher = Object.create(LAUNCHERS['edge-ortc']!, { defaultExecutablePath: { value: '/nonexistent/chromium' } }) as EdgeOrtcLauncher;
    const error = await launcher.assertInstalled().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).remedy).toBe('install it with: sudo apt-get install chromium (or pass --chromium-path)');
  });
});
