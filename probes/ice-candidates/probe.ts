import { candidatesOf } from '../ice-shared/classify.js';
import { droppedByShim, shimFilterFinding } from '../ice-shared/shimFilter.js';
import { iceParams } from '../ice-shared/context.js';
import { gatheringTables } from '../ice-shared/tables.js';
import { DEFAULT_GATHER_LIMIT_MS, type IceGathering, type IceProbeParams } from '../ice-shared/types.js';
import type { CandidateType, ParsedCandidate } from '../../core/candidate.js';
import { informational, mustNotDrop, timing } from '../metrics.js';
import type { Finding } from '../../core/results.js';
import type { ProbeSpec, Verdict } from '../types.js';
import type { IceCandidatesRaw } from './types.js';

const TYPES: readonly CandidateType[] = ['host', 'srflx', 'prflx', 'relay'];

/** `2 udp, 1 tcp (active)`, per candidate type. */
function describe(candidates: readonly ParsedCandidate[]): string {
  return TYPES.map((type) => {
    const ofType = candidates.filter((c) => c.type === type);
    if (!ofType.length) return null;
    const udp = ofType.filter((c) => c.protocol === 'udp').length;
    const tcpTypes = ofType.filter((c) => c.protocol === 'tcp').map((c) => c.tcpType ?? '?');
    const tcp = tcpTypes.length ? `, ${tcpTypes.length} tcp (${[...new Set(tcpTypes)].join('/')})` : '';
    return `${type}: ${udp} udp${tcp}`;
  })
    .filter((part): part is string => part !== null)
    .join('; ');
}

/** IPv6 where the machine has it: which candidates carry IPv6 addresses, and whether a server answered over IPv6 (a srflx). */
function ipv6Finding(gathered: readonly ParsedCandidate[]): Finding {
  const v6 = gathered.filter((c) => c.ipVersion === 6);
  if (!v6.length) return { severity: 'info', message: 'IPv6: no candidates (no IPv6 address or route here, or only mDNS names for host addresses)' };
  const reached = v6.some((c) => c.type === 'srflx' || c.type === 'relay');
  // Without NAT on IPv6 the mapped address is the host address, and Chromium drops such a srflx.
  const servers = reached
    ? '; a server answered over IPv6'
    : '; no IPv6 srflx or relay (none when IPv6 has no NAT and the browser drops a srflx equal to its host: stun-reachability says whether an IPv6 server answered)';
  return { severity: 'info', message: `IPv6: ${describe(v6)}${servers}` };
}

/**
 * Pass rule: the browser gathers host candidates on its own (fail otherwise: it cannot do
 * ICE at all); when servers are configured, at least one yields a srflx or relay candidate
 * (warn otherwise: the per-server probes say why). Everything else is information.
 */
