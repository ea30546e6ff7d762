// The loopback call the stats-dump capture tools record: two RTCPeerConnections in one page
// (audio + video both ways, a data channel), run in the page with puppeteer's evaluate, so
// it must stay self-contained. Whatever wraps RTCPeerConnection in the page sees every call.

/** What startCall leaves on `window`: the way to hang up. */
export interface CallWindow {
  __call: { hangUp(): void };
}

/** The loopback call: caller and callee in one page, trickle ICE handed over directly. Resolves when both are connected. */
export async function startCall(): Promise<void> {
  const caller = new RTCPeerConnection();
  const callee = new RTCPeerConnection();
  caller.addEventListener('icecandidate', (e) => void (e.candidate && callee.addIceCandidate(e.candidate)));
  callee.addEventListener('icecandidate', (e) => void (e.candidate && caller.addIceCandidate(e.candidate)));
  const local = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
  for (const track of local.getTracks()) caller.addTrack(track, local);
  const reply = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
  for (const track of reply.getTracks()) callee.addTrack(track, reply);
  const channel = caller.createDataChannel('chat');
  channel.addEventListener('open', () => channel.send('hello'));
  const connected = Promise.all(
    [caller, callee].map(
      (pc) => new Promise<void>((resolve) => pc.addEventListener('connectionstatechange', () => pc.connectionState === 'connected' && resolve())),
    ),
  );
  await caller.setLocalDescription(await caller.createOffer());
  await callee.setRemoteDescription(caller.localDescription!);
  await callee.setLocalDescription(await callee.createAnswer());
  await caller.setRemoteDescription(callee.localDescription!);
  await connected;
  Object.assign(window, {
    __call: {
      hangUp() {
        for (const track of [...local.getTracks(), ...reply.getTracks()]) track.stop();
        caller.close();
        callee.close();
      },
    },
  });
}
