// Re-records fixtures/sdp/<browser>-*.sdp and <browser>-sender-capabilities.json from the
// real browsers (Chromium and Firefox, headless, fake camera and microphone):
//
//   npm run build && node dist/test/tools/capture-sdp-fixtures.js            (everything below)
//   npm run build && node dist/test/tools/capture-sdp-fixtures.js --reoffer  (only the re-offer, from the
//                                   committed firefox-offer-av-data.sdp; Chromium alone, the rest untouched)
//
// What it writes, each file named by what it contains:
//   <b>-offer-av-data.sdp           audio + video (fake getUserMedia tracks) + a data channel
//   <b>-offer-av-data-again.sdp     the same offer from a second peer connection: only volatile values differ
//   <b>-answer-av-data.sdp          the same browser answering its own offer
//   firefox-answer-to-chromium.sdp  the other browser answering (the SDP travels through Node)
//   chromium-answer-to-firefox.sdp
//   <b>-offer-simulcast.sdp         one sendonly video transceiver with rids q/h/f
//   <other>-answer-to-<b>-simulcast.sdp
//   <b>-sender-capabilities.json    RTCRtpSender.getCapabilities for audio and video
//   chromium-reoffer-after-answering-firefox-offer-av-data.sdp  Chromium's next offer after it answered
//                                   firefox-offer-av-data.sdp: the negotiated codecs keep Firefox's payload
//                                   type numbers, so a real implementation renumbered Chromium's codecs
//   generated-renumbered-pts-of-chromium-offer-av-data.sdp  chromium-offer-av-data.sdp with every
//                                   dynamic payload type moved by renumberPayloadTypes (generated, not
//                                   recorded; written here so it always matches the capture)
// Hand-written edge cases (icelite.sdp, bundle-only.sdp, simulcast-draft03-syntax.sdp,
// invalid-*.sdp) are not touched.
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'puppeteer-core';
import { LAUNCHERS } from '../../harness/launchers/index.js';
import type { PuppeteerBrowser } from '../../harness/launchers/launcher.js';
import type { CodecCapability } from '../../core/codecCapability.js';
import type { RtpCapabilities } from '../../core/sdp/negotiate.js';
import { SDP_FIXTURES, readSdpFixture, renumberPayloadTypes } from '../support/sdpFixtures.js';

/** Host candidates appear within a few hundred ms; this only bounds a browser that never finishes gathering. */
const GATHER_LIMIT_MS = 3000;

interface SdpKit {
  offer(kind: 'av-data' | 'simulcast', gatherLimitMs: number): Promise<string>;
  answer(offerSdp: string, gatherLimitMs: number): Promise<string>;
  /** Answers `offerSdp`, then returns the next offer the same peer connection creates. */
  reofferAfterAnswering(offerSdp: string): Promise<string>;
  capabilities(): RtpCapabilities;
}

/**
 * Runs in the page (serialized by puppeteer, so everything it uses is defined inside it).
 * Peer connections are kept on window so they are not collected before the capture ends.
 */
function installKit(): void {
  const keep: RTCPeerConnection[] = [];
  const gathered = (pc: RTCPeerConnection, limitMs: number) =>
    new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      const timer = setTimeout(resolve, limitMs);
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  const localSdp = async (pc: RTCPeerConnection, limitMs: number) => {
    await gathered(pc, limitMs);
    const sdp = pc.localDescription?.sdp;
    if (!sdp) throw new Error('no local description');
    return sdp;
  };
  const answerWithTracks = async (pc: RTCPeerConnection, offerSdp: string) => {
    await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    // Send back whatever kinds were offered to us as sendrecv, so the answer carries tracks too.
    const wanted = pc.getTransceivers().filter((t) => t.receiver.track.kind === 'audio' || t.receiver.track.kind === 'video');
    const kinds = new Set(wanted.map((t) => t.receiver.track.kind));
    if (kinds.size) {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: kinds.has('audio'), video: kinds.has('video') });
      for (const track of stream.getTracks()) pc.addTrack(track, stream);
    }
    await pc.setLocalDescription(await pc.createAnswer());
  };
  const kit: SdpKit = {
    async offer(kind, limitMs) {
      const pc = new RTCPeerConnection();
      keep.push(pc);
      if (kind === 'av-data') {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
        for (const track of stream.getTracks()) pc.addTrack(track, stream);
        pc.createDataChannel('data');
      } else {
        const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 } });
        const [track] = stream.getVideoTracks();
        if (!track) throw new Error('no fake video track');
        pc.addTransceiver(track, {
          direction: 'sendonly',
          streams: [stream],
          sendEncodings: [{ rid: 'q', scaleResolutionDownBy: 4 }, { rid: 'h', scaleResolutionDownBy: 2 }, { rid: 'f' }],
        });
      }
      await pc.setLocalDescription(await pc.createOffer());
      return localSdp(pc, limitMs);
    },
    async answer(offerSdp, limitMs) {
      const pc = new RTCPeerConnection();
      keep.push(pc);
      await answerWithTracks(pc, offerSdp);
      return localSdp(pc, limitMs);
    },
    async reofferAfterAnswering(offerSdp) {
      const pc = new RTCPeerConnection();
      keep.push(pc);
      await answerWithTracks(pc, offerSdp);
      // JSEP: a subsequent offer keeps the payload types the previous exchange settled on.
      const reoffer = (await pc.createOffer()).sdp;
      if (!reoffer) throw new Error('no re-offer');
      return reoffer;
    },
    capabilities() {
      const audio = RTCRtpSender.getCapabilities('audio');
      const video = RTCRtpSender.getCapabilities('video');
      const uris = new Set([...(audio?.headerExtensions ?? []), ...(video?.headerExtensions ?? [])].map((e) => e.uri));
      const plain = (c: RTCRtpCodec): CodecCapability => ({
        mimeType: c.mimeType,
        clockRate: c.clockRate,
        ...(c.channels === undefined ? {} : { channels: c.channels }),
        ...(c.sdpFmtpLine === undefined ? {} : { sdpFmtpLine: c.sdpFmtpLine }),
      });
      return { audio: (audio?.codecs ?? []).map(plain), video: (video?.codecs ?? []).map(plain), headerExtensions: [...uris].map((uri) => ({ uri })) };
    },
  };
  Object.assign(window, { __sdpKit: kit, __sdpKeep: keep });
}