export function evaluateIceCandidates(raw: IceCandidatesRaw): Verdict {
  const [local, ...perServer] = raw.runs;
  const localCandidates = local ? candidatesOf(local) : [];
  const findings: Finding[] = [];
  if (localCandidates.length === 0) findings.push({ severity: 'fail', message: 'no host candidates: the browser gathered nothing without servers' });
  else findings.push({ severity: 'info', message: `without servers: ${describe(localCandidates)}` });
  const hosts = localCandidates.filter((c) => c.type === 'host');
  const mdns = hosts.filter((c) => c.mdns).length;
  if (hosts.length) {
    findings.push({
      severity: 'info',
      message:
        mdns === hosts.length
          ? 'host addresses are hidden behind mDNS .local names'
          : mdns
            ? `${mdns} of ${hosts.length} host candidates use mDNS names`
            : 'host candidates expose IP addresses (no mDNS)',
    });
  }
  for (const run of perServer) {
    if (droppedByShim(run)) {
      findings.push({ severity: 'info', message: `${run.server?.url}: never reached RTCIceGatherer (the RTCPeerConnection shim dropped it)` });
      continue;
    }
    const candidates = candidatesOf(run).filter((c) => c.type !== 'host');
    const complete = run.outcome.completeMs === null ? `not complete after ${run.outcome.limitMs} ms` : `complete in ${run.outcome.completeMs} ms`;
    const errors = run.outcome.errors.map((e) => `${e.errorCode}${e.errorText ? ` ${e.errorText}` : ''}`);
    findings.push({
      severity: 'info',
      message: `${run.server?.url}: ${candidates.length ? describe(candidates) : 'no srflx/relay candidates'}; ${complete}${errors.length ? `; errors: ${[...new Set(errors)].join(', ')}` : ''}`,
    });
  }
  const filtered = shimFilterFinding(perServer);
  if (filtered) findings.push(filtered);
  if (perServer.length && !perServer.some((run) => candidatesOf(run).some((c) => c.type === 'srflx' || c.type === 'relay'))) {
    findings.push({ severity: 'warn', message: 'no server produced a srflx or relay candidate: see stun-reachability and turn-reachability for why' });
  }
  // Every run gathers its own host candidates again: count hosts once, from the run without servers.
  const gathered = [...localCandidates, ...perServer.flatMap(candidatesOf).filter((c) => c.type !== 'host')];
  findings.push(ipv6Finding(gathered));
  const count = (predicate: (c: ParsedCandidate) => boolean) => gathered.filter(predicate).length;
  const completeTimes = raw.runs.map((r) => r.outcome.completeMs).filter((ms): ms is number => ms !== null);
  return {
    findings,
    metrics: {
      hostCandidates: count((c) => c.type === 'host'),
      srflxCandidates: count((c) => c.type === 'srflx'),
      relayCandidates: count((c) => c.type === 'relay'),
      mdnsHostCandidates: count((c) => c.type === 'host' && c.mdns),
      ipv6Candidates: count((c) => c.ipVersion === 6),
      tcpCandidates: count((c) => c.protocol === 'tcp'),
      ...(completeTimes.length ? { gatheringCompleteMsMax: Math.max(...completeTimes) } : {}),
    },
  };
}

/** This probe's raw data from the shared gathering: the run without servers first, then each server with policy `all`. */
export function pickIceCandidates(gathering: IceGathering): IceCandidatesRaw {
  return { runs: [{ server: null, policy: 'all', outcome: gathering.local }, ...gathering.perServer] };
}

export const iceCandidatesProbe: ProbeSpec<IceProbeParams, IceCandidatesRaw, IceGathering> = {
  id: 'ice-candidates',
  title: 'ICE candidates',
  summary: 'gathers without servers and with each server: candidate types, protocols, TCP types, IPv4/IPv6, mDNS, timing, errors',
  pageModule: 'probes/ice-shared/page.js',
  uses: ['RTCPeerConnection'],
  pick: pickIceCandidates,
  sideBySide: true,
  defaultParams: { servers: [], limitMs: DEFAULT_GATHER_LIMIT_MS },
  params: iceParams,
  timeoutMs: 20_000,
  metrics: {
    // Host candidates depend on the machine's interfaces; srflx and relay on the servers, which must keep answering.
    hostCandidates: informational('candidates'),
    srflxCandidates: mustNotDrop('candidates'),
    relayCandidates: mustNotDrop('candidates'),
    mdnsHostCandidates: informational('candidates'),
    ipv6Candidates: informational('candidates'),
    tcpCandidates: informational('candidates'),
    gatheringCompleteMsMax: timing(),
  },
  keyFigure: (m) =>
    `${m['hostCandidates'] ?? 0} host${m['mdnsHostCandidates'] ? ' (mDNS)' : ''}, ${m['srflxCandidates'] ?? 0} srflx, ${m['relayCandidates'] ?? 0} relay`,
  tables: gatheringTables,
  evaluate: evaluateIceCandidates,
};
