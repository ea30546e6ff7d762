// Renders the HTML report: the built report page (reports/pages/: the fixed template with the
// page script and chart.js bundled in, allowed by hash in its Content-Security-Policy) with the
// run's model in its JSON data block. One file that works offline from file://.
import type { RunResults } from '../../core/results.js';
import { renderPage } from '../pages/render.js';
import { buildModel } from './buildModel.js';

export function renderHtml(run: RunResults): string {
  return renderPage('report', buildModel(run));
}
