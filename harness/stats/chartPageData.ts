// What the chart page is rendered with: written by chartPage.ts (Node), read by the page
// script chartPageScript.ts (browser). Types only, so both sides share it without a cycle.
import type { Chart } from './charts.js';
import type { Annotation } from '../../core/series.js';

export interface ChartPageData {
  /** What was charted (the input file name). Untrusted. */
  source: string;
  /** Fixed-size rendering, collected as PNG data URLs. */
  png: boolean;
  groups: { name: string; markers: Annotation[]; events: readonly Annotation[]; charts: Pick<Chart, 'id' | 'title' | 'unit' | 'lines'>[] }[];
}
