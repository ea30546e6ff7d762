import { type OrtcNotRun, skippingOrtcGaps } from '../page-kit/ortc/notRun.js';
import { iceParams } from '../ice-shared/context.js';
import type { Finding, Metrics, ProbeSpec, RunContext, Verdict } from '../types.js';
import type { ChannelMeasurement, ThroughputParams, ThroughputRaw } from './types.js';

/** Below this a data channel cannot carry file transfer or screen-sharing side data comfortably. */
const MIN_RELIABLE_KBPS = 500;

const kbps = (c: ChannelMeasurement) => (c.durationMs > 0 ? Math.round((c.receivedBytes * 8) / c.durationMs) : 0);
const lossPct = (c: ChannelMeasurement) => (c.sentMessages > 0 ? Math.round(((c.sentMessages - c.receivedMessages) / c.sentMessages) * 1000) / 10 : 0);

/**
 * Pass rule: the reliable channel delivers every message (fail otherwise: that is its one
 * promise) at MIN_RELIABLE_KBPS or more (warn below). The unreliable channel's loss and
 * reordering are information: they describe the path, not a fault.
 */
export function evaluateDatachannelThroughput(raw: ThroughputRaw): Verdict {
  const findings: Finding[] = [];
  const metrics: Metrics = {};
  for (const c of raw.channels) {
    const rate = kbps(c);
    metrics[`${c.label}Kbps`] = rate;
    metrics[`${c.label}LossPct`] = lossPct(c);
    findings.push({ severity: 'info', message: `${c.label}: ${rate} kbit/s, ${c.receivedMessages}/${c.sentMessages} messages (${lossPct(c)}% lost, ${c.reordered} reordered)${raw.relayed ? ' through TURN' : ''}` });
  }
  const reliable = raw.channels.find((c) => c.label === 'reliable');
  if (!reliable) return { findings, metrics, skip: 'no reliable channel was measured' };
  if (reliable.receivedMessages < reliable.sentMessages) findings.push({ severity: 'fail', message: `the reliable channel lost ${reliable.sentMessages - reliable.receivedMessages} messages` });
  if (kbps(reliable) < MIN_RELIABLE_KBPS) findings.push({ severity: 'warn', message: `reliable throughput ${kbps(reliable)} kbit/s, below ${MIN_RELIABLE_KBPS} kbit/s` });
  return { findings, metrics };
}

function params(context: RunContext): ThroughputParams {
  return { ...iceParams(context), durationMs: 3_000, messageBytes: 16 * 1024 };
}

export const datachannelThroughputProbe: ProbeSpec<ThroughputParams, ThroughputRaw | OrtcNotRun> = {
  id: 'datachannel-throughput',
  title: 'Data channel throughput',
  summary: 'a reliable and an unreliable data channel fed for 3 s each (through TURN when configured): bytes/s, message loss, reordering',
  pageModule: 'probes/datachannel-throughput/page.js',
  defaultParams: params({ iceServers: [] }),
  params,
  timeoutMs: 40_000,
  exclusive: true,
  // In the edge-ortc column the page records why it could not measure; that becomes a skip.
  evaluate: skippingOrtcGaps(evaluateDatachannelThroughput),
};
