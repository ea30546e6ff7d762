import { RunFileReporter } from '../fileReporter.js';
import { renderHtml } from './render.js';

export const HTML_REPORT_FILE = 'index.html';

/** Writes `<outDir>/index.html`, the self-contained HTML report, when the run ends. */
export class HtmlReporter extends RunFileReporter {
  constructor() {
    super('html', HTML_REPORT_FILE, (run) => renderHtml(run));
  }
}
