// `webrtc-harness stats import|chart` as a user runs it (compiled CLI, a fresh node per call):
// the recorded dumps, charts as PNG (rendered by headless Chromium), CSV and HTML, bad input,
// and dump text that tries to run script in the chart page or drive the terminal.
// Needs the compiled CLI: npx tsc -p tsconfig.json
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAUNCHERS } from '../../harness/launchers/index.js';
import type { PuppeteerBrowser } from '../../harness/launchers/launcher.js';
import { PACKAGE_ROOT } from '../../reports/paths.js';
import { dumpFixture, dumpFixtureNames, writeBadDumps } from '../support/dumpFixtures.js';
import { startCli } from '../support/cli.js';
import { childProcesses, isAlive } from '../support/processes.js';

const stats = (...args: string[]) => startCli(['stats', ...args]).done;
const made: string[] = [];
const tmp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8).toString('hex'), `${file} is a PNG`).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const EVIL = '"><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>\u001b[2J\u001b]8;;http://x\u0007\u202e';

/** A webrtc-internals dump whose every string is hostile: ids, URL, stats type, field names and values, log entries. */
function evilDump(): string {
  const start = Date.parse('2026-01-01T10:00:00Z');
  const series = (statsType: string, values: unknown[]) => ({
    statsType,
    startTime: new Date(start).toISOString(),
    endTime: new Date(start + (values.length - 1) * 1000).toISOString(),
    values: JSON.stringify(values),
  });
  const stamps = [start, start + 1000, start + 2000];
  return JSON.stringify({
    getUserMedia: [{ request_type: EVIL, timestamp: start - 500 }],
    PeerConnections: {
      [`${EVIL}-1`]: {
        url: EVIL,
        rtcConfiguration: EVIL,
        updateLog: [
          { type: 'onconnectionstatechange', value: JSON.stringify(EVIL), timestamp: start + 100 },
          { type: EVIL, value: EVIL, timestamp: start + 200 },
        ],
        stats: {
          [`${EVIL}-timestamp`]: series('outbound-rtp', stamps),
          [`${EVIL}-bytesSent`]: series('outbound-rtp', [1000, 60_000, 130_000]),
          [`${EVIL}-kind`]: series('outbound-rtp', [EVIL, EVIL, EVIL]),
          [`X1-${EVIL.replace(/-/g, '')}`]: series(EVIL, [1, 2, 3]),
          'X1-weird': series(EVIL, ['NaN', '1e999', 12, 1e308]),
        },
      },
    },
  });
}

