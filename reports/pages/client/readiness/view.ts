// What the visitor sees, section by section. Built from elements and text nodes only (el):
// labels, findings and server answers are shown as the characters they are, never as markup.
import type { ProbeResult, Status } from '../../../../core/results.js';
import { findProbe } from '../../../../probes/index.js';
import { badge, el } from '../../../html/app/dom.js';
import { keyFigure } from '../../../readiness.js';
import type { VisitVerdict } from './verdict.js';
import { VISIT_PROBE_IDS } from './visitPlan.js';

/** Plain words for each probe of the visit, for people who do not know the probe names. */
const PLAIN_TITLES: Readonly<Record<string, string>> = {
  'api-surface': 'Video calling support in this browser',
  devices: 'Camera and microphone found (the permission prompt)',
  'gum-constraints': 'Camera and microphone deliver video and sound',
  'video-quality': 'The camera’s picture: not black, not frozen',
  'audio-quality': 'The microphone’s level: not silent, not clipping',
  'ice-candidates': 'Network addresses the browser finds',
  'stun-reachability': 'Reaching the server to learn the public address (STUN)',
  'turn-reachability': 'Relaying through the server (TURN), over each transport it offers',
  connectivity: 'Connecting directly and through the relay',
  'getstats-bandwidth': 'A 12-second video call relayed through the server',
  'datachannel-throughput': 'Data sent through the relay',
  'server-echo': 'A call to the media server and back',
};

const titleOf = (id: string) => PLAIN_TITLES[id] ?? findProbe(id)?.title ?? id;

export function header(label: string | null): HTMLElement {
  return el(
    'header',
    {},
    el('h1', {}, 'Can this browser make video calls here?'),
    label ? el('p', { class: 'label' }, 'Label: ', el('strong', {}, label)) : null,
  );
}

/** What will be tested, why the browser will ask for the camera and microphone, what is kept; then Start. */
export function intro(secure: boolean, onStart: () => void): HTMLElement {
  const start = el('button', { class: 'start' }, 'Start the check');
  start.type = 'button';
  start.id = 'start';
  start.addEventListener('click', () => {
    start.disabled = true;
    onStart();
  });
  return el(
    'section',
    { class: 'intro' },
    el(
      'p',
      { class: 'lead' },
      'This check tests, in this browser, whether video calls through this server will work from where you are. It takes about half a minute.',
    ),
    el('h2', {}, 'What it tests'),
    el('ul', { class: 'tests' }, ...VISIT_PROBE_IDS.map((id) => el('li', {}, titleOf(id)))),
    el('h2', {}, 'Why your browser will ask for the camera and microphone'),
    el(
      'p',
      {},
      'To check that they work, and to send real video and sound through the test call. The call goes from this page to the server and straight back; nothing is recorded. Please choose “Allow”.',
    ),
    el('h2', {}, 'What is kept'),
    el(
      'p',
      {},
      'The measurements, your browser’s name and version and the network addresses it found are stored on this server, so that you can share the result as a link. No video or sound is kept.',
    ),
    secure
      ? null
      : el(
          'p',
          { class: 'notice' },
          'This page was not opened over https (or from this computer), so the browser will not let it use the camera and microphone. The network part still runs; for the full check, open the https address.',
        ),
    start,
  );
}

const STATUS_WORDS: Readonly<Record<Status | 'waiting' | 'running', string>> = {
  waiting: 'waiting',
  running: 'running…',
  pass: 'ok',
  warn: 'warning',
  fail: 'failed',
  error: 'error',
  skip: 'skipped',
};

/** The list of probes with the state of each, updated as they run. */
export class ProgressList {
  readonly element: HTMLElement;
  readonly #rows = new Map<string, { state: HTMLElement; figure: HTMLElement }>();
  readonly #summary = el('p', { class: 'summary' });
  readonly #started = performance.now();
  #done = 0;
  readonly #timer: ReturnType<typeof setInterval>;

