// Records the stats-dump fixtures in fixtures/dumps/ from a real loopback call in headless
// Chromium (fake camera and microphone, flags from harness/launchers/chromium.ts):
//
//   npm run build && node dist/test/tools/capture-stats-dumps.js
//
// One tab shows chrome://webrtc-internals; another, a page on http://localhost, makes a ~10 s
// call between two RTCPeerConnections (audio + video both ways, a data channel), with an
// rtcstats-style recorder wrapped around RTCPeerConnection before the call starts. After the
// call hangs up, webrtc-internals is made to produce its dumps (its own buttons; downloads go
// to a temp folder through CDP Browser.setDownloadBehavior). What it writes:
//   webrtc-internals-loopback-call.json     "Create a WebRTC-Internals dump", compression box unticked (plain JSON)
//   webrtc-internals-loopback-call.json.gz  the same button with the box ticked (Chromium's default: gzip)
//   rtcstats-loopback-call.txt              the in-page recorder's lines, in the classic rtcstats format
//                                           (JSON metadata line, then [method, pc, value, timestamp] per line,
//                                           getstats delta-compressed as rtcstats.js does)
//   rtcstats-v3-from-webrtc-internals-loopback-call.gz  webrtc-internals' own "rtcstats dump" button
//                                           (RTCStatsDump magic line, fileFormat 3, time deltas), when Chromium has it
// Each stays well under 500 KB; the script refuses to write a bigger one.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'puppeteer-core';
import { LAUNCHERS } from '../../harness/launchers/index.js';
import type { PuppeteerBrowser } from '../../harness/launchers/launcher.js';
import { PACKAGE_ROOT } from '../../reports/paths.js';
import { type CallWindow, startCall } from './loopbackCall.js';

const DUMPS = join(PACKAGE_ROOT, 'fixtures', 'dumps');
const CALL_MS = 10_000;
const MAX_FIXTURE_BYTES = 500 * 1024;

interface RecorderWindow extends CallWindow {
  __rtcstats: { lines: string[] };
}

/**
 * Runs in the page before any peer connection exists (serialized by puppeteer, so it is
 * self-contained). Wraps RTCPeerConnection the way rtcstats.js does: every API call, its
 * outcome and every event become a line `[method, pcId, value, Date.now()]`; getStats
 * polls each second and writes only what changed since the previous poll.
 */
function installRecorder(pollMs: number): void {
  const lines: string[] = [];
  const trace = (method: string, pc: string | null, value: unknown) => lines.push(JSON.stringify([method, pc, value ?? null, Date.now()]));
  lines.push(JSON.stringify({ fileFormat: 2, origin: location.origin, url: location.href, userAgent: navigator.userAgent, startTime: Date.now() }));

  type Report = Record<string, Record<string, unknown>>;
  // rtcstats' delta compression: drop ids and unchanged values; the newest timestamp moves to the top level (0 = "that one").
  const deltaCompression = (previous: Report, now: Report): Record<string, unknown> => {
    const delta: Record<string, Record<string, unknown>> = JSON.parse(JSON.stringify(now));
    let newest = -Infinity;
    for (const [id, report] of Object.entries(delta)) {
      delete report['id'];
      const before = previous[id];
      if (before) for (const name of Object.keys(report)) if (name !== 'timestamp' && report[name] === before[name]) delete report[name];
      newest = Math.max(newest, Number(report['timestamp']));
    }
    for (const report of Object.values(delta)) if (report['timestamp'] === newest) report['timestamp'] = 0;
    return { ...delta, timestamp: newest };
  };

  const Native = window.RTCPeerConnection;
  let counter = 0;
  const ids = new WeakMap<RTCPeerConnection, string>();
  class Recorded extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      const id = `PC_${counter++}`;
      ids.set(this, id);
      trace('create', id, config ?? { nullConfig: true });
      this.addEventListener('icecandidate', (e) => trace('onicecandidate', id, e.candidate));
      this.addEventListener('track', (e) => trace('ontrack', id, `${e.track.kind}:${e.track.id} ${e.streams.map((s) => `stream:${s.id}`).join(' ')}`));
      this.addEventListener('signalingstatechange', () => trace('onsignalingstatechange', id, this.signalingState));
      this.addEventListener('iceconnectionstatechange', () => trace('oniceconnectionstatechange', id, this.iceConnectionState));
      this.addEventListener('icegatheringstatechange', () => trace('onicegatheringstatechange', id, this.iceGatheringState));
      this.addEventListener('connectionstatechange', () => trace('onconnectionstatechange', id, this.connectionState));
      this.addEventListener('negotiationneeded', () => trace('onnegotiationneeded', id, null));
      this.addEventListener('datachannel', (e) => trace('ondatachannel', id, [e.channel.id, e.channel.label]));
      let previous: Report = {};
      const poll = setInterval(() => {
        if (this.signalingState === 'closed') return clearInterval(poll);
        void this.getStats().then((report) => {
          const now: Report = {};
          report.forEach((stats: Record<string, unknown>, key: string) => (now[key] = stats));
          trace('getstats', id, deltaCompression(previous, now));
          previous = JSON.parse(JSON.stringify(now));
        });
      }, pollMs);
    }
  }
  // Promise-based methods: the call, then `<method>OnSuccess` or `<method>OnFailure`.
  for (const method of ['createOffer', 'createAnswer', 'setLocalDescription', 'setRemoteDescription', 'addIceCandidate'] as const) {
    const native = Native.prototype[method] as (...args: unknown[]) => Promise<unknown>;
    Object.defineProperty(Recorded.prototype, method, {
      value: function (this: RTCPeerConnection, ...args: unknown[]) {
        const id = ids.get(this) ?? null;
        trace(method, id, args[0]);
        return native.apply(this, args).then(
          (result) => {
            trace(`${method}OnSuccess`, id, result);
            return result;
          },
          (error: unknown) => {
            trace(`${method}OnFailure`, id, String(error));
            throw error;
          },
        );
      },
    });
  }
  for (const method of ['addTrack', 'createDataChannel', 'close'] as const) {
    const native = Native.prototype[method] as (...args: unknown[]) => unknown;
    Object.defineProperty(Recorded.prototype, method, {
      value: function (this: RTCPeerConnection, ...args: unknown[]) {
        const first = args[0];
        const value = first instanceof MediaStreamTrack ? `${first.kind}:${first.id}` : (first ?? null);
        trace(method, ids.get(this) ?? null, value);
        return native.apply(this, args);
      },
    });
  }
  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    trace('navigator.mediaDevices.getUserMedia', null, constraints);
    const stream = await gum(constraints);
    trace(
      'navigator.mediaDevices.getUserMediaOnSuccess',
      null,
      stream.getTracks().map((t) => `${t.kind}:${t.id}`),
    );
    return stream;
  };
  window.RTCPeerConnection = Recorded;
  Object.assign(window, { __rtcstats: { lines } });
}

