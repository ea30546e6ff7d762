// server-echo end to end: real Chromium and Firefox call the embedded Janus (Debian's janus,
// EchoTest) across a scenario's router (Janus sits in the public namespace beside coturn), built
// by the very environment steps `run --scenario` uses. Janus's own view of each call (its admin
// API's handle_info, read inside the public namespace) is the cross-check of the upstream
// figures. Then the faults: Janus killed mid-probe, a wrong --janus URL, a wrong API secret.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeResult, RunResults } from '../../core/results.js';
import { freshRunEnvironment, runEnvironmentSteps } from '../../harness/environment/runSteps.js';
import { inEnvironment } from '../../harness/environment/steps.js';
import { type EmbeddedJanus, startEmbeddedJanus } from '../../harness/janus/janus.js';
import { LAUNCHERS } from '../../harness/launchers/index.js';
import { freeUdpTcpPort } from '../../harness/network/freePort.js';
import { LOOPBACK_NETWORK } from '../../harness/network/placement.js';
import { findScenario } from '../../harness/network/scenarios.js';
import { runMatrixThrough } from '../../harness/worker/inNamespace.js';
import { findProbe } from '../../probes/index.js';
import type { ServerEchoRaw } from '../../probes/server-echo/types.js';
import { ReporterMultiplexer } from '../../reports/index.js';
import { startCli } from '../support/cli.js';
import { type Json, sampleHandles } from '../support/janusAdmin.js';
import { childProcesses, isAlive } from '../support/processes.js';

const BROWSERS = ['chromium', 'firefox'] as const;

interface Measured {
  results: ProbeResult[];
  /** Janus's handle_info of each call, by the opaque_id the page gave its handle. */
  janusView: Map<string, Json>;
}

/** Both browsers' server-echo inside `scenario`, with Janus's admin API sampled during the calls. */
async function measure(scenario: string): Promise<Measured> {
  const steps = runEnvironmentSteps({ scenario: findScenario(scenario)!, ice: {}, mediaServer: {} });
  return inEnvironment(steps, freshRunEnvironment(), async ({ network, ice, mediaServer }) => {
    const sampler = sampleHandles(network.mediaServer.prefix, mediaServer!.admin!);
    try {
      const run = await runMatrixThrough(network.clientPrefix!, {
        command: 'e2e server-echo',
        browsers: BROWSERS.map((name) => ({ launcher: LAUNCHERS[name]!, request: {} })),
        probes: [findProbe('server-echo')!],
        adapterModes: ['off'],
        outDir: mkdtempSync(join(tmpdir(), `wh-e2e-echo-${scenario}-`)),
        reporter: new ReporterMultiplexer([]),
        context: { iceServers: ice!.servers, mediaServer: mediaServer!.context },
        redaction: { secrets: [...ice!.secrets, ...mediaServer!.secrets], ips: false },
        scenario,
      });
      await sampler.stop();
      const janusView = new Map([...sampler.last.values()].map((info) => [String(info['opaque_id']), info]));
      return { results: run.results, janusView };
    } finally {
      await sampler.stop();
    }
  });
}

const resultOf = (measured: Measured, browser: string) => {
  const result = measured.results.find((r) => r.browser.name === browser)!;
  expect(result.status, `${browser}: ${result.reason ?? ''} ${result.findings.map((f) => f.message).join('; ')}`).not.toBe('error');
  return result;
};

/** Janus's own count of the call's upstream audio: packets it received, packets it found missing. */
function janusAudio(info: Json): { received: number; lost: number } {
  const media = Object.values((info['webrtc'] as { media: Record<string, Json> }).media);
  const audio = media.find((m) => m['type'] === 'audio')!;
  return {
    received: (audio['stats'] as { in: { packets: number } }).in.packets,
    lost: (audio['rtcp'] as { main: { lost: number } }).main.lost,
  };
}

/**
 * The probe's upstream loss against Janus's own: what the browser read from Janus's receiver
 * reports (over RTCP, across the lossy path) against what Janus's admin API says it counted.
 * Tolerance 1 percentage point: the admin sample and the last getStats are up to a second
 * apart (~50 audio packets), and the probe's window starts at its first sample.
 */
function crossCheck(result: ProbeResult, janusView: Map<string, Json>): void {
  const raw = result.raw as ServerEchoRaw;
  const info = janusView.get(raw.opaqueId);
  expect(info, `Janus's admin API showed no handle ${raw.opaqueId}`).toBeDefined();
  const { received, lost } = janusAudio(info!);
  const janusLossPct = (lost / (received + lost)) * 100;
  expect(Math.abs(result.metrics['upLossPct']! - janusLossPct), `probe ${result.metrics['upLossPct']}%, Janus ${janusLossPct}%`).toBeLessThanOrEqual(1);
  // And Janus received about what the browser sent (the same call, seen from both ends).
  const up = raw.sets[0]!;
  const sent = up.series['audioSent']!.filter((v): v is number => v !== null).at(-1)!;
  // Janus's last admin sample may come up to ~1.5 s after the probe's last getStats (the page waits
  // for the last echoes, sampling is every 0.7 s): at 50 audio packets a second, up to 75 more.
  expect(received / sent).toBeGreaterThan(0.9);
  expect(received).toBeLessThanOrEqual(sent + 75);
}