  constructor() {
    const list = el('ol', { class: 'progress' });
    for (const id of VISIT_PROBE_IDS) {
      const state = el('span', { class: 'state s-waiting' }, STATUS_WORDS.waiting);
      const figure = el('span', { class: 'figure' });
      this.#rows.set(id, { state, figure });
      list.append(el('li', {}, el('span', { class: 'name' }, titleOf(id)), state, figure));
    }
    this.element = el('section', { class: 'running' }, el('h2', {}, 'Checking…'), this.#summary, list);
    this.#timer = setInterval(() => this.#tick(), 500);
    this.#tick();
  }

  #tick(): void {
    const seconds = Math.round((performance.now() - this.#started) / 1000);
    this.#summary.textContent = `${this.#done} of ${VISIT_PROBE_IDS.length} done, ${seconds} s`;
  }

  begin(id: string): void {
    this.#show(id, 'running', '');
  }

  end(result: ProbeResult): void {
    this.#done += 1;
    this.#show(result.probe, result.status, keyFigure(result));
    this.#tick();
  }

  /** The run is over: the clock stops and the heading says so. */
  finish(): void {
    clearInterval(this.#timer);
    this.#tick();
    const heading = this.element.querySelector('h2');
    if (heading) heading.textContent = 'What was checked';
  }

  #show(id: string, status: keyof typeof STATUS_WORDS, figure: string): void {
    const row = this.#rows.get(id);
    if (!row) return;
    row.state.className = `state s-${status}`;
    row.state.textContent = STATUS_WORDS[status];
    row.figure.textContent = figure;
  }
}

export function verdictBox(verdict: VisitVerdict): HTMLElement {
  return el(
    'section',
    { class: `verdict v-${verdict.level}` },
    el('h2', { class: 'headline' }, verdict.headline),
    el('p', {}, verdict.meaning),
    verdict.advice.length
      ? el(
          'ul',
          { class: 'advice' },
          ...verdict.advice.map((a) => el('li', {}, badge(a.severity), ' ', a.message, a.browsers.length > 1 ? ` (${a.browsers.join(', ')})` : '')),
        )
      : null,
  );
}

/** A plain-words problem with the server (it stopped answering, or refused), shown above everything else. */
export function serverProblem(message: string, detail: string | null): HTMLElement {
  const box = el('section', { class: 'problem-box' }, el('p', { class: 'problem' }, message), detail ? el('p', {}, detail) : null);
  box.setAttribute('role', 'alert');
  return box;
}

function link(text: string, href: string, className = ''): HTMLAnchorElement {
  const a = el('a', { class: className }, text);
  a.href = href;
  return a;
}

export interface ShareLinks {
  /** The stored run's report (reportPath), or null when it could not be stored. */
  report: string | null;
  /** Same-origin comparison page for the label, or null when not stored. */
  compare: string | null;
  /** A blob: URL of results.json: works whether or not the server stored the run. */
  download: string;
  /** This page again with the same label, for another browser. */
  again: string;
}

export function shareBox(links: ShareLinks): HTMLElement {
  const download = link('Download results.json', links.download, 'button');
  download.download = 'results.json';
  download.id = 'download';
  const report = links.report ? link(new URL(links.report, location.href).href, links.report) : null;
  if (report) report.id = 'share';
  const again = link('Run it in another browser', links.again);
  again.id = 'again';
  return el(
    'section',
    { class: 'share' },
    el('h2', {}, 'Your results'),
    report ? el('p', {}, 'Share this link with whoever helps you: ', report) : null,
    el('p', {}, download),
    el('p', {}, again, ' — open this link in another browser or on another device; its results will sit next to these.'),
    links.compare ? el('p', {}, link('Compare the browsers checked with this label', links.compare)) : null,
  );
}

export function startFailure(message: string): HTMLElement {
  const again = link('Try again', location.href);
  return el(
    'section',
    { class: 'verdict v-not-ready' },
    el('h2', { class: 'headline' }, 'The check could not start'),
    el('p', {}, message),
    el('p', {}, again),
  );
}
