import { informational } from '../metrics.js';
import { iceParams } from '../ice-shared/context.js';
import type { Finding, Metrics } from '../../core/results.js';
import type { ProbeSpec, RunContext, Verdict } from '../types.js';
import type { ChannelMeasurement, ThroughputParams, ThroughputRaw } from './types.js';

/** Below this a data channel cannot carry file transfer or screen-sharing side data comfortably. */
const MIN_RELIABLE_KBPS = 500;

/**
 * Payload rate from the first message received to the last: the link's delivery rate, also
 * while the drain still empties a full buffer, without the set-up time before the first
 * arrival. Captures without firstArrivalMs (older ones, or one message) count from the first send.
 */
function kbps(c: ChannelMeasurement): number {
  const steady = c.firstArrivalMs !== undefined && c.receivedMessages > 1;
  const bytes = steady ? c.receivedBytes - c.receivedBytes / c.receivedMessages : c.receivedBytes;
  const ms = steady ? c.durationMs - c.firstArrivalMs! : c.durationMs;
  return ms > 0 ? Math.round((bytes * 8) / ms) : 0;
}

const isReliable = (c: ChannelMeasurement) => c.maxRetransmits === null;

/**
 * The messages that never arrived, split: `lost` are gaps below the highest sequence received,
 * `undelivered` the tail after it. Only a reliable channel has a tail: it delivers in order and
 * keeps retransmitting, so what is missing at the end was still queued or in flight when the
 * measurement ended. An unreliable channel's missing messages are all loss.
 */
function shortfall(c: ChannelMeasurement): { lost: number; undelivered: number } {
  const missing = c.sentMessages - c.receivedMessages;
  if (!isReliable(c) || c.highestSequence === undefined) return { lost: missing, undelivered: 0 };
  const reached = c.highestSequence + 1;
  return { lost: reached - c.receivedMessages, undelivered: c.sentMessages - reached };
}

const lossPct = (c: ChannelMeasurement) => (c.sentMessages > 0 ? Math.round((shortfall(c).lost / c.sentMessages) * 1000) / 10 : 0);

function undeliveredFinding(c: ChannelMeasurement, undelivered: number): Finding {
  const queued = c.bufferedAmountAtEnd === undefined ? '' : `; still queued at the sender: bufferedAmount ${c.bufferedAmountAtEnd} bytes`;
  return {
    severity: 'info',
    message: `${c.label}: ${undelivered} of ${c.sentMessages} messages undelivered when the window closed and the drain ended (not lost: the link is slower than what the sender buffered${queued})`,
  };
}

/**
 * Pass rule: the reliable channel loses no message and delivers something (fail otherwise: that
 * is its one promise; messages still on the way when the measurement ended are not lost) at
 * MIN_RELIABLE_KBPS or more (warn below). The unreliable channel's loss and
 * reordering are information: they describe the path, not a fault.
 */
export function evaluateDatachannelThroughput(raw: ThroughputRaw): Verdict {
  const findings: Finding[] = [];
  const metrics: Metrics = {};
  for (const c of raw.channels) {
    const rate = kbps(c);
    metrics[`${c.label}Kbps`] = rate;
    metrics[`${c.label}LossPct`] = lossPct(c);
    findings.push({
      severity: 'info',
      message: `${c.label}: ${rate} kbit/s, ${c.receivedMessages}/${c.sentMessages} messages (${lossPct(c)}% lost, ${c.reordered} reordered)${raw.relayed ? ' through TURN' : ''}`,
    });
  }
  const reliable = raw.channels.find(isReliable);
  if (!reliable) return { findings, metrics, skip: 'no reliable channel was measured' };
  const { lost, undelivered } = shortfall(reliable);
  if (lost > 0) findings.push({ severity: 'fail', message: `the reliable channel lost ${lost} messages` });
  if (undelivered > 0) findings.push(undeliveredFinding(reliable, undelivered));
  if (reliable.sentMessages > 0 && reliable.receivedMessages === 0)
    findings.push({ severity: 'fail', message: `the reliable channel delivered none of ${reliable.sentMessages} messages` });
  if (kbps(reliable) < MIN_RELIABLE_KBPS)
    findings.push({ severity: 'warn', message: `reliable throughput ${kbps(reliable)} kbit/s, below ${MIN_RELIABLE_KBPS} kbit/s` });
  return { findings, metrics };
}

function params(context: RunContext): ThroughputParams {
  return { ...iceParams(context), durationMs: 3_000, messageBytes: 16 * 1024 };
}

export const datachannelThroughputProbe: ProbeSpec<ThroughputParams, ThroughputRaw> = {
  id: 'datachannel-throughput',
  title: 'Data channel throughput',
  summary: 'a reliable and an unreliable data channel fed for 3 s each (through TURN when configured): bytes/s, message loss, reordering',
  pageModule: 'probes/datachannel-throughput/page.js',
  uses: ['RTCPeerConnection', 'RTCPeerConnection.prototype.createDataChannel'],
  defaultParams: params({ iceServers: [] }),
  params,
  timeoutMs: 40_000,
  exclusive: true,
  needs: ['data-channel'],
  // `<label>Kbps` and `<label>LossPct` per channel: they describe the path, so never a regression.
  metrics: {
    reliableKbps: informational('kbit/s'),
    reliableLossPct: informational('%'),
    unreliableKbps: informational('kbit/s'),
    unreliableLossPct: informational('%'),
  },
  keyFigure: (m) => (m['reliableKbps'] !== undefined ? `${Math.round(m['reliableKbps'] / 1000)} Mbit/s reliable` : ''),
  evaluate: evaluateDatachannelThroughput,
};
