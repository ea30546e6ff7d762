import type { ServerRun } from '../page-kit/gather.js';

export interface IceCandidatesRaw {
  /** First run: no ICE servers (host candidates only); then one run per server with policy `all`. */
  runs: ServerRun[];
}
