import { describe, expect, it } from 'vitest';
import { RateLimiter, clientKey } from './rateLimit.js';

describe('RateLimiter', () => {
  const policy = { capacity: 3, refillPerSecond: 0.5, maxClients: 100 };

  it('lets a burst of capacity through, then refuses with the seconds until the next token', () => {
    const limiter = new RateLimiter(policy);
    for (let i = 0; i < 3; i++) expect(limiter.take('198.51.100.1', 0)).toEqual({ allowed: true });
    expect(limiter.take('198.51.100.1', 0)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(limiter.take('198.51.100.1', 1_000)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('198.51.100.1', 2_000)).toEqual({ allowed: true });
  });

  it('counts each client address on its own', () => {
    const limiter = new RateLimiter(policy);
    for (let i = 0; i < 3; i++) limiter.take('198.51.100.1', 0);
    expect(limiter.take('198.51.100.1', 0).allowed).toBe(false);
    expect(limiter.take('198.51.100.2', 0).allowed).toBe(true);
  });

  it('refills to capacity, never beyond', () => {
    const limiter = new RateLimiter(policy);
    limiter.take('198.51.100.1', 0);
    const later = 3_600_000;
    for (let i = 0; i < 3; i++) expect(limiter.take('198.51.100.1', later).allowed).toBe(true);
    expect(limiter.take('198.51.100.1', later).allowed).toBe(false);
  });

  it('tracks at most maxClients addresses, forgetting the longest idle', () => {
    const limiter = new RateLimiter({ ...policy, maxClients: 10 });
    for (let i = 0; i < 1000; i++) limiter.take(`client-${i}`, 0);
    expect(limiter.size).toBe(10);
  });

  it('forgets buckets that have filled up again', () => {
    const limiter = new RateLimiter(policy);
    for (let i = 0; i < 50; i++) limiter.take(`client-${i}`, 0);
    limiter.take('late', 60_000);
    expect(limiter.size).toBe(1);
  });
});

describe('clientKey', () => {
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['2001:db8:1:2:aaaa::1', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:bbbb:cccc:dddd:eeee', '2001:db8:1:2::/64'],
    ['2001:db8:1:3::1', '2001:db8:1:3::/64'],
    [undefined, 'unknown'],
  ])('%s -> %s', (ip, key) => expect(clientKey(ip)).toBe(key));
});
