// The visit's plan: every probe it lists runs once, with its registry spec and the page function
// the CLI serves for it, on a schedule that keeps the network measurements apart.
import { describe, expect, it } from 'vitest';
import { findProbe } from '../../../../probes/index.js';
import type { ProbeSpec } from '../../../../probes/types.js';
import { VISIT_DEVICE_ONLY, VISIT_PROBE_IDS, VISIT_SCHEDULE, visitProbe } from './visitPlan.js';

const servers = [
  {
    url: 'turn:192.0.2.1:3478?transport=udp',
    scheme: 'turn',
    host: '192.0.2.1',
    port: 3478,
    transport: 'udp',
    secure: false,
    username: 'u:1',
    credential: 'c',
  },
] as const;
const janus = { url: '/janus', label: 'https://checks.example.org/janus' };
const context = { iceServers: [...servers], janus };

describe('the visit plan', () => {
  it('schedules each probe of the visit exactly once, in the order of the registry for the report', () => {
    const scheduled = VISIT_SCHEDULE.flat(2);
    expect([...scheduled].sort()).toEqual([...VISIT_PROBE_IDS].sort());
    expect(new Set(scheduled).size).toBe(scheduled.length);
    expect(VISIT_PROBE_IDS).toEqual([
      'api-surface',
      'devices',
      'gum-constraints',
      'ice-candidates',
      'stun-reachability',
      'turn-reachability',
      'connectivity',
      'getstats-bandwidth',
      'video-quality',
      'audio-quality',
      'datachannel-throughput',
      'server-echo',
    ]);
  });

  it('never runs two exclusive (network-measuring) probes at the same time; the camera/microphone checks use no network', () => {
    expect([...VISIT_DEVICE_ONLY].sort()).toEqual(['audio-quality', 'video-quality']);
    for (const stage of VISIT_SCHEDULE) {
      const measuring = (id: string) => (findProbe(id) as ProbeSpec).exclusive && !VISIT_DEVICE_ONLY.includes(id);
      const lanesWithExclusive = stage.filter((lane) => lane.some(measuring));
      expect(lanesWithExclusive.length).toBeLessThanOrEqual(1);
    }
  });

  it('asks for the camera and microphone (devices) before any other probe captures or gathers', () => {
    const stageOf = (id: string) => VISIT_SCHEDULE.findIndex((stage) => stage.flat().includes(id));
    for (const id of ['gum-constraints', 'getstats-bandwidth', 'connectivity', 'ice-candidates', 'video-quality', 'audio-quality'])
      expect(stageOf(id)).toBeGreaterThan(stageOf('devices'));
  });

  it.each(VISIT_PROBE_IDS)('%s: runs its own page module with the params the CLI gives it (the visit servers)', (id) => {
    const probe = visitProbe(id, context);
    expect(probe.spec).toBe(findProbe(id));
    expect(typeof probe.run).toBe('function');
    if (probe.spec.params && !['gum-constraints', ...VISIT_DEVICE_ONLY].includes(id)) expect(probe.params).toMatchObject({ servers: context.iceServers });
  });

  it('gives a person two minutes to answer the camera/microphone prompt; every other probe its own limit', () => {
    for (const id of VISIT_PROBE_IDS) expect(visitProbe(id, context).timeoutMs).toBe(id === 'devices' ? 120_000 : (findProbe(id) as ProbeSpec).timeoutMs);
  });

  it('keeps the capture check short (the cases any camera and microphone must grant) and the data channel at 2 s per channel', () => {
    const gum = visitProbe('gum-constraints', context).params as { cases: { id: string; basic: boolean }[] };
    expect(gum.cases.map((c) => c.id)).toEqual(['video-plain', 'audio-plain', 'video-vga-ideal']);
    expect(visitProbe('datachannel-throughput', context).params).toMatchObject({ durationMs: 2_000, servers: context.iceServers });
  });

  it('reads the real camera for 3 s (half a second to settle) and the microphone for 2 s, without a call', () => {
    expect(visitProbe('video-quality', context).params).toEqual({ durationMs: 3_000, thresholds: expect.objectContaining({ warmupMs: 500 }) });
    expect(visitProbe('audio-quality', context).params).toEqual({ micMs: 2_000 });
    expect(visitProbe('video-quality', context).run).not.toBe(visitProbe('getstats-bandwidth', context).run);
  });

  it("calls serve's Janus through its proxy without the API secret, with check's short capacity search after the relayed call", () => {
    const echo = visitProbe('server-echo', context).params as { janus: unknown; stepsKbps: number[]; stepMs: number };
    expect(echo.janus).toEqual(janus);
    expect(echo).toMatchObject({ stepsKbps: [500, 1500], stepMs: 3_000 });
    expect(visitProbe('server-echo', { ...context, janus: null }).params).toMatchObject({ janus: null });
    expect(visitProbe('getstats-bandwidth', context).params).toMatchObject({ durationMs: 12_000 });
    const stageOf = (id: string) => VISIT_SCHEDULE.findIndex((stage) => stage.flat().includes(id));
    expect(stageOf('server-echo')).toBeGreaterThan(stageOf('getstats-bandwidth'));
  });
});