describe('webrtc-harness stats import', () => {
  it.each(dumpFixtureNames())('imports %s: 2 peer connections, their series and events', async (name) => {
    const { code, stdout, stderr } = await stats('import', dumpFixture(name), '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const dump = JSON.parse(stdout) as {
      summary: { peerConnections: number; series: number; events: number };
      peerConnections: { events: unknown[]; stats: { t: number[]; series: Record<string, unknown[]> }[] }[];
    };
    expect(dump.summary.peerConnections).toBe(2);
    expect(dump.summary.series).toBeGreaterThan(400);
    expect(dump.summary.events).toBeGreaterThan(60);
    for (const pc of dump.peerConnections) expect(pc.stats.length).toBeGreaterThan(20);
  });

  it('prints a summary: peer connections, stats objects, series, duration, events, connection states', async () => {
    const { code, stdout } = await stats('import', dumpFixture('webrtc-internals-loopback-call.json.gz'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^webrtc-internals dump \(gzip\): .*webrtc-internals-loopback-call\.json\.gz$/m);
    expect(stdout).toMatch(/2 peer connection\(s\), 52 stats objects, 544 series \(\d+ values\), \d+\.\d s of stats, 74 events/);
    expect(stdout).toContain('connection: connecting → connected');
  });

  it('--out DIR writes series.json, the same as --json', async () => {
    const out = join(tmp('wh-import-'), 'imported');
    const { code } = await stats('import', dumpFixture('rtcstats-loopback-call.txt'), '--out', out);
    expect(code).toBe(0);
    const json = await stats('import', dumpFixture('rtcstats-loopback-call.txt'), '--json');
    expect(readFileSync(join(out, 'series.json'), 'utf8')).toBe(json.stdout);
  });

  it('loads neither puppeteer nor express', async () => {
    const traceFile = join(tmp('wh-trace-'), 'imports.txt');
    const hooks = join(PACKAGE_ROOT, 'test', 'support', 'trace-imports.mjs');
    const { code } = await startCli(['stats', 'import', dumpFixture('webrtc-internals-loopback-call.json')], {
      NODE_OPTIONS: `--import ${hooks}`,
      TRACE_IMPORTS_FILE: traceFile,
    }).done;
    expect(code).toBe(0);
    const imported = readFileSync(traceFile, 'utf8');
    expect(imported).toContain('harness/commands/stats.js');
    expect(imported).not.toMatch(/puppeteer|express/);
  });
});

describe('webrtc-harness stats on bad input', () => {
  const dir = tmp('wh-bad-');
  const cases = writeBadDumps(dir);

  it.each(cases)('$name: exit 2, one line naming the file, what it looks like and what was expected; no output folder', async ({ name, says }) => {
    const out = join(dir, `out-${name}`);
    const { code, stdout, stderr } = await stats('chart', join(dir, name), '--out', out, '--format', 'csv,html');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^webrtc-harness stats chart: \\S*${name.replace(/\./g, '\\.')}: `));
    expect(stderr).toMatch(says);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('a results.json without series: exit 1, says so, writes nothing', async () => {
    const out = join(dir, 'no-series');
    const { code, stderr } = await stats('chart', join(PACKAGE_ROOT, 'fixtures', 'results', 'check-all-pass.json'), '--out', out);
    expect(code).toBe(1);
    expect(stderr).toMatch(/none of its \d+ results carries series .*nothing to chart/);
    expect(existsSync(out)).toBe(false);
  });

  it('usage errors: exit 2 with a pointer to --help', async () => {
    expect(await stats('chart', dumpFixture('rtcstats-loopback-call.txt'))).toMatchObject({ code: 2, stderr: expect.stringContaining('needs --out DIR') });
    expect(await stats('chart', dumpFixture('rtcstats-loopback-call.txt'), '--out', dir, '--format', 'gif')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--format takes png, csv, html'),
    });
    expect(await stats('frobnicate', 'x')).toMatchObject({ code: 2, stderr: expect.stringContaining("See 'webrtc-harness stats --help'") });
  });
});

describe('webrtc-harness stats: output folders and inputs that are not what they seem', () => {
  const dump = dumpFixture('rtcstats-loopback-call.txt');

  it("chart refuses a folder with the user's files (exit 2, untouched); --force keeps them; its own charts it replaces", async () => {
    const out = tmp('wh-chart-users-');
    writeFileSync(join(out, 'charts.html'), 'my notes');
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const refused = await stats('chart', dump, '--out', out, '--format', 'csv,html', '--metric', 'rtt');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds files webrtc-harness did not write \(.*keep\.txt.*\); .*--force/);
    expect(readdirSync(out).sort()).toEqual(['charts.html', 'keep.txt']);
    expect(readFileSync(join(out, 'charts.html'), 'utf8')).toBe('my notes');
    expect((await stats('chart', dump, '--out', out, '--format', 'csv,html', '--metric', 'rtt', '--force')).code).toBe(0);
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(out, 'charts.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    const own = join(tmp('wh-chart-own-'), 'charts');
    expect((await stats('chart', dump, '--out', own, '--format', 'csv', '--metric', 'rtt')).code).toBe(0);
    expect((await stats('chart', dump, '--out', own, '--format', 'csv', '--metric', 'inbound-rtp.jitter')).code).toBe(0);
    // The rtt CSVs were its own: gone with the charts they belonged to.
    expect(readdirSync(join(own, 'csv')).every((f) => f.includes('inbound-rtp.jitter'))).toBe(true);
  });

  it('chart refuses a symbolic link as --out, --force or not', async () => {
    const parent = tmp('wh-chart-link-');
    const elsewhere = tmp('wh-chart-elsewhere-');
    symlinkSync(elsewhere, join(parent, 'out'));
    const { code, stderr } = await stats('chart', dump, '--out', join(parent, 'out'), '--format', 'csv', '--force');
    expect(code).toBe(2);
    expect(stderr).toContain('is a symbolic link; refused');
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('chart caps the number of CSV files (exit 2, nothing written) unless --max-csv-files allows them', async () => {
    const out = join(tmp('wh-chart-csv-'), 'out');
    const capped = await stats('chart', dump, '--out', out, '--format', 'csv', '--max-csv-files', '3');
    expect(capped.code).toBe(2);
    expect(capped.stderr).toMatch(/make \d+ CSV files \(one per line\), more than --max-csv-files 3; .*--metric/);
    expect(existsSync(out)).toBe(false);
    expect((await stats('chart', dump, '--out', out, '--format', 'csv', '--max-csv-files', '1000')).code).toBe(0);
  });

  it('a folder or a FIFO as input: exit 2 naming the path, at once (a FIFO without a writer never blocks)', async () => {
    const dir = tmp('wh-stats-input-');
    const folder = await stats('chart', dir, '--out', join(dir, 'out'), '--format', 'html');
    expect(folder).toMatchObject({ code: 2, stderr: `webrtc-harness stats chart: ${dir}: a directory, not a file; refused\n` });
    const fifo = join(dir, 'dump.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const args of [
      ['import', fifo],
      ['chart', fifo, '--out', join(dir, 'out'), '--format', 'html'],
    ]) {
      expect(await stats(...args)).toMatchObject({ code: 2, stderr: `webrtc-harness stats ${args[0]}: ${fifo}: a FIFO (named pipe), not a file; refused\n` });
    }
  });

  it('chart of a results.json too large for one string: exit 2 naming the file, checked before reading', async () => {
    const dir = tmp('wh-stats-large-');
    const file = join(dir, 'results.json');
    // Sparse: 600 MB on paper, a few bytes on disk.
    writeFileSync(file, '{"schemaVersion": 1, "results": [');
    truncateSync(file, 600 * 1024 * 1024);
    const { code, stderr } = await stats('chart', file, '--out', join(dir, 'out'), '--format', 'html');
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^webrtc-harness stats chart: ${file.replace(/[.]/g, '\\.')}: 629145600 bytes, more than the 256 MB`));
  });

  it('a results.json that breaks its schema: exit 2 with the path of the problem', async () => {
    const dir = tmp('wh-stats-schema-');
    const run = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'fixtures', 'results', 'check-all-pass.json'), 'utf8')) as { results: { status: string }[] };
    run.results[2]!.status = 'great';
    writeFileSync(join(dir, 'r.json'), JSON.stringify(run));
    const { code, stderr } = await stats('chart', join(dir, 'r.json'), '--out', join(dir, 'out'), '--format', 'html');
    expect(code).toBe(2);
    expect(stderr).toContain(`${join(dir, 'r.json')}: not a webrtc-harness results file: /results/2/status must be equal to one of the allowed values`);
  });
});

