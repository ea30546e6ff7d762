// How a matrix column is named and coloured, the same in the matrix, the charts and the details.
import type { ReportColumn, ReportModel } from '../model.js';

/** Per browser a hue, so a browser keeps its colour across charts; others cycle through the rest. */
const HUES: Readonly<Record<string, number>> = { chromium: 212, firefox: 24 };
const SPARE_HUES = [140, 280, 330, 180, 60];

export function columnColor(column: ReportColumn, index: number): string {
  const hue = Object.hasOwn(HUES, column.browser) ? HUES[column.browser]! : SPARE_HUES[index % SPARE_HUES.length]!;
  // Adapter on: the same hue, lighter, so the pair reads as one browser.
  return column.adapter === 'on' ? `hsl(${hue} 70% 68%)` : `hsl(${hue} 75% 42%)`;
}

/** What tells columns apart, a part a line: adapter and scenario are named only when the run has more than one. */
export function columnLabelLines(model: ReportModel, column: ReportColumn): string[] {
  const parts = [column.browser];
  if (new Set(model.columns.map((c) => c.adapter)).size > 1) parts.push(`adapter ${column.adapter}`);
  if (new Set(model.columns.map((c) => c.scenario)).size > 1) parts.push(column.scenario);
  return parts;
}

export const columnLabel = (model: ReportModel, column: ReportColumn) => columnLabelLines(model, column).join(' · ');
