// The edge-ortc profile's gaps, checked once for every probe from what its spec `needs`.
import { describe, expect, it } from 'vitest';
import { loadRawFixture } from '../../../test/support/fixtures.js';
import { findProbe } from '../../index.js';
import { type PageContext, statusOf } from '../../types.js';
import { type OrtcNotRun, ortcNotRun } from './notRun.js';

const recorded = loadRawFixture<OrtcNotRun>('devices', 'edge-ortc-adapter-off.json');
const inLayer = (carriesMedia: boolean): PageContext => ({ adapter: recorded.adapter, ortc: { ...recorded.ortc, carriesMedia } });

describe('ortcNotRun: what the page kit returns instead of running a page', () => {
  it('is nothing outside the profile, and nothing for a page that needs nothing', () => {
    expect(ortcNotRun({ adapter: null, ortc: null }, ['media-engine', 'data-channel'])).toBeNull();
    expect(ortcNotRun(inLayer(false), [])).toBeNull();
  });

  it('names the first need the layer lacks; a media engine is lacking only where the layer carries no media', () => {
    expect(ortcNotRun(inLayer(false), ['media-engine'])?.notRun).toBe('media-engine');
    expect(ortcNotRun(inLayer(true), ['media-engine'])).toBeNull();
    expect(ortcNotRun(inLayer(true), ['media-engine', 'data-channel'])?.notRun).toBe('data-channel');
    expect(ortcNotRun(inLayer(true), ['chromium-capture'])).toMatchObject({ notRun: 'chromium-capture', adapter: recorded.adapter });
  });
});

describe('the registry turns a not-run record into a skip only for a need the spec declares', () => {
  it("devices (needs chromium-capture) skips with the profile's reason", () => {
    const verdict = findProbe('devices')!.evaluate(recorded);
    expect(statusOf(verdict)).toBe('skip');
    expect(verdict.skip).toMatch(/^not judged in this column: getUserMedia here is Chromium's own/);
  });

  it('a probe that declared no such need judges the record with its own rule (here: it cannot, and throws)', () => {
    expect(() => findProbe('ice-candidates')!.evaluate(recorded)).toThrow();
  });
});