/** Resolves with the file name once Chromium reports the next download complete. */
function nextDownload(session: CDPSession): Promise<string> {
  return new Promise((resolve, reject) => {
    let name = '';
    const timer = setTimeout(() => reject(new Error('download did not complete within 15 s')), 15_000);
    session.once('Browser.downloadWillBegin', (event: { suggestedFilename: string }) => (name = event.suggestedFilename));
    const onProgress = (event: { state: string }) => {
      if (event.state === 'inProgress') return;
      session.off('Browser.downloadProgress', onProgress);
      clearTimeout(timer);
      if (event.state === 'completed') resolve(name);
      else reject(new Error(`download ${event.state}`));
    };
    session.on('Browser.downloadProgress', onProgress);
  });
}

/** Clicks a webrtc-internals dump button (with the compression box set as asked) and returns the downloaded file's bytes. */
async function clickDump(internals: Page, session: CDPSession, downloads: string, button: string, gzip: boolean): Promise<Buffer | null> {
  const present = await internals.evaluate(
    (id, compress) => {
      const target = document.getElementById(id);
      const box = document.getElementById('dump-checkbox') as HTMLInputElement | null;
      if (!target) return false;
      if (box) box.checked = compress;
      target.click();
      return true;
    },
    button,
    gzip,
  );
  if (!present) return null;
  const name = await nextDownload(session);
  return readFile(join(downloads, name));
}

async function save(name: string, data: Buffer | string): Promise<void> {
  const size = Buffer.byteLength(data);
  if (size > MAX_FIXTURE_BYTES) throw new Error(`${name} would be ${Math.round(size / 1024)} KB, over the ${MAX_FIXTURE_BYTES / 1024} KB fixture limit`);
  await writeFile(join(DUMPS, name), data);
  console.log(`wrote fixtures/dumps/${name} (${Math.round(size / 1024)} KB)`);
}

async function main(): Promise<void> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>loopback call</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // localhost (not 127.0.0.1) makes the page a secure context, which getUserMedia requires.
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  const downloads = await mkdtemp(join(tmpdir(), 'webrtc-dumps-'));
  let launched: PuppeteerBrowser | undefined;
  try {
    launched = await LAUNCHERS['chromium']!.launch();
    const session = await launched.browser.target().createCDPSession();
    await session.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, eventsEnabled: true });
    // webrtc-internals first, so its stats history covers the whole call.
    const internals = await launched.browser.newPage();
    // keepRemovedConnections: webrtc-internals drops a peer connection once it is closed; this keeps it for the dump.
    await internals.goto('chrome://webrtc-internals/?keepRemovedConnections');
    await internals.waitForSelector('#dump-click-target');
    const call = await launched.browser.newPage();
    await call.goto(`${origin}/`);
    await call.evaluate(installRecorder, 1000);
    await call.evaluate(startCall);
    await new Promise((resolve) => setTimeout(resolve, CALL_MS));
    await call.evaluate(() => (window as unknown as RecorderWindow).__call.hangUp());
    // One more internals poll, so the dump shows the closed state.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const json = await clickDump(internals, session, downloads, 'dump-click-target', false);
    const gz = await clickDump(internals, session, downloads, 'dump-click-target', true);
    if (!json || !gz) throw new Error('webrtc-internals has no dump button (#dump-click-target)');
    if (gz[0] !== 0x1f || gz[1] !== 0x8b) throw new Error('the compressed webrtc-internals dump is not gzip');
    await save('webrtc-internals-loopback-call.json', json);
    await save('webrtc-internals-loopback-call.json.gz', gz);
    const v3 = await clickDump(internals, session, downloads, 'dump-click-target-rtcstats', true);
    if (v3) await save('rtcstats-v3-from-webrtc-internals-loopback-call.gz', v3);
    else console.log('this Chromium has no rtcstats dump button; rtcstats-v3 fixture not refreshed');

    const lines = await call.evaluate(() => (window as unknown as RecorderWindow).__rtcstats.lines);
    await save('rtcstats-loopback-call.txt', `${lines.join('\n')}\n`);
    console.log(`downloads seen: ${(await readdir(downloads)).join(', ')}`);
  } finally {
    await launched?.close();
    server.close();
    server.closeAllConnections();
    await rm(downloads, { recursive: true, force: true });
  }
}

await main();
