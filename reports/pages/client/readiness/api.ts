// The readiness page's calls to its server (reports/servedRun.ts): the visit's ICE servers, and
// the finished run. Answers are checked before use; every failure becomes one of two errors
// the page words plainly: the server is gone, or it answered with a refusal it explains.
import type { RunResults } from '../../../../core/results.js';
import { type IceServersResponse, RUN_ID_PATTERN, SERVED_PATHS, type StoredRunResponse, runsPostPath } from '../../../servedRun.js';
import type { IceServerEntry } from '../../../../probes/page-kit/iceServers.js';
import { isRecord, records } from '../../../../probes/rawText.js';

/** No answer at all: the server stopped, the network dropped, or it took longer than we wait. */
export class ServerGone extends Error {
  override readonly name = 'ServerGone';
}

/** An answer the page cannot use: a refusal (with the server's one sentence) or a malformed body. */
export class ServerRefused extends Error {
  override readonly name = 'ServerRefused';
}

/** How long a call may take before the server counts as gone: minting credentials or storing a run is quick. */
const ANSWER_LIMIT_MS = 15_000;

async function call(path: string, init: RequestInit = {}): Promise<unknown> {
  let response: Response;
  try {
    // AbortSignal.timeout is missing before Safari 16: there the browser's own limit applies.
    const signal = typeof AbortSignal.timeout === 'function' ? { signal: AbortSignal.timeout(ANSWER_LIMIT_MS) } : {};
    response = await fetch(path, { ...init, cache: 'no-store', credentials: 'same-origin', ...signal });
  } catch (error) {
    throw new ServerGone(error instanceof Error ? error.message : String(error));
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    // A proxy in front of a stopped server answers 502/503/504 itself.
    if (response.status >= 502 && response.status <= 504) throw new ServerGone(`HTTP ${response.status}`);
    const said = isRecord(body) && typeof body['error'] === 'string' ? body['error'] : `HTTP ${response.status}`;
    throw new ServerRefused(said);
  }
  return body;
}

const SCHEMES = new Set(['stun', 'stuns', 'turn', 'turns']);
const TRANSPORTS = new Set(['udp', 'tcp']);
const optionalString = (value: unknown) => value === undefined || typeof value === 'string';

function iceServerEntry(value: Record<string, unknown>): IceServerEntry | null {
  const { url, scheme, host, port, transport, secure, username, credential } = value;
  const valid =
    typeof url === 'string' &&
    typeof scheme === 'string' &&
    SCHEMES.has(scheme) &&
    typeof host === 'string' &&
    typeof port === 'number' &&
    typeof transport === 'string' &&
    TRANSPORTS.has(transport) &&
    typeof secure === 'boolean' &&
    optionalString(username) &&
    optionalString(credential);
  return valid ? (value as unknown as IceServerEntry) : null;
}

function mediaServer(value: unknown): IceServersResponse['mediaServer'] | null {
  if (!isRecord(value)) return null;
  if (value['available'] === true) return { available: true };
  return value['available'] === false && typeof value['reason'] === 'string' ? { available: false, reason: value['reason'].slice(0, 200) } : null;
}

/** GET the visit's ICE servers (TURN credentials minted for this visit) and whether it has a media server. */
export async function fetchIceServers(): Promise<IceServersResponse> {
  const body = await call(SERVED_PATHS.iceServers);
  const list = isRecord(body) && Array.isArray(body['iceServers']) ? body['iceServers'] : null;
  const entries = records(list).map(iceServerEntry);
  const media = isRecord(body) ? mediaServer(body['mediaServer']) : null;
  if (
    !isRecord(body) ||
    list === null ||
    entries.length !== list.length ||
    entries.some((e) => e === null) ||
    typeof body['expiresAt'] !== 'string' ||
    media === null
  )
    throw new ServerRefused('the server sent ICE servers this page cannot read');
  return { iceServers: entries as IceServerEntry[], expiresAt: body['expiresAt'], mediaServer: media };
}

/** POST the finished run, tagged with the visit's label; the answer names where its report is. */
export async function postRun(run: RunResults, label: string | null): Promise<StoredRunResponse> {
  const body = await call(runsPostPath(label), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(run) });
  if (
    !isRecord(body) ||
    typeof body['id'] !== 'string' ||
    !RUN_ID_PATTERN.test(body['id']) ||
    typeof body['reportUrl'] !== 'string' ||
    typeof body['resultsUrl'] !== 'string'
  )
    throw new ServerRefused('the server stored the run but its answer cannot be read');
  return { id: body['id'], reportUrl: body['reportUrl'], resultsUrl: body['resultsUrl'] };
}
