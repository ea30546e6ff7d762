// Tables the report's drill-down shows for a result: the ones its probe's spec declares, drawn
// from the raw data. Empty tables are left out; a probe no registry entry knows (a results
// file from another harness version) has none.
import { findProbe } from '../../probes/index.js';
import type { ReportTable } from './model.js';

export function tablesFor(probe: string, raw: unknown): ReportTable[] {
  const spec = findProbe(probe);
  if (!spec?.tables) return [];
  return spec.tables(raw).filter((t) => t.rows.length > 0);
}
