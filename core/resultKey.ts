// Which result is which across runs: the same probe in the same browser(s), adapter mode and
// scenario. `report diff`, `--baseline` and `report merge` all match results by it.
import { type AdapterMode, type ProbeResult, participants } from './results.js';

/** Which result: the same probe in the same browser, adapter mode and scenario. */
export interface ResultKey {
  probe: string;
  browser: string;
  adapter: AdapterMode;
  scenario: string;
}

/** `browser` is `chromium`, or `chromium→firefox` for a pair probe (participants in core/results). */
export const keyOf = (r: ProbeResult): ResultKey => ({ probe: r.probe, browser: participants(r), adapter: r.adapter, scenario: r.scenario });
/** `turn-reachability [firefox, adapter off, loopback]`, for messages. */
export const describeKey = (k: ResultKey) => `${k.probe} [${k.browser}, adapter ${k.adapter}, ${k.scenario}]`;
/** One string per result key, for maps and sets. */
export const keyText = (k: ResultKey) => [k.probe, k.browser, k.adapter, k.scenario].join('\u0000');
