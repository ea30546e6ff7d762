// `--webhook URL`: a summary of every stored run is POSTed there, after the visitor already has
// their answer (delivery never delays or fails a POST of results). Bounded: each attempt times out,
// a few retries with growing pauses, then it gives up and says so. The URL often carries a secret
// (Slack, Teams and most chat hooks put it in the path), so no message ever quotes it.
import { UsageError } from '../errors.js';
import type { ReadinessLevel } from '../store/runStore.js';

export interface RunSummaryMessage {
  id: string;
  verdict: ReadinessLevel;
  label: string | null;
  browsers: string[];
  reportUrl: string;
}

export interface WebhookPolicy {
  attemptTimeoutMs: number;
  /** Pauses before each retry; its length is the number of retries. */
  retryDelaysMs: readonly number[];
}

export const WEBHOOK_POLICY: WebhookPolicy = { attemptTimeoutMs: 5_000, retryDelaysMs: [1_000, 4_000, 16_000] };

export interface Webhook {
  notify(message: RunSummaryMessage): void;
  /** Stops waiting for retries and cancels attempts under way. */
  close(): Promise<void>;
}

/** Only http(s): the URL is checked when serve starts, so a typo is a usage error and not a silent loss. */
export function checkWebhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError('--webhook is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError('--webhook must be an http: or https: URL');
  return url;
}

export function startWebhook(url: URL, say: (line: string) => void, policy: WebhookPolicy = WEBHOOK_POLICY): Webhook {
  const stopping = new AbortController();
  const pending = new Set<Promise<void>>();

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      stopping.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });

  /** One attempt: the HTTP status, or what went wrong, in words that never include the URL. */
  async function attempt(body: string): Promise<string | null> {
    // One controller for both ends of an attempt: its own timeout, and serve stopping.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), policy.attemptTimeoutMs);
    const stop = () => controller.abort();
    stopping.signal.addEventListener('abort', stop, { once: true });
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
        redirect: 'error',
        signal: controller.signal,
      });
      await response.body?.cancel();
      return response.ok ? null : `HTTP ${response.status}`;
    } catch {
      // fetch's messages and causes may quote the URL: only their kind is kept.
      return controller.signal.aborted ? 'no answer in time' : 'could not connect';
    } finally {
      clearTimeout(timer);
      stopping.signal.removeEventListener('abort', stop);
    }
  }

  async function deliver(message: RunSummaryMessage): Promise<void> {
    const body = JSON.stringify(message);
    let problem = await attempt(body);
    for (const delay of policy.retryDelaysMs) {
      if (problem === null || stopping.signal.aborted) break;
      await pause(delay);
      if (!stopping.signal.aborted) problem = await attempt(body);
    }
    if (problem !== null)
      say(`webrtc-harness serve: webhook for run ${message.id} not delivered (${problem}, ${policy.retryDelaysMs.length + 1} attempts at most)\n`);
  }

  return {
    notify(message) {
      if (stopping.signal.aborted) return;
      const delivery = deliver(message).finally(() => pending.delete(delivery));
      pending.add(delivery);
    },
    async close() {
      stopping.abort();
      await Promise.allSettled(pending);
    },
  };
}
