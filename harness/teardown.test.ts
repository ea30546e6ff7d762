import { describe, expect, it } from 'vitest';
import { TeardownStack, TimeoutError, formatMs, withTimeout } from './teardown.js';

describe('TeardownStack', () => {
  it('undoes in reverse order and keeps going past a failing step', async () => {
    const order: string[] = [];
    const stack = new TeardownStack();
    stack.push('server', () => void order.push('server'));
    stack.push('browser', () => {
      throw new Error('already gone');
    });
    stack.push('namespace', async () => void order.push('namespace'));
    expect(await stack.unwind()).toEqual(['browser: already gone']);
    expect(order).toEqual(['namespace', 'server']);
  });

  it('bounds a hanging step in time and runs the rest', async () => {
    const order: string[] = [];
    const stack = new TeardownStack();
    stack.push('first', () => void order.push('first'));
    stack.push('hangs', () => new Promise<void>(() => undefined));
    const failures = await stack.unwind(50);
    expect(failures).toEqual(['hangs: teardown "hangs" timed out after 50 ms']);
    expect(order).toEqual(['first']);
  });

  it('runs each step once even when unwound twice concurrently (Ctrl-C during teardown)', async () => {
    let runs = 0;
    const stack = new TeardownStack();
    stack.push('once', () => void runs++);
    await Promise.all([stack.unwind(), stack.unwind()]);
    expect(runs).toBe(1);
  });
});

describe('withTimeout', () => {
  it('passes the value through when in time and rejects with TimeoutError when late', async () => {
    await expect(withTimeout(Promise.resolve(7), 100, 'fast')).resolves.toBe(7);
    await expect(withTimeout(new Promise(() => undefined), 20, 'probe x')).rejects.toThrow(new TimeoutError('probe x timed out after 20 ms'));
  });

  it('formats durations the way messages print them', () => {
    expect(formatMs(1500)).toBe('1.5 s');
    expect(formatMs(60_000)).toBe('60 s');
    expect(formatMs(250.4)).toBe('250 ms');
  });
});
