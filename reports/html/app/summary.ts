// The blocks around the matrix: the header with counts, the readiness verdict of a check,
// and the environment the run had.
import type { ReportModel } from '../model.js';
import { natLines } from '../../natSummary.js';
import { badge, el, section } from './dom.js';

const STATUSES = ['pass', 'warn', 'fail', 'skip', 'error'] as const;

/** `2026-11-25T19:31:50.577Z` -> `2026-11-25 19:31:50 UTC`; anything else as it is. */
const when = (iso: string) => (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : iso);

export function renderHeader(model: ReportModel): HTMLElement {
  const { run } = model;
  const counts = STATUSES.map((s) => [s, run.results.filter((r) => r.status === s).length] as const).filter(([, n]) => n > 0);
  return el(
    'header',
    {},
    el('h1', {}, 'webrtc-harness report'),
    el('p', { class: 'command' }, el('code', {}, run.command)),
    el('p', { class: 'meta' }, `${when(run.startedAt)} → ${when(run.finishedAt)} · ${run.results.length} results`),
    el('p', { class: 'counts' }, ...counts.flatMap(([status, n]) => [badge(status), ` ${n}  `])),
    run.interrupted ? el('p', { class: 'banner' }, 'Interrupted: the run was stopped before every planned probe ran; these are the results so far.') : null,
  );
}

export function renderReadiness(model: ReportModel): HTMLElement | null {
  const readiness = model.readiness;
  if (!readiness) return null;
  const headline = readiness.ready ? (readiness.degraded ? 'READY, with warnings' : 'READY') : 'NOT READY';
  const block = section('Readiness', `readiness ${readiness.ready ? (readiness.degraded ? 'degraded' : 'ready') : 'not-ready'}`);
  block.append(
    el('p', { class: 'verdict' }, headline),
    el(
      'ul',
      { class: 'browsers' },
      ...readiness.browsers.map((b) => el('li', {}, badge(b.ready ? 'pass' : 'fail'), ` ${b.name} ${b.version}: ${b.ready ? 'ready' : 'not ready'}`)),
    ),
  );
  if (readiness.advice.length) {
    block.append(
      el('h3', {}, 'Advice'),
      el('ul', { class: 'findings' }, ...readiness.advice.map((a) => el('li', {}, badge(a.severity), ` [${a.browsers.join(', ')}] `, a.message))),
    );
  }
  return block;
}

export function renderEnvironment(model: ReportModel): HTMLElement {
  const env = model.run.environment;
  const entries: [string, string | HTMLElement][] = [
    ['OS', env.os],
    ['Node.js', env.node],
    ['harness', env.harnessVersion],
    ['webrtc-adapter', env.adapterVersion],
    ['scenario', env.scenario],
    ['ICE servers', env.iceServers.length ? el('ul', {}, ...env.iceServers.map((url) => el('li', {}, url))) : 'none'],
    // A check's RFC 5780 tests, as the terminal printed them beside the browsers' srflx evidence.
    ...(model.run.nat ? [['NAT behaviour', el('ul', {}, ...natLines(model.run).map((line) => el('li', {}, line)))] as [string, HTMLElement]] : []),
    [
      'browsers',
      el(
        'ul',
        {},
        ...env.browsers.map((b) =>
          el('li', {}, `${b.name} ${b.version}`, el('span', { class: 'sub' }, b.userAgent), b.note ? el('span', { class: 'sub' }, b.note) : null),
        ),
      ),
    ],
  ];
  const block = section('Environment', 'environment');
  block.append(el('dl', {}, ...entries.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)])));
  return block;
}
