import type { RunResults } from '../core/results.js';
import { RunFileReporter } from './fileReporter.js';

export const JSON_REPORT_FILE = 'results.json';

/** Text of results.json: the run as is, 2-space indented, newline-terminated. Shape: reports/results.schema.json. */
export function renderJson(run: RunResults): string {
  return `${JSON.stringify(run, null, 2)}\n`;
}

/** Writes `<outDir>/results.json` atomically when the run ends. */
export class JsonReporter extends RunFileReporter {
  constructor() {
    super('json', JSON_REPORT_FILE, renderJson);
  }
}
