// CSV for one chart line: `t_s,<label> (<unit>)`, then one row per sample (empty where there
// is no value). Labels come from untrusted dumps: quoted per RFC 4180, and a leading = + - @
// (a formula to a spreadsheet) is defused with a quote mark.
import type { ChartLine } from './charts.js';

export function csvField(text: string): string {
  const defused = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

export function lineCsv(line: ChartLine, unit: string): string {
  const rows = [`t_s,${csvField(unit ? `${line.label} (${unit})` : line.label)}`];
  for (let i = 0; i < line.t.length; i++) {
    const v = line.y[i];
    rows.push(`${line.t[i]},${v === null || v === undefined ? '' : v}`);
  }
  return `${rows.join('\r\n')}\r\n`;
}