describe('webrtc-harness stats chart', () => {
  let browser: PuppeteerBrowser;
  beforeAll(async () => {
    browser = await LAUNCHERS['chromium']!.launch();
  });
  afterAll(() => browser?.close());

  /** Opens a chart page from file:// and reports what ran: dialogs, script-made globals, elements that only markup could add. */
  async function open(file: string) {
    const page = await browser.browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('html[data-ready], html[data-error]', { timeout: 20_000 });
    const seen = await page.evaluate(() => ({
      error: document.documentElement.getAttribute('data-error'),
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      scripts: document.scripts.length,
      images: document.images.length,
      canvases: document.querySelectorAll('canvas').length,
      text: document.body.textContent ?? '',
    }));
    await page.close();
    return { ...seen, dialogs };
  }

  it('charts a recorded dump to PNG (by Chromium), CSV and one HTML page that works from file://', async () => {
    const out = join(tmp('wh-chart-'), 'call');
    const { code, stdout, stderr } = await stats('chart', dumpFixture('webrtc-internals-loopback-call.json.gz'), '--out', out, '--format', 'png,csv,html');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('12 charts for 2 peer connection(s)');
    const pngs = readdirSync(join(out, 'png'));
    expect(pngs).toHaveLength(12);
    expect(pngs).toContain('01-peer-connection-9-1-bitrate.png');
    for (const png of pngs) {
      expect(pngSize(join(out, 'png', png))).toEqual({ width: 2000, height: 880 });
      // A drawn chart compresses to tens of KB; a blank canvas to a few hundred bytes.
      expect(statSync(join(out, 'png', png)).size).toBeGreaterThan(20_000);
      expect(statSync(join(out, 'png', png)).size).toBeLessThan(1_000_000);
    }
    const csv = readFileSync(join(out, 'csv', '01-peer-connection-9-1-bitrate-2-outbound-rtp-video-ssrc-1462045401-sent.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('t_s,outbound-rtp video ssrc 1462045401 sent (kbit/s)');
    expect(csv.slice(2, -1).every((row) => /^\d+(\.\d+)?,\d+(\.\d+)?$/.test(row))).toBe(true);
    const page = await open(join(out, 'charts.html'));
    expect(page).toMatchObject({ error: null, canvases: 12, scripts: 2, dialogs: [] });
    expect(page.text).toContain('peer connection 9-1');
    expect(page.text).toMatch(/Events \(35\)/);
  });

  it('Ctrl-C while Chromium renders the PNGs: exit 130, nothing written, no browser left', async () => {
    const out = join(tmp('wh-chart-interrupted-'), 'call');
    const cli = startCli(['stats', 'chart', dumpFixture('webrtc-internals-loopback-call.json.gz'), '--out', out, '--format', 'png,csv,html']);
    // The renderer's Chromium is the sign that charting is under way (import done, output staged).
    let renderer: { pid: number } | undefined;
    for (let i = 0; i < 300 && !renderer && cli.child.exitCode === null; i++) {
      renderer = childProcesses(cli.child.pid!).find((p) => /chromium/.test(p.command));
      if (!renderer) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(renderer, 'the chart command started its Chromium before it was interrupted').toBeDefined();
    cli.child.kill('SIGINT');
    const { code, stderr } = await cli.done;
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted; nothing written');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    for (let i = 0; i < 100 && isAlive(renderer!.pid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isAlive(renderer!.pid)).toBe(false);
  });

  it('--metric picks charts: a metric and a <statsType>.<field>', async () => {
    const out = join(tmp('wh-chart-'), 'picked');
    const { code, stdout } = await stats(
      'chart',
      dumpFixture('rtcstats-loopback-call.txt'),
      '--out',
      out,
      '--format',
      'csv',
      '--metric',
      'rtt',
      '--metric',
      'inbound-rtp.jitter',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('4 charts for 2 peer connection(s)');
    expect(readdirSync(join(out, 'csv')).filter((f) => f.includes('inbound-rtp.jitter'))).toHaveLength(4);
  });

  it('dump text stays text: no script runs in the page, no markup is made, the terminal gets no escape sequences', async () => {
    const dir = tmp('wh-evil-');
    const file = join(dir, 'evil.json');
    writeFileSync(file, evilDump());
    const imported = await stats('import', file);
    expect(imported.code).toBe(0);
    expect(imported.stdout).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(imported.stdout).toContain('"><img src=x');
    const out = join(dir, 'charts');
    const charted = await stats('chart', file, '--out', out, '--format', 'html,png', '--metric', 'bitrate', '--metric', 'weird');
    expect(charted.stderr).toBe('');
    expect(charted.code).toBe(0);
    expect(charted.stdout).not.toMatch(/[\u001b\u0007\u202e]/);
    // File names from dump text keep letters, digits, . _ - only.
    for (const png of readdirSync(join(out, 'png'))) expect(png).toMatch(/^[\w.-]+\.png$/);
    const page = await open(join(out, 'charts.html'));
    expect(page).toMatchObject({ error: null, pwned: null, images: 0, scripts: 2, dialogs: [], canvases: 2 });
    expect(page.text).toContain('<script>window.__pwned=2</script>');
    // Nor can it reorder what is shown (bidi override) or smuggle control characters.
    expect(page.text).not.toMatch(/[\u001b\u0007\u202e]/);
  });

  it('charts the series of a results.json (raw.series), hostile names included, without running them', async () => {
    const out = join(tmp('wh-results-'), 'charts');
    const { code, stdout } = await stats('chart', join(PACKAGE_ROOT, 'fixtures', 'results', 'xss-payloads.json'), '--out', out, '--format', 'html');
    expect(code).toBe(0);
    expect(stdout).toMatch(/\d+ charts for \d+ result\(s\)/);
    const page = await open(join(out, 'charts.html'));
    expect(page).toMatchObject({ error: null, pwned: null, images: 0, scripts: 2, dialogs: [] });
    expect(page.canvases).toBeGreaterThan(0);
  });
});
