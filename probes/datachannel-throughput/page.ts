// Feeds a reliable and an unreliable data channel as fast as their buffers allow for a fixed
// time, as test.webrtc.org's data throughput test does, and counts what arrives on the other
// peer connection. Through the TURN relay when one is configured.
import { startLoopbackCall } from '../page-kit/loopbackCall.js';
import type { ChannelMeasurement, ThroughputParams, ThroughputRaw } from './types.js';

const HIGH_WATER = 1024 * 1024;
const DRAIN_LIMIT_MS = 2_000;

interface ChannelPlan {
  label: string;
  init: RTCDataChannelInit;
}

const PLANS: readonly ChannelPlan[] = [
  { label: 'reliable', init: { ordered: true } },
  { label: 'unreliable', init: { ordered: false, maxRetransmits: 0 } },
];

async function measure(plan: ChannelPlan, params: ThroughputParams): Promise<ChannelMeasurement> {
  let sendChannel: RTCDataChannel | null = null;
  const received = { messages: 0, bytes: 0, reordered: 0, lastSequence: -1, firstAt: 0, lastAt: 0 };
  const call = await startLoopbackCall(
    params.servers,
    (caller, callee) => {
      sendChannel = caller.createDataChannel(plan.label, plan.init);
      callee.addEventListener('datachannel', ({ channel }) => {
        channel.binaryType = 'arraybuffer';
        channel.addEventListener('message', ({ data }) => {
          const bytes = data as ArrayBuffer;
          const sequence = new DataView(bytes).getUint32(0);
          if (sequence < received.lastSequence) received.reordered++;
          received.lastSequence = Math.max(received.lastSequence, sequence);
          received.messages++;
          received.bytes += bytes.byteLength;
          received.lastAt = performance.now();
          received.firstAt ||= received.lastAt;
        });
      });
    },
    params.limitMs * 2,
  );
  try {
    const channel = sendChannel as unknown as RTCDataChannel;
    if (channel.readyState !== 'open') await new Promise((resolve) => channel.addEventListener('open', resolve, { once: true }));
    channel.bufferedAmountLowThreshold = HIGH_WATER / 2;
    const payload = new Uint8Array(params.messageBytes);
    let sent = 0;
    const started = performance.now();
    while (performance.now() - started < params.durationMs) {
      if (channel.bufferedAmount > HIGH_WATER) {
        await Promise.race([
          new Promise((resolve) => channel.addEventListener('bufferedamountlow', resolve, { once: true })),
          new Promise((resolve) => setTimeout(resolve, 100)),
        ]);
        continue;
      }
      new DataView(payload.buffer).setUint32(0, sent);
      channel.send(payload);
      sent++;
    }
    // Let what is buffered arrive (bounded): a reliable channel delivers all of it in the end, but
    // behind a slow link a full buffer takes longer than the drain (1 MiB at 1 Mbit/s: 8 s).
    const drainUntil = performance.now() + DRAIN_LIMIT_MS;
    while (received.messages < sent && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 50));
    return {
      label: plan.label,
      ordered: plan.init.ordered ?? true,
      maxRetransmits: plan.init.maxRetransmits ?? null,
      sentMessages: sent,
      receivedMessages: received.messages,
      sentBytes: sent * params.messageBytes,
      receivedBytes: received.bytes,
      durationMs: Math.round((received.lastAt || performance.now()) - started),
      reordered: received.reordered,
      ...(received.firstAt ? { firstArrivalMs: Math.round(received.firstAt - started) } : {}),
      highestSequence: received.lastSequence,
      bufferedAmountAtEnd: channel.bufferedAmount,
    };
  } finally {
    call.close();
  }
}

export async function run(params: ThroughputParams): Promise<ThroughputRaw> {
  const channels: ChannelMeasurement[] = [];
  for (const plan of PLANS) channels.push(await measure(plan, params));
  return { relayed: params.servers.some((s) => s.scheme === 'turn' || s.scheme === 'turns'), channels };
}
