import { describe, expect, it } from 'vitest';
import { changedEntries, snapshotWebRtcSurface } from './adapterLoader.js';

/** A plain object standing in for `window`, shaped like a browser before adapter runs. */
function fakeWindow() {
  class RTCPeerConnection {
    getStats() {}
    addTrack() {}
  }
  return { RTCPeerConnection, navigator: { mediaDevices: { getUserMedia() {} } } } as Record<string, unknown>;
}

describe('measuring what webrtc-adapter changed', () => {
  it('names replaced methods, added methods and replaced globals', () => {
    const win = fakeWindow();
    const before = snapshotWebRtcSurface(win);
    const pc = win['RTCPeerConnection'] as { prototype: Record<string, unknown> };
    pc.prototype['getStats'] = function wrappedGetStats() {};
    pc.prototype['addStream'] = function addStream() {};
    win['RTCIceCandidate'] = function RTCIceCandidate() {};
    (win['navigator'] as { mediaDevices: Record<string, unknown> }).mediaDevices['getUserMedia'] = function shimmed() {};
    expect(changedEntries(before, snapshotWebRtcSurface(win))).toEqual([
      'RTCIceCandidate',
      'RTCPeerConnection.prototype.addStream',
      'RTCPeerConnection.prototype.getStats',
      'navigator.mediaDevices.getUserMedia',
    ]);
  });

  it('reports nothing when nothing changed', () => {
    const win = fakeWindow();
    expect(changedEntries(snapshotWebRtcSurface(win), snapshotWebRtcSurface(win))).toEqual([]);
  });
});
