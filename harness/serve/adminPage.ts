// The admin page: stored runs searched by label, verdict, browser and date. Rendered here, on the
// server, as plain HTML with no script at all; every value that came from a visitor (label, user
// agent, browser names) goes through xmlEscape, which also makes it safe inside attribute values.
// The search is a GET form, so a search is a URL the admin can keep.
import { xmlEscape } from '../../core/sanitize.js';
import { SERVED_PATHS, comparePath, reportPath } from '../../reports/servedRun.js';
import { sha256Source } from '../../reports/pages/csp.js';
import type { RunSummary } from '../store/runStore.js';
import { READINESS_LEVELS } from './queryParams.js';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:16px;color:#1f2328}
table{border-collapse:collapse}th,td{border:1px solid #d1d9e0;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}form{display:flex;flex-wrap:wrap;gap:8px;align-items:end;margin:12px 0}
label{display:flex;flex-direction:column;font-size:12px;color:#59636e}.error{color:#cf222e}
.ready{color:#1a7f37}.degraded{color:#9a6700}.not-ready{color:#cf222e}.ua{font-size:12px;color:#59636e;max-width:420px;overflow-wrap:anywhere}`;

/** No script; the one inline style by hash; the search form submits to this page only. */
export const ADMIN_PAGE_POLICY = [
  "default-src 'none'",
  `style-src ${sha256Source(STYLE)}`,
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface AdminPageInput {
  /** The search as typed (query values), echoed into the form. */
  search: Readonly<Record<string, string>>;
  runs: readonly RunSummary[];
  /** Why the search was refused, if it was. */
  error: string | null;
  storeDescription: string;
}

const text = (value: string) => xmlEscape(value);

function field(name: string, title: string, value: string, type = 'text'): string {
  return `<label>${title}<input type="${type}" name="${name}" value="${text(value)}"></label>`;
}

function verdictSelect(value: string): string {
  const options = ['', ...READINESS_LEVELS].map((level) => `<option value="${level}"${level === value ? ' selected' : ''}>${level || 'any'}</option>`);
  return `<label>Verdict<select name="verdict">${options.join('')}</select></label>`;
}

function row(run: RunSummary): string {
  const label = run.label === null ? '' : `<a href="${text(comparePath(run.label))}">${text(run.label)}</a>`;
  return `<tr><td>${text(run.createdAt.toISOString().replace('T', ' ').slice(0, 19))}</td><td><a href="${text(reportPath(run.id))}">${text(run.id)}</a></td><td>${label}</td><td class="${run.verdict}">${run.verdict}</td><td>${text(run.browsers.join(', '))}</td><td class="ua">${text(run.userAgent ?? '')}</td><td>${text(run.clientIp ?? '')}</td></tr>`;
}

export function renderAdminPage(input: AdminPageInput): string {
  const s = (name: string) => input.search[name] ?? '';
  const table = input.runs.length
    ? `<table><thead><tr><th>Stored (UTC)</th><th>Report</th><th>Label (comparison)</th><th>Verdict</th><th>Browsers</th><th>User agent</th><th>Address</th></tr></thead><tbody>${input.runs.map(row).join('')}</tbody></table>`
    : '<p>No runs match.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>webrtc-harness serve: runs</title><style>${STYLE}</style></head>
<body><h1>Stored runs</h1><p>Store: ${text(input.storeDescription)}. Newest first.</p>
<form method="get" action="${SERVED_PATHS.admin}">${field('label', 'Label', s('label'))}${verdictSelect(s('verdict'))}${field('browser', 'Browser', s('browser'))}${field('since', 'From (UTC day)', s('since'), 'date')}${field('until', 'To (UTC day)', s('until'), 'date')}${field('limit', 'At most', s('limit') || '100', 'number')}<button type="submit">Search</button></form>
${input.error === null ? table : `<p class="error">${text(input.error)}</p>`}
</body></html>
`;
}
