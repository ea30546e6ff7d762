// The WebRTC entry points the api-surface probe looks up, grouped as the support tables of
// the old days grouped them. Shared by page.ts (which looks them up) and probe.ts (which
// judges them), so it must stay browser-safe: plain data only.

export type ApiGroup = 'getUserMedia' | 'peerConnection' | 'dataChannel' | 'rtp' | 'insertableStreams' | 'ortc';

/**
 * `required`: missing means WebRTC apps cannot work (fail).
 * `modern`: current apps rely on it; missing is a warning.
 * `legacy`: prefixed or ORTC-era names; reported for the comparison, never judged.
 */
export type ApiRole = 'required' | 'modern' | 'legacy';

export interface ApiEntry {
  path: string;
  group: ApiGroup;
  role: ApiRole;
}

export const API_CATALOG: readonly ApiEntry[] = [
  { path: 'navigator.mediaDevices.getUserMedia', group: 'getUserMedia', role: 'required' },
  { path: 'navigator.mediaDevices.enumerateDevices', group: 'getUserMedia', role: 'required' },
  { path: 'navigator.mediaDevices.getDisplayMedia', group: 'getUserMedia', role: 'modern' },
  { path: 'navigator.mediaDevices.getSupportedConstraints', group: 'getUserMedia', role: 'modern' },
  { path: 'navigator.getUserMedia', group: 'getUserMedia', role: 'legacy' },
  { path: 'navigator.webkitGetUserMedia', group: 'getUserMedia', role: 'legacy' },
  { path: 'navigator.mozGetUserMedia', group: 'getUserMedia', role: 'legacy' },
  { path: 'navigator.msGetUserMedia', group: 'getUserMedia', role: 'legacy' },
  { path: 'RTCPeerConnection', group: 'peerConnection', role: 'required' },
  { path: 'webkitRTCPeerConnection', group: 'peerConnection', role: 'legacy' },
  { path: 'mozRTCPeerConnection', group: 'peerConnection', role: 'legacy' },
  { path: 'RTCSessionDescription', group: 'peerConnection', role: 'required' },
  { path: 'RTCIceCandidate', group: 'peerConnection', role: 'required' },
  { path: 'RTCPeerConnection.prototype.addTransceiver', group: 'peerConnection', role: 'modern' },
  { path: 'RTCPeerConnection.prototype.getStats', group: 'peerConnection', role: 'required' },
  { path: 'RTCPeerConnection.prototype.restartIce', group: 'peerConnection', role: 'modern' },
  { path: 'RTCPeerConnection.prototype.addStream', group: 'peerConnection', role: 'legacy' },
  { path: 'RTCPeerConnection.generateCertificate', group: 'peerConnection', role: 'modern' },
  { path: 'RTCDataChannel', group: 'dataChannel', role: 'required' },
  { path: 'RTCPeerConnection.prototype.createDataChannel', group: 'dataChannel', role: 'required' },
  { path: 'RTCRtpSender', group: 'rtp', role: 'modern' },
  { path: 'RTCRtpReceiver', group: 'rtp', role: 'modern' },
  { path: 'RTCRtpTransceiver', group: 'rtp', role: 'modern' },
  { path: 'RTCRtpSender.getCapabilities', group: 'rtp', role: 'modern' },
  { path: 'RTCRtpReceiver.getCapabilities', group: 'rtp', role: 'modern' },
  { path: 'RTCRtpTransceiver.prototype.setCodecPreferences', group: 'rtp', role: 'modern' },
  { path: 'RTCRtpSender.prototype.setParameters', group: 'rtp', role: 'modern' },
  { path: 'RTCRtpSender.prototype.replaceTrack', group: 'rtp', role: 'modern' },
  { path: 'RTCDTMFSender', group: 'rtp', role: 'modern' },
  { path: 'RTCRtpScriptTransform', group: 'insertableStreams', role: 'legacy' },
  { path: 'RTCRtpSender.prototype.createEncodedStreams', group: 'insertableStreams', role: 'legacy' },
  { path: 'RTCEncodedVideoFrame', group: 'insertableStreams', role: 'legacy' },
  { path: 'MediaStreamTrackProcessor', group: 'insertableStreams', role: 'legacy' },
  // ORTC brought these transport objects; today's webrtc-pc has them too (read-only, reached
  // through senders and the SCTP transport), so they are judged as modern.
  { path: 'RTCIceTransport', group: 'ortc', role: 'modern' },
  { path: 'RTCDtlsTransport', group: 'ortc', role: 'modern' },
  { path: 'RTCSctpTransport', group: 'ortc', role: 'modern' },
  // Constructible only in ORTC (legacy Edge): the mark of an ORTC browser.
  { path: 'RTCIceGatherer', group: 'ortc', role: 'legacy' },
];