describe('server-echo against the embedded Janus, across the scenario router', () => {
  it('open: both legs clean in Chromium and Firefox; Janus saw what the probe says', async () => {
    const measured = await measure('open');
    for (const browser of BROWSERS) {
      const result = resultOf(measured, browser);
      expect(result.status).toBe('pass');
      // Clean: under 1.5% on each leg, the resolution of counting ~600 audio packets whose last ones may still be in flight.
      expect(result.metrics['upLossPct']).toBeLessThan(1.5);
      expect(result.metrics['downLossPct']).toBeLessThan(1.5);
      expect(result.metrics['echoLossPct']).toBe(0);
      crossCheck(result, measured.janusView);
    }
  });

  it('bandwidth-400kbit: the upstream capacity found is within ±30% of 400 kbit/s in both browsers', async () => {
    const measured = await measure('bandwidth-400kbit');
    for (const browser of BROWSERS) {
      const result = resultOf(measured, browser);
      expect(result.metrics['upKbps'], `${browser}: ${JSON.stringify(result.metrics)}`).toBeGreaterThanOrEqual(400 * 0.7);
      expect(result.metrics['upKbps']).toBeLessThanOrEqual(400 * 1.3);
      crossCheck(result, measured.janusView);
    }
  });

  it('loss-2pct: upstream loss between 1% and 4%, the downstream leg shows its own, and Janus counted the same upstream loss', async () => {
    const measured = await measure('loss-2pct');
    for (const browser of BROWSERS) {
      const result = resultOf(measured, browser);
      expect(result.metrics['upLossPct'], `${browser}: ${JSON.stringify(result.metrics)}`).toBeGreaterThanOrEqual(1);
      expect(result.metrics['upLossPct']).toBeLessThanOrEqual(4);
      expect(result.metrics['downLossPct']).toBeGreaterThan(0.5);
      crossCheck(result, measured.janusView);
    }
  });
});

describe('server-echo faults', () => {
  it('Janus killed mid-probe: that call is an error "media server exited", the run goes on, nothing is left running', async () => {
    const out = mkdtempSync(join(tmpdir(), 'wh-e2e-echo-kill-'));
    const cli = startCli(['run', '-b', 'chromium', '-b', 'firefox', '-p', 'server-echo', '-o', out]);
    await cli.waitForLine(/ready/);
    let janus: { pid: number; command: string } | undefined;
    for (let i = 0; i < 100 && janus === undefined; i++) {
      janus = childProcesses(cli.child.pid!).find((p) => p.command.startsWith('/usr/bin/janus'));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(janus).toBeDefined();
    const janusPid = janus!.pid;
    // `janus -F <its folder> -C ...`: the folder with its config and secrets.
    const folder = janus!.command.split(' ')[2]!;
    expect(folder).toMatch(/\/wh-janus-[0-9a-f]+$/);
    // Mid-call: a call makes Janus open its ICE sockets (more open files than when idle); the call lasts ~10 s.
    const openFiles = () => readdirSync(`/proc/${janusPid}/fd`).length;
    const idle = openFiles();
    for (let i = 0; i < 600 && openFiles() < idle + 2; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(openFiles()).toBeGreaterThanOrEqual(idle + 2);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    process.kill(janusPid, 'SIGKILL');
    const { code } = await cli.done;
    expect(code).toBe(1);
    const run = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
    const statuses = run.results.map((r) => `${r.status}: ${r.reason ?? r.findings[0]?.message ?? ''}`);
    // The call in flight breaks with the reason; the other browser's call still runs and finds no Janus.
    expect(
      statuses.some((s) => /^error: .*media server exited/.test(s)),
      statuses.join('\n'),
    ).toBe(true);
    expect(run.results).toHaveLength(2);
    expect(
      statuses.some((s) => /^fail: no Janus at/.test(s)),
      statuses.join('\n'),
    ).toBe(true);
    expect(isAlive(janusPid)).toBe(false);
    expect(existsSync(folder)).toBe(false);
    expect(childProcesses(cli.child.pid!)).toEqual([]);
  });

  describe('a wrong --janus or API secret: a clear verdict within 5 s', () => {
    let janus: EmbeddedJanus;
    beforeAll(async () => {
      janus = await startEmbeddedJanus(LOOPBACK_NETWORK.mediaServer);
    });
    afterAll(async () => janus?.stop());

    const runAgainst = async (args: string[]): Promise<ProbeResult> => {
      const out = mkdtempSync(join(tmpdir(), 'wh-e2e-echo-wrong-'));
      const { code } = await startCli(['run', '-b', 'chromium', '-p', 'server-echo', '-o', out, ...args]).done;
      expect(code).toBe(1);
      return (JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults).results[0]!;
    };

    it('a URL where no Janus listens: "no Janus at URL"', async () => {
      const url = `http://127.0.0.1:${await freeUdpTcpPort('127.0.0.1')}/janus`;
      const result = await runAgainst(['--janus', url]);
      expect(result.status).toBe('fail');
      expect(result.findings[0]!.message).toBe(`no Janus at ${url} (connection refused) (while creating a Janus session)`);
      expect(result.durationMs).toBeLessThan(5_000);
    });

    it('the right Janus with a wrong secret: "API secret refused", and the secret given is in no output', async () => {
      const secretFile = join(mkdtempSync(join(tmpdir(), 'wh-e2e-echo-secret-')), 'secret');
      writeFileSync(secretFile, 'not-the-api-secret-4711\n', { mode: 0o600 });
      const result = await runAgainst(['--janus', janus.apiUrl, '--janus-secret-file', secretFile]);
      expect(result.status).toBe('fail');
      expect(result.findings[0]!.message).toBe(`API secret refused by the Janus at ${janus.apiUrl} (while creating a Janus session)`);
      expect(result.durationMs).toBeLessThan(5_000);
      expect(JSON.stringify(result)).not.toContain('not-the-api-secret-4711');
    });
  });
});
