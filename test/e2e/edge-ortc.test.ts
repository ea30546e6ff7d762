// The Edge (ORTC shim) column beside real Chromium and Firefox, through the CLI as a user runs
// it: api-surface, turn-reachability (the run starts the embedded coturn) and the live
// sdp-negotiation pairs. What differs must come from running the shim's code, and every skip
// must say why. Needs the compiled CLI: npx tsc -p tsconfig.json
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeResult, RunResults } from '../../core/results.js';
import type { ApiSurfaceRaw } from '../../probes/api-surface/types.js';
import type { ReachabilityRaw } from '../../probes/ice-shared/types.js';
import { startCli } from '../support/cli.js';
import { launchReportBrowser, openReport } from '../support/reportPage.js';
import { validateResults } from '../support/resultsSchema.js';

const BROWSERS = ['chromium', 'firefox', 'edge-ortc'];

describe('webrtc-harness run --browser chromium --browser firefox --browser edge-ortc', () => {
  let outDir: string;
  let run: RunResults;
  let exit: { code: number | null; stdout: string; stderr: string };
  const single = (browser: string, probe: string): ProbeResult => {
    const found = run.results.find((r) => r.browser.name === browser && r.probe === probe && !r.peer);
    if (!found) throw new Error(`no ${probe} result for ${browser}`);
    return found;
  };
  const pair = (offerer: string, answerer: string): ProbeResult =>
    run.results.find((r) => r.probe === 'sdp-negotiation' && r.browser.name === offerer && r.peer?.name === answerer)!;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'wh-e2e-edge-ortc-'));
    const cli = startCli(['run', ...BROWSERS.flatMap((b) => ['-b', b]), '-p', 'api-surface', '-p', 'turn-reachability', '-p', 'sdp-negotiation', '-o', outDir]);
    exit = await cli.done;
    run = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as RunResults;
  }, 180_000);

  it('produces three columns, the third named edge-ortc and saying what it is', () => {
    expect(validateResults(run), JSON.stringify(validateResults.errors)).toBe(true);
    expect(run.environment.browsers.map((b) => b.name)).toEqual(BROWSERS);
    const edge = run.environment.browsers[2]!;
    expect(edge.version).toMatch(/^EdgeHTML 18 \(ORTC shim over Chromium \d+(\.\d+)+, adapter 7\.7\.1\)$/);
    expect(edge.userAgent).toMatch(/Edge\/18\.17763$/);
    expect(edge.note).toMatch(/^Not a real Edge/);
    // 3 x api-surface, 3 x turn-reachability, 9 ordered pairs of sdp-negotiation.
    expect(run.results).toHaveLength(15);
    for (const r of run.results) expect(r.status, `${r.browser.name}→${r.peer?.name ?? ''} ${r.probe}: ${r.reason ?? ''}`).not.toBe('error');
  });

  it('gives every skip its reason, and exits 1 only for what really failed', () => {
    for (const r of run.results.filter((r) => r.status === 'skip')) expect(r.reason, `${r.browser.name} ${r.probe}`).toBeTruthy();
    expect(exit.code).toBe(run.results.some((r) => r.status === 'fail' || r.status === 'error') ? 1 : 0);
  });

  it("runs the shim's code: adapter 7 detects Edge, RTCIceGatherer exists, RTCDataChannel does not", () => {
    const raw = single('edge-ortc', 'api-surface').raw as ApiSurfaceRaw;
    expect(raw.adapter?.browserDetails.browser).toBe('edge');
    expect(raw.apis['RTCIceGatherer']?.present).toBe(true);
    expect(raw.apis['RTCDataChannel']?.present).toBe(false);
    expect(raw.adapter?.patched).toContain('RTCPeerConnection.prototype.createOffer');
    expect((single('chromium', 'api-surface').raw as ApiSurfaceRaw).apis['RTCIceGatherer']?.present).toBe(false);
  });

  it('shows the shim filtering the ICE servers: TURN over TCP never reaches the gatherer, TURN over UDP allocates', () => {
    const edge = single('edge-ortc', 'turn-reachability');
    const runs = (edge.raw as ReachabilityRaw).runs;
    expect(runs.find((r) => r.server?.transport === 'tcp')!.outcome.gatherers).toEqual([{ urls: [], gatherPolicy: 'relay' }]);
    expect(edge.findings.map((f) => f.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/transport=udp: reachable: relay 127\.0\.0\.2:\d+ allocated/),
        expect.stringMatching(/transport=tcp: never reached RTCIceGatherer/),
      ]),
    );
    expect(edge.status).toBe('warn');
    for (const browser of ['chromium', 'firefox']) expect(single(browser, 'turn-reachability').metrics).toMatchObject({ servers: 2, reachable: 2 });
  });

  it('negotiates the shim against real Chromium and Firefox pages: SDP judged, media reported as not possible', () => {
    for (const [offerer, answerer] of [
      ['chromium', 'edge-ortc'],
      ['firefox', 'edge-ortc'],
      ['edge-ortc', 'chromium'],
      ['edge-ortc', 'firefox'],
      ['edge-ortc', 'edge-ortc'],
    ] as const) {
      const r = pair(offerer, answerer);
      expect(r.status, `${offerer}→${answerer}: ${r.findings.map((f) => f.message).join('\n')}`).toBe('skip');
      expect(r.reason).toMatch(/^media cannot flow: edge-ortc has no ORTC media engine here/);
      expect(r.findings.some((f) => f.message.startsWith(`${offerer}→${answerer} default: audio settled on`))).toBe(true);
    }
    // Codecs intersected with Edge's capabilities: what Chromium offers beyond them falls out.
    expect(pair('chromium', 'edge-ortc').findings.map((f) => f.message)).toContainEqual(
      expect.stringMatching(/^chromium→edge-ortc default: .*video settled on .*left out .*VP9.* \(edge-ortc cannot receive them\)/),
    );
    expect(pair('edge-ortc', 'firefox').findings.map((f) => f.message)).toContainEqual(
      expect.stringMatching(/^edge-ortc→firefox default: .*left out .*X-H264UC.* \(firefox cannot receive them\)/),
    );
    // The pairs without the shim still carry media.
    expect(pair('chromium', 'firefox').findings.map((f) => f.message)).toContain('chromium→firefox default: audio opus, video vp8 in use');
  });

  describe('in the HTML report', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchReportBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('has an edge-ortc column like any browser, and its note in the environment', async () => {
      const report = await openReport(browser, join(outDir, 'index.html'));
      const columns = await report.page.$$eval('table.matrix thead th span.browser', (spans) => spans.map((s) => s.textContent));
      expect(columns).toEqual(expect.arrayContaining(BROWSERS));
      expect(await report.page.$eval('body', (b) => b.textContent ?? '')).toContain('Not a real Edge');
      expect(report.errors).toEqual([]);
    });
  });
});
