// Entry point of the visitor's readiness page (GET / of `webrtc-harness serve`): explains the
// check, runs it on Start (at once with ?autostart=1), shows progress, then the verdict, the
// share link, the download of results.json and the link for another browser. The page's
// phase is on #app's data-phase (intro, starting, running, done, failed) for whoever watches it.
import { SERVED_PATHS, type ServedPageConfig, comparePath, reportPath } from '../../../servedRun.js';
import type { RunResults } from '../../../../core/results.js';
import { readPageData } from '../pageData.js';
import { ServerGone, fetchIceServers, postRun } from './api.js';
import { visitorBrowser } from './userAgent.js';
import { visitVerdict } from './verdict.js';
import { runVisit } from './visit.js';
import { ProgressList, header, intro, serverProblem, shareBox, startFailure, verdictBox } from './view.js';

type Phase = 'intro' | 'starting' | 'running' | 'done' | 'failed';

const config = readPageData<ServedPageConfig>();
const app = document.getElementById('app')!;

/**
 * Runs of one label sit side by side in the comparison report. Without a label from the link,
 * the visit makes one up, so that "run it in another browser" still compares.
 */
function madeUpLabel(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `visit-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const label = config.label ?? madeUpLabel();

function show(phase: Phase, ...sections: (HTMLElement | null)[]): void {
  app.dataset['phase'] = phase;
  app.replaceChildren(header(config.label), ...sections.filter((s) => s !== null));
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function downloadUrl(run: RunResults): string {
  return URL.createObjectURL(new Blob([`${JSON.stringify(run, null, 2)}\n`], { type: 'application/json' }));
}

let started = false;

async function start(): Promise<void> {
  // Start clicked during an autostart, or twice: one check at a time.
  if (started) return;
  started = true;
  app.dataset['phase'] = 'starting';
  let iceServers: Awaited<ReturnType<typeof fetchIceServers>>;
  try {
    iceServers = await fetchIceServers();
  } catch (error) {
    const why =
      error instanceof ServerGone
        ? 'The server did not answer, so there is nothing to test against. Check that its address is right and that it is running, then try again.'
        : `The server refused to start a check: ${messageOf(error)}`;
    show('failed', startFailure(why));
    return;
  }
  const progress = new ProgressList();
  show('running', progress.element);
  let run: RunResults;
  try {
    run = await runVisit(
      {
        iceServers: iceServers.iceServers,
        // Same origin: the page's CSP allows it, and the proxy adds Janus's secret, which the page never gets.
        janus: iceServers.mediaServer.available ? { url: SERVED_PATHS.janus, label: `${location.origin}${SERVED_PATHS.janus}` } : null,
        browser: visitorBrowser(navigator.userAgent),
        harnessVersion: config.harnessVersion,
      },
      { onProbeBegin: (spec) => progress.begin(spec.id), onProbeEnd: (result) => progress.end(result) },
    );
  } catch (error) {
    progress.finish();
    show('failed', startFailure(`The check stopped on an error in this page: ${messageOf(error)}`), progress.element);
    return;
  }
  progress.finish();
  const verdict = visitVerdict(run.results);
  const again = `${SERVED_PATHS.page}?${new URLSearchParams({ label })}`;
  let problem: HTMLElement | null = null;
  let stored: string | null = null;
  try {
    stored = (await postRun(run, label)).id;
  } catch (error) {
    problem =
      error instanceof ServerGone
        ? serverProblem(
            'The server stopped answering; your results are below as a download.',
            'If it stopped during the check, the checks through it failed for that reason, not because of your network.',
          )
        : serverProblem(`The server did not keep your results (${messageOf(error)}); they are below as a download.`, null);
  }
  show(
    'done',
    problem,
    verdictBox(verdict),
    shareBox({
      report: stored === null ? null : reportPath(stored),
      compare: stored === null ? null : comparePath(label),
      download: downloadUrl(run),
      again,
    }),
    progress.element,
  );
}

show(
  'intro',
  intro(window.isSecureContext, () => void start()),
);
if (config.autostart) void start();
