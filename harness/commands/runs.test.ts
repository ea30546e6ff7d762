import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../store/runStore.js';
import { parseDateOption, runsTable } from './runs.js';

describe('runs: dates', () => {
  it('reads a day as the whole UTC day: its start for --since, its last millisecond for --until', () => {
    expect(parseDateOption('2026-12-01', '--since').toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(parseDateOption('2026-12-01', '--until').toISOString()).toBe('2026-12-01T23:59:59.999Z');
    expect(parseDateOption('2026-12-01T14:30:00+02:00', '--until').toISOString()).toBe('2026-12-01T12:30:00.000Z');
  });

  it.each(['yesterday', '2026-13-01', '2026-02-30', '12/01/2026', '2026-12-01T14:30', ''])('refuses %j, saying what a date looks like', (text) => {
    expect(() => parseDateOption(text, '--since')).toThrow(/--since takes a date such as 2026-12-01/);
  });
});

describe('runs: the table', () => {
  const run = (label: string | null, browsers = ['chromium']): RunSummary => ({
    id: 'AAAAAAAAAAAAAAAAAAAAAAAA',
    createdAt: new Date('2026-12-01T10:11:12.345Z'),
    label,
    userAgent: null,
    clientIp: null,
    verdict: 'degraded',
    browsers,
  });

  it('shows id, UTC time, verdict, browsers and label, aligned', () => {
    expect(runsTable([run('office'), run(null, ['chromium', 'firefox'])]).split('\n')).toEqual([
      'ID                        CREATED (UTC)        VERDICT   BROWSERS          LABEL',
      'AAAAAAAAAAAAAAAAAAAAAAAA  2026-12-01 10:11:12  degraded  chromium          office',
      'AAAAAAAAAAAAAAAAAAAAAAAA  2026-12-01 10:11:12  degraded  chromium,firefox  -',
    ]);
  });

  it('leaves no character a terminal acts on in a label or a browser name', () => {
    const table = runsTable([run('a\u001b[2J\u001b]8;;http://x\u0007b\nc\u202e', ['chro\u009bmium'])]);
    expect(table).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(table).toContain('ab⏎c');
  });
});
