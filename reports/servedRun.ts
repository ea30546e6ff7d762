// The contract between `webrtc-harness serve` (Node side, harness/serve/) and the readiness page
// it serves (browser side, reports/pages/client/readiness/). Browser-safe: types, paths and limits only.
import type { IceServerEntry } from '../probes/page-kit/iceServers.js';

/** Every path the served page talks to, relative to the server's origin. */
export const SERVED_PATHS = {
  /** GET: the visitor's readiness page (`?autostart=1`, `?label=…`). */
  page: '/',
  /** GET: ICE servers for one visit, with TURN REST credentials minted for it (IceServersResponse). */
  iceServers: '/api/ice-servers',
  /**
   * POST: a finished run's results.json (RunResults) as the body, `Content-Type: application/json`;
   * 201 with StoredRunResponse. The visit's label travels in the query, as on the page itself:
   * `runsPostPath(config.label)` (serve helper's note). GET (admin): the list.
   */
  runs: '/api/runs',
  /** GET: runs sharing a label as one comparison report. */
  compare: '/compare',
  /** GET: the admin page (search by label, verdict, browser, date). */
  admin: '/admin',
  /** The Janus API proxy (harness/server/janusProxy.ts) the page's media server check calls. */
  janus: '/janus',
} as const;

/** The report of one stored run: the same self-contained HTML the CLI writes. */
export const reportPath = (id: string) => `/r/${encodeURIComponent(id)}`;
/** The stored run's results.json (same schema as the CLI's). */
export const resultsPath = (id: string) => `/r/${encodeURIComponent(id)}/results.json`;
/** Where the page POSTs its results: the runs path, with the visit's label (if any) in the query. */
export const runsPostPath = (label: string | null) => (label === null ? SERVED_PATHS.runs : `${SERVED_PATHS.runs}?label=${encodeURIComponent(label)}`);
export const comparePath = (label: string) => `${SERVED_PATHS.compare}?label=${encodeURIComponent(label)}`;

/** A run id: 128 random bits or more, base64url (22+ characters). */
export const RUN_ID_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

/** Labels are free text from a URL: kept short and printable; anything else is refused on the way in. */
export const MAX_LABEL_LENGTH = 120;
export const LABEL_PATTERN = /^[\p{L}\p{N} ._:#@/+-]{1,120}$/u;

/** Largest results.json the server takes in a POST (413 past it). */
export const MAX_POSTED_RESULTS_BYTES = 2 * 1024 * 1024;

/** The JSON block (id `PAGE_DATA_ID`) the server puts into the readiness page. */
export interface ServedPageConfig {
  /** From `?label=`, validated by the server; null when absent. */
  label: string | null;
  /** From `?autostart=1`. */
  autostart: boolean;
  /** Harness version, for results.json's environment. */
  harnessVersion: string;
}

/** GET SERVED_PATHS.iceServers: what the visit tests against; credentials expire at `expiresAt`. */
export interface IceServersResponse {
  iceServers: IceServerEntry[];
  /** ISO time the minted TURN credentials stop working. */
  expiresAt: string;
  /**
   * The server's media server (Janus), reached through serve's proxy at SERVED_PATHS.janus (which
   * adds Janus's API secret: the page never gets it); or, in plain words, why the visit has none.
   */
  mediaServer: { available: true } | { available: false; reason: string };
}

/** 201 answer to a POST of SERVED_PATHS.runs. */
export interface StoredRunResponse {
  id: string;
  /** reportPath(id), absolute when the server knows its public URL. */
  reportUrl: string;
  resultsUrl: string;
}

/** Any 4xx/5xx answer of the API: one plain sentence for the visitor. */
export interface ApiError {
  error: string;
}
