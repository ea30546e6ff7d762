// A visitor's post -> the row `serve` stores: the results checked against results.schema.json
// (the same check as every results file the CLI reads), a fresh unguessable id, the verdict and
// browsers pulled out for search, and what the server knows of the visit kept only as asked.
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { RunResults } from '../../core/results.js';
import { LABEL_PATTERN } from '../../reports/servedRun.js';
import { readinessOf } from '../../reports/readiness.js';
import { ResultsFileError, checkRunResults } from '../../reports/readResults.js';
import { Redactor } from '../redact.js';
import type { NewRun, ReadinessLevel } from './runStore.js';

/** 18 random bytes: 144 bits, 24 base64url characters (RUN_ID_PATTERN asks ≥ 128 bits). */
const RUN_ID_BYTES = 18;

/** Real user agents are under 300 characters; the rest of a longer one is noise or an attack. */
export const MAX_USER_AGENT_LENGTH = 512;

/** The post cannot be stored: the message says why in one sentence (the server answers 400 with it). */
export class RunRejected extends Error {
  override readonly name = 'RunRejected';
}

export interface PostedRun {
  /** The parsed JSON body: anything until checked. */
  results: unknown;
  /** Already validated by the server against LABEL_PATTERN; checked again here. */
  label: string | null;
  userAgent: string | undefined | null;
  /** The visitor's address as the server saw it. */
  clientIp: string | undefined | null;
}

export interface NewRunOptions {
  /** `serve --store-ip`: keep the visitor's address with the run. */
  storeIp: boolean;
  /** `serve --redact-ips`: addresses in the results become `ip-1`, `ip-2`… as with the CLI's flag. */
  redactIps: boolean;
  /** The run's time; now by default. */
  now?: Date;
}

export const newRunId = () => randomBytes(RUN_ID_BYTES).toString('base64url');

/** readinessOf as one word: ready, degraded (ready with warnings) or not-ready. */
export function verdictOf(results: RunResults): ReadinessLevel {
  const readiness = readinessOf(results.results);
  if (!readiness.ready) return 'not-ready';
  return readiness.degraded ? 'degraded' : 'ready';
}

/** Every browser the run covered (pair probes' answerers too), sorted: what the admin searches by. */
export function browsersOf(results: RunResults): string[] {
  const names = [...results.environment.browsers.map((b) => b.name), ...results.results.flatMap((r) => [r.browser.name, ...(r.peer ? [r.peer.name] : [])])];
  return [...new Set(names.filter(Boolean))].sort();
}

function cleanUserAgent(userAgent: string | undefined | null): string | null {
  const trimmed = userAgent?.trim().slice(0, MAX_USER_AGENT_LENGTH).trim();
  return trimmed ? trimmed : null;
}

/** Throws RunRejected when the results are no results.json (ajv's words) or the label is not one LABEL_PATTERN allows. */
export async function newRun(posted: PostedRun, { storeIp, redactIps, now = new Date() }: NewRunOptions): Promise<NewRun> {
  let results: RunResults;
  try {
    results = await checkRunResults(posted.results, 'posted results');
  } catch (error) {
    if (error instanceof ResultsFileError) throw new RunRejected(error.message);
    throw error;
  }
  if (posted.label !== null && !LABEL_PATTERN.test(posted.label))
    throw new RunRejected('label: at most 120 letters, digits, spaces and . _ : # @ / + - are allowed');
  if (redactIps) results = new Redactor({ secrets: [], ips: true }).value(results);
  const clientIp = storeIp && posted.clientIp && isIP(posted.clientIp) ? posted.clientIp : null;
  return {
    id: newRunId(),
    createdAt: now,
    label: posted.label,
    userAgent: cleanUserAgent(posted.userAgent),
    clientIp,
    verdict: verdictOf(results),
    browsers: browsersOf(results),
    results,
  };
}
