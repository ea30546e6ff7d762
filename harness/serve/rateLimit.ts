// Rate limit per client address: a token bucket each (a burst of `capacity`, then `refillPerSecond`).
// Memory stays bounded whoever knocks: a bucket that has filled up again is worth nothing and is
// dropped, and past `maxClients` the longest-idle buckets go first.

import { numericAddress } from '../server/listenAddress.js';

/**
 * Whose bucket a request takes from: an IPv4 address, or an IPv6 /64 (one subscriber's network:
 * a client there can pick a fresh address for every request). IPv4-mapped IPv6 is IPv4.
 */
export function clientKey(ip: string | undefined): string {
  const address = ip === undefined ? null : numericAddress(ip);
  if (!address) return ip ?? 'unknown';
  const { bytes } = address;
  const mapped = address.family === 6 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (address.family === 4 || mapped) return bytes.slice(-4).join('.');
  const groups = [0, 2, 4, 6].map((i) => ((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return `${groups.join(':')}::/64`;
}

export interface RateLimitPolicy {
  /** Requests one client may make at once. */
  capacity: number;
  /** Requests per second it regains, up to capacity. */
  refillPerSecond: number;
  /** Clients tracked at most (each costs a few dozen bytes). */
  maxClients: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class RateLimiter {
  readonly #policy: RateLimitPolicy;
  /** Insertion order is last-use order: a bucket is re-inserted on every use. */
  readonly #buckets = new Map<string, Bucket>();

  constructor(policy: RateLimitPolicy) {
    if (!(policy.capacity >= 1 && policy.refillPerSecond > 0 && policy.maxClients >= 1))
      throw new Error('rate limit: capacity ≥ 1, refill > 0, maxClients ≥ 1');
    this.#policy = policy;
  }

  /** Takes one token for `client` at `nowMs`, or says how long until one is there. */
  take(client: string, nowMs = Date.now()): RateDecision {
    const { capacity, refillPerSecond } = this.#policy;
    const previous = this.#buckets.get(client);
    const elapsedSeconds = previous ? Math.max(0, nowMs - previous.updatedMs) / 1000 : 0;
    const tokens = previous ? Math.min(capacity, previous.tokens + elapsedSeconds * refillPerSecond) : capacity;
    this.#buckets.delete(client);
    if (tokens < 1) {
      this.#buckets.set(client, { tokens, updatedMs: nowMs });
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / refillPerSecond)) };
    }
    this.#buckets.set(client, { tokens: tokens - 1, updatedMs: nowMs });
    this.#prune(nowMs);
    return { allowed: true };
  }

  /** Clients tracked now (for tests of the bound). */
  get size(): number {
    return this.#buckets.size;
  }

  #prune(nowMs: number): void {
    const { capacity, refillPerSecond, maxClients } = this.#policy;
    const fullAfterMs = (capacity / refillPerSecond) * 1000;
    // Oldest first: stop at the first bucket used too recently to have filled up.
    for (const [client, bucket] of this.#buckets) {
      if (nowMs - bucket.updatedMs < fullAfterMs && this.#buckets.size <= maxClients) break;
      this.#buckets.delete(client);
    }
  }
}