type KitWindow = { __sdpKit: SdpKit };

async function openKitPage(launched: PuppeteerBrowser, origin: string): Promise<Page> {
  const page = await launched.browser.newPage();
  await page.goto(`${origin}/`);
  await page.evaluate(installKit);
  return page;
}

const offer = (page: Page, kind: 'av-data' | 'simulcast') =>
  page.evaluate((k, limit) => (window as unknown as KitWindow).__sdpKit.offer(k, limit), kind, GATHER_LIMIT_MS);
const answer = (page: Page, offerSdp: string) =>
  page.evaluate((sdp, limit) => (window as unknown as KitWindow).__sdpKit.answer(sdp, limit), offerSdp, GATHER_LIMIT_MS);

async function write(name: string, content: string): Promise<void> {
  const file = join(SDP_FIXTURES, name);
  await writeFile(file, content);
  console.log(`wrote ${file}`);
}

const REOFFER_FILE = 'chromium-reoffer-after-answering-firefox-offer-av-data.sdp';
const { values: options } = parseArgs({ options: { reoffer: { type: 'boolean' } } });

/** Chromium answers the Firefox offer on file (just rewritten, in a full capture), then offers again. */
async function captureReoffer(chromium: Page): Promise<void> {
  const firefoxOffer = readSdpFixture('firefox-offer-av-data.sdp');
  await write(REOFFER_FILE, await chromium.evaluate((sdp) => (window as unknown as KitWindow).__sdpKit.reofferAfterAnswering(sdp), firefoxOffer));
}

async function captureAll(pages: Record<'chromium' | 'firefox', Page>): Promise<void> {
  for (const self of ['chromium', 'firefox'] as const) {
    const other = self === 'chromium' ? 'firefox' : 'chromium';
    const avOffer = await offer(pages[self], 'av-data');
    await write(`${self}-offer-av-data.sdp`, avOffer);
    await write(`${self}-offer-av-data-again.sdp`, await offer(pages[self], 'av-data'));
    await write(`${self}-answer-av-data.sdp`, await answer(pages[self], avOffer));
    await write(`${other}-answer-to-${self}.sdp`, await answer(pages[other], avOffer));
    const simulcastOffer = await offer(pages[self], 'simulcast');
    await write(`${self}-offer-simulcast.sdp`, simulcastOffer);
    await write(`${other}-answer-to-${self}-simulcast.sdp`, await answer(pages[other], simulcastOffer));
    const capabilities = await pages[self].evaluate(() => (window as unknown as KitWindow).__sdpKit.capabilities());
    await write(`${self}-sender-capabilities.json`, `${JSON.stringify(capabilities, null, 2)}\n`);
    if (self === 'chromium') await write('generated-renumbered-pts-of-chromium-offer-av-data.sdp', renumberPayloadTypes(avOffer));
  }
  await captureReoffer(pages.chromium);
}

async function main(): Promise<void> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>sdp capture</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // localhost (not 127.0.0.1) makes the page a secure context, which getUserMedia requires.
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  const launched: PuppeteerBrowser[] = [];
  try {
    const engines = options.reoffer ? (['chromium'] as const) : (['chromium', 'firefox'] as const);
    // Wait for every launch to settle before failing, so one browser failing to start never leaks another.
    const starts = await Promise.allSettled(engines.map((name) => LAUNCHERS[name]!.launch()));
    for (const s of starts) if (s.status === 'fulfilled') launched.push(s.value);
    for (const s of starts) if (s.status === 'rejected') throw s.reason;
    const [chromium, firefox] = launched as [PuppeteerBrowser, PuppeteerBrowser | undefined];
    const chromiumPage = await openKitPage(chromium, origin);
    if (firefox) await captureAll({ chromium: chromiumPage, firefox: await openKitPage(firefox, origin) });
    else await captureReoffer(chromiumPage);
  } finally {
    await Promise.all(launched.map((b) => b.close()));
    server.close();
    server.closeAllConnections();
  }
}

await main();
