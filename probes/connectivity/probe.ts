import { DEFAULT_GATHER_LIMIT_MS } from '../ice-shared/types.js';
import { mustNotDrop, timing } from '../metrics.js';
import type { Finding, Metrics } from '../../core/results.js';
import type { ProbeSpec, RunContext, Verdict } from '../types.js';
import { pathTables } from './tables.js';
import type { ConnectivityParams, ConnectivityRaw, PathAttempt } from './types.js';
import { median } from '../../core/median.js';

/** Both test peers sit in the same network: srflx-to-srflx between them must loop back through the NAT. */
const HAIRPIN_NOTE = '; both test peers share this network, so this path needs the NAT to hairpin, which many NATs do not (a peer elsewhere may still connect)';

function describeAttempt(a: PathAttempt): string {
  if (a.outcome !== 'connected')
    return `${a.path}: ${a.outcome}${a.reason ? ` (${a.reason})` : ''}${a.path === 'srflx' && a.outcome === 'failed' ? HAIRPIN_NOTE : ''}`;
  const pair = a.selectedPair;
  const via = pair ? ` via ${pair.localType}/${pair.protocol}${pair.relayProtocol ? ` (relay over ${pair.relayProtocol})` : ''} -> ${pair.remoteType}` : '';
  const rtt = a.roundTripMs?.length ? `, data channel RTT median ${median(a.roundTripMs)} ms` : '';
  return `${a.path}: connected in ${a.connectMs} ms${via}${rtt}`;
}

/**
 * Pass rule: some path connects (fail otherwise); with TURN configured, the relay path must
 * connect, since it is the fallback every restrictive network depends on (fail); a path whose
 * candidates existed but did not connect is a warning. Paths without candidates or servers
 * are information.
 */
export function evaluateConnectivity(raw: ConnectivityRaw): Verdict {
  const findings: Finding[] = raw.attempts.map((a) => ({ severity: a.outcome === 'failed' ? 'warn' : 'info', message: describeAttempt(a) }));
  if (raw.captureError) findings.push({ severity: 'info', message: `microphone capture failed (${raw.captureError}): host candidates may be mDNS names` });
  const connected = raw.attempts.filter((a) => a.outcome === 'connected');
  if (connected.length === 0) findings.push({ severity: 'fail', message: 'no path connected: peers could not reach each other at all' });
  const relay = raw.attempts.find((a) => a.path === 'relay');
  if (relay && relay.outcome !== 'connected' && relay.outcome !== 'skipped') {
    findings.push({ severity: 'fail', message: 'the relay path did not connect: calls that need TURN will fail on this network' });
  }
  const metrics: Metrics = { pathsConnected: connected.length };
  for (const a of connected) {
    if (a.connectMs !== undefined) metrics[`${a.path}ConnectMs`] = a.connectMs;
    const rtt = a.roundTripMs && median(a.roundTripMs);
    if (rtt !== undefined) metrics[`${a.path}RttMs`] = rtt;
  }
  return { findings, metrics };
}

export const connectivityProbe: ProbeSpec<ConnectivityParams, ConnectivityRaw> = {
  id: 'connectivity',
  title: 'Connectivity',
  summary: 'two peer connections forced through host, srflx and relay paths: connect time, selected pair, data channel RTT',
  pageModule: 'probes/connectivity/page.js',
  uses: ['RTCPeerConnection'],
  defaultParams: { servers: [], limitMs: DEFAULT_GATHER_LIMIT_MS, roundTrips: 10, withCapture: true },
  params: (context: RunContext) => ({ servers: context.iceServers, limitMs: DEFAULT_GATHER_LIMIT_MS, roundTrips: 10, withCapture: true }),
  timeoutMs: 30_000,
  // `<path>ConnectMs` and `<path>RttMs` for each path that connected.
  metrics: {
    pathsConnected: mustNotDrop('paths'),
    hostConnectMs: timing(),
    srflxConnectMs: timing(),
    relayConnectMs: timing(),
    hostRttMs: timing(),
    srflxRttMs: timing(),
    relayRttMs: timing(),
  },
  // The relay path is the fallback every restrictive network depends on: its connect time first.
  keyFigure: (m) => (m['relayConnectMs'] !== undefined ? `relay ${m['relayConnectMs']} ms` : `${m['pathsConnected'] ?? 0} of 3 paths connect`),
  tables: pathTables,
  needs: ['media-engine'],
  // Its two peer connections stay in its own page; beside the shared gathering, a dead server costs one limit, not two.
  sideBySide: true,
  evaluate: evaluateConnectivity,
};
