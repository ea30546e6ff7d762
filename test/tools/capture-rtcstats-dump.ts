// Records fixtures/client-dumps/rtcstats-server-dump-of-rtcstats-5.2.0-firefox-loopback-call: what
// users of the rtcstats client library (npm `rtcstats`, pinned as a devDependency) have after
// a call.
//
//   npm run build && node dist/test/tools/capture-rtcstats-dump.js
//
// A page on http://localhost loads the library with a <script> before any WebRTC code, as
// its README says, set up as its module example does (trace-ws to our WebSocket, getStats
// every second, the unprefixed RTCPeerConnection). Headless Firefox makes the ~10 s loopback
// call (./loopbackCall.ts), hangs up and closes the tab. Not Chromium: rtcstats 5.2.0 takes
// it for old Chrome (it has navigator.webkitGetUserMedia) and polls the callback form of
// getStats, which Chromium no longer has, so a Chromium dump holds no getstats record at all. A local WebSocket server receives
// the records and writes them the way rtcstats-server's app.js does (fileFormat 2): a JSON
// metadata line, a `publicIP` line, each record on its own line (IP addresses obfuscated by
// the obfuscator the rtcstats package ships, the same code as the server's), and a closing
// `close` line without a newline after it.
import { readFile, writeFile } from 'node:fs/promises';
import { type IncomingMessage, createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type WebSocket, WebSocketServer } from 'ws';
import { LAUNCHERS } from '../../harness/launchers/index.js';
import type { PuppeteerBrowser } from '../../harness/launchers/launcher.js';
import { PACKAGE_ROOT } from '../../reports/paths.js';
import { type CallWindow, startCall } from './loopbackCall.js';

// Not in fixtures/dumps/, whose every file the stats e2e tests hold to a Chromium dump's figures.
const FIXTURE = join(PACKAGE_ROOT, 'fixtures', 'client-dumps', 'rtcstats-server-dump-of-rtcstats-5.2.0-firefox-loopback-call');
const CALL_MS = 10_000;
const require = createRequire(import.meta.url);
const obfuscate = require('rtcstats/obfuscator.js') as (record: unknown[]) => void;

/** The library's two CommonJS modules, wrapped for a plain <script> and started against `wsUrl`. */
async function libraryScript(wsUrl: string): Promise<string> {
  const module = async (name: string) =>
    `(function () { var module = { exports: {} }; ${await readFile(require.resolve(name), 'utf8')}\nreturn module.exports; })()`;
  return `(function () {
  var traceWs = ${await module('rtcstats/trace-ws.js')};
  var rtcstats = ${await module('rtcstats/rtcstats.js')};
  rtcstats(traceWs(${JSON.stringify(wsUrl)}), 1000, ['']);
})();
`;
}

/** One record as rtcstats-server's app.js writes it: getUserMedia records and constraints as they came, the others with IP addresses obfuscated. */
function serverLine(message: string): string {
  const record = JSON.parse(message) as unknown[];
  if (typeof record[0] === 'string' && record[0].endsWith('OnError')) record[0] = record[0].replace(/OnError$/, 'OnFailure');
  const untouched = [
    'getUserMedia',
    'getUserMediaOnSuccess',
    'getUserMediaOnFailure',
    'navigator.mediaDevices.getUserMedia',
    'navigator.mediaDevices.getUserMediaOnSuccess',
    'navigator.mediaDevices.getUserMediaOnFailure',
    'constraints',
  ];
  if (!untouched.includes(String(record[0]))) obfuscate(record);
  return `${JSON.stringify(record)}\n`;
}

/** Collects one client's dump; resolves with its text when the client disconnects. */
function recordClient(client: WebSocket, request: IncomingMessage): Promise<string> {
  const origin = request.headers.origin ?? '';
  const meta = { path: request.url, origin, url: origin + (request.url ?? ''), userAgent: request.headers['user-agent'], time: Date.now(), fileFormat: 2 };
  let dump = `${JSON.stringify(meta)}\n${JSON.stringify(['publicIP', null, [request.socket.remoteAddress], Date.now()])}\n`;
  client.on('message', (data) => (dump += serverLine(data.toString())));
  return new Promise((resolve) => client.once('close', () => resolve(dump + JSON.stringify(['close', null, null, Date.now()]))));
}

async function main(): Promise<void> {
  let script = '';
  const server = createServer((request, response) => {
    if (request.url === '/rtcstats.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>loopback call</title><script src="/rtcstats.js"></script>');
  });
  const sockets = new WebSocketServer({ server });
  const dump = new Promise<string>((resolve) => sockets.once('connection', (client, request) => resolve(recordClient(client, request))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // localhost (not 127.0.0.1) makes the page a secure context, which getUserMedia requires.
  const port = (server.address() as AddressInfo).port;
  script = await libraryScript(`ws://localhost:${port}`);
  let launched: PuppeteerBrowser | undefined;
  try {
    launched = await LAUNCHERS['firefox']!.launch();
    const call = await launched.browser.newPage();
    await call.goto(`http://localhost:${port}/`);
    await call.evaluate(startCall);
    await new Promise((resolve) => setTimeout(resolve, CALL_MS));
    await call.evaluate(() => (window as unknown as CallWindow).__call.hangUp());
    // The records of the hang-up are sent as they happen; closing the tab ends the socket, as a user leaving does.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await call.close();
    const text = await dump;
    await writeFile(FIXTURE, text);
    console.log(`wrote ${FIXTURE} (${text.split('\n').length} lines, ${Math.round(Buffer.byteLength(text) / 1024)} KB)`);
  } finally {
    await launched?.close();
    sockets.close();
    server.closeAllConnections();
    server.close();
  }
}

await main();
