import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type EnvironmentStep, inEnvironment } from './steps.js';

interface Trace {
  events: string[];
}

/** A step that records its setup and teardown in the environment's trace. */
function step(title: string, setup: (trace: Trace) => Promise<void> | void = () => undefined): EnvironmentStep<Trace> {
  return {
    title,
    async setup(trace) {
      trace.events.push(`setup ${title}`);
      await setup(trace);
    },
    async teardown(trace) {
      trace.events.push(`teardown ${title}`);
    },
  };
}

/** A stand-in for `process` as the source of SIGINT/SIGTERM. */
const signals = () => new EventEmitter();

describe('environment steps', () => {
  it('sets up in order, runs the body in the environment, tears down newest first', async () => {
    const trace: Trace = { events: [] };
    const result = await inEnvironment(
      [step('scenario'), step('coturn'), step('janus')],
      trace,
      async (t) => {
        t.events.push('body');
        return 42;
      },
      { signals: signals(), say: () => undefined },
    );
    expect(result).toBe(42);
    expect(trace.events).toEqual(['setup scenario', 'setup coturn', 'setup janus', 'body', 'teardown janus', 'teardown coturn', 'teardown scenario']);
  });

  it('undoes a step whose setup failed half-way, and the steps before it; later steps never start', async () => {
    const trace: Trace = { events: [] };
    const failing = step('coturn', () => {
      throw new Error('turnserver exited');
    });
    await expect(
      inEnvironment([step('scenario'), failing, step('janus')], trace, async () => 'never', { signals: signals(), say: () => undefined }),
    ).rejects.toThrow('turnserver exited');
    expect(trace.events).toEqual(['setup scenario', 'setup coturn', 'teardown coturn', 'teardown scenario']);
  });

  it('a failing teardown is reported and the other teardowns still run', async () => {
    const trace: Trace = { events: [] };
    const said: string[] = [];
    const broken: EnvironmentStep<Trace> = { ...step('coturn'), teardown: async () => Promise.reject(new Error('already gone')) };
    await inEnvironment([step('scenario'), broken], trace, async () => undefined, { signals: signals(), say: (line) => void said.push(line) });
    expect(said).toEqual(['webrtc-harness: teardown: coturn: already gone\n']);
    expect(trace.events).toContain('teardown scenario');
  });

  it('handles Ctrl-C once however often it comes: one notice, one abort, each teardown once, listeners gone after', async () => {
    const trace: Trace = { events: [] };
    const source = signals();
    const said: string[] = [];
    let aborts = 0;
    await inEnvironment(
      [step('scenario'), step('coturn')],
      trace,
      async (_, signal) => {
        expect(source.listenerCount('SIGINT')).toBe(1);
        expect(source.listenerCount('SIGTERM')).toBe(1);
        signal.addEventListener('abort', () => aborts++);
        source.emit('SIGINT', 'SIGINT');
        source.emit('SIGINT', 'SIGINT');
        source.emit('SIGTERM', 'SIGTERM');
        expect(signal.aborted).toBe(true);
      },
      { signals: source, say: (line) => void said.push(line) },
    );
    expect(said).toEqual(['\nSIGINT: stopping, closing browsers and writing the results so far...\n']);
    expect(aborts).toBe(1);
    expect(trace.events.filter((e) => e.startsWith('teardown'))).toEqual(['teardown coturn', 'teardown scenario']);
    expect(source.listenerCount('SIGINT')).toBe(0);
    expect(source.listenerCount('SIGTERM')).toBe(0);
  });

  it('Ctrl-C during set-up starts no further step, yet the body runs (to write the results so far) with the signal aborted', async () => {
    const trace: Trace = { events: [] };
    const source = signals();
    const interrupted = step('scenario', () => void source.emit('SIGINT', 'SIGINT'));
    const aborted = await inEnvironment([interrupted, step('coturn')], trace, async (_, signal) => signal.aborted, { signals: source, say: () => undefined });
    expect(aborted).toBe(true);
    expect(trace.events).toEqual(['setup scenario', 'teardown scenario']);
  });
});
