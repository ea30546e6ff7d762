// Run as another local user (runuser -u nobody) by test/e2e/browser-isolation.test.ts: tries to
// open a remote-control session on one TCP port the harness's browsers listen on. Prints one JSON
// line: which of the ways in answered. Plain JavaScript with no imports beyond Node's, so it runs
// from a copy in a folder that user can read.
import { request } from 'node:http';

const [host, port] = process.argv.slice(2);
const TIMEOUT_MS = 3000;

/** GET path; resolves {status, body} or null when the connection fails or times out. */
function get(path) {
  return new Promise((resolve) => {
    const req = request({ host, port: Number(port), path, timeout: TIMEOUT_MS }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk) => (body += chunk.slice(0, 65536)));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', () => resolve(null));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** A WebSocket opening handshake on path: true when the server switches protocols (101). */
function upgrades(path) {
  return new Promise((resolve) => {
    const req = request({
      host,
      port: Number(port),
      path,
      timeout: TIMEOUT_MS,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve(true);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(false);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

const version = await get('/json/version');
let cdpSession = false;
if (version?.status === 200) {
  try {
    const debuggerUrl = new URL(JSON.parse(version.body).webSocketDebuggerUrl);
    cdpSession = await upgrades(debuggerUrl.pathname);
  } catch {
    cdpSession = false;
  }
}
const result = { port: Number(port), cdpVersion: version?.status === 200, cdpSession, bidiSession: await upgrades('/session') };
process.stdout.write(`${JSON.stringify(result)}\n`);
