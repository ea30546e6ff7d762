// A browser without an entry point a probe's page calls: the page kit's lookup at boot, and the
// registry's skip, judged from what WebKitGTK 2.50.6's pages recorded (fixtures/raw/*/webkitgtk-*).
import { describe, expect, it } from 'vitest';
import { loadRawFixture } from '../../test/support/fixtures.js';
import { evaluateApiSurface } from '../api-surface/probe.js';
import type { ApiSurfaceRaw } from '../api-surface/types.js';
import { findProbe } from '../index.js';
import { type ProbeSpec, statusOf } from '../types.js';
import { type MissingApis, findMissingApis } from './missingApis.js';

const recorded = loadRawFixture<MissingApis>('ice-candidates', 'webkitgtk-2.50.6-no-rtcpeerconnection.json');
const surface = loadRawFixture<ApiSurfaceRaw>('api-surface', 'webkitgtk-2.50.6.json');

/** A page's window as the lookup sees it: WebKitGTK's, with getUserMedia and no RTCPeerConnection. */
const webkitWindow = (isSecureContext = true) => ({
  isSecureContext,
  navigator: { userAgent: surface.userAgent, ...(isSecureContext ? { mediaDevices: { getUserMedia() {} } } : {}) },
});

describe('findMissingApis: what the page kit records instead of running a page', () => {
  it('names what the page uses and the browser lacks, in the spec order, with the user agent', () => {
    expect(
      findMissingApis(webkitWindow(), ['navigator.mediaDevices.getUserMedia', 'RTCPeerConnection', 'RTCPeerConnection.prototype.createDataChannel']),
    ).toEqual({
      missingApis: ['RTCPeerConnection', 'RTCPeerConnection.prototype.createDataChannel'],
      isSecureContext: true,
      userAgent: surface.userAgent,
    });
  });

  it('is nothing when everything used is there, or nothing is used', () => {
    expect(findMissingApis(webkitWindow(), ['navigator.mediaDevices.getUserMedia'])).toBeNull();
    expect(findMissingApis(webkitWindow(), [])).toBeNull();
  });

  it('agrees with api-surface, which looked the same names up in the same browser', () => {
    const missingThere = Object.entries(surface.apis)
      .filter(([, presence]) => !presence.present)
      .map(([path]) => path);
    expect(missingThere).toContain(recorded.missingApis[0]);
    expect(evaluateApiSurface(surface).findings.map((f) => f.message)).toContain(`${recorded.missingApis[0]} is missing`);
  });
});

describe('the registry turns the record into a skip for every probe that declares what its page uses', () => {
  it('ice-candidates skips, naming the API and the browser as the page found them; its pick passes the record through', () => {
    const spec = findProbe('ice-candidates') as ProbeSpec;
    expect(spec.pick!(recorded, spec.defaultParams)).toBe(recorded);
    const verdict = spec.evaluate(recorded);
    expect(statusOf(verdict)).toBe('skip');
    expect(verdict.skip).toBe(`RTCPeerConnection is not defined in this browser (looked up when the page booted; user agent ${surface.userAgent})`);
  });

  it('a pair probe (sdp-negotiation) skips too, and an insecure page says what hides getUserMedia', () => {
    const insecure = findMissingApis(webkitWindow(false), ['RTCPeerConnection', 'navigator.mediaDevices.getUserMedia'])!;
    const verdict = findProbe('sdp-negotiation')!.evaluate(insecure);
    expect(verdict.skip).toMatch(
      /^RTCPeerConnection, navigator\.mediaDevices\.getUserMedia are not defined in this browser \(looked up when the page booted; the page was not a secure context/,
    );
  });

  it('a probe that declares no `uses` judges the record with its own rule, so it never hides a page that ran', () => {
    expect(findProbe('devices')!.uses).toBeUndefined();
    expect(statusOf(findProbe('devices')!.evaluate(recorded))).not.toBe('skip');
  });
});
