// Probe ids to probe specs, for `run -p` and for the probes `check` runs. An id the registry
// does not know is refused, never dropped: a run that silently tests less reads as a pass.
import { PROBES, findProbe } from '../../probes/index.js';
import type { AnyProbeSpec } from '../../probes/types.js';
import { UsageError } from '../errors.js';

/** The probes with these ids, each once, in the order given; every probe when `ids` is empty. */
export function chooseProbes(ids: readonly string[]): AnyProbeSpec[] {
  if (ids.length === 0) return [...PROBES];
  return [...new Set(ids)].map((id) => {
    const spec = findProbe(id);
    if (!spec) throw new UsageError(`unknown probe '${id}' (probes: ${PROBES.map((p) => p.id).join(', ')})`);
    return spec;
  });
}
