// Renders the HTML report: the fixed template with the run's model (JSON in a data block),
// chart.js and the page script inlined, and a Content-Security-Policy that allows exactly
// those inline scripts and the template's style (by hash), and no network at all. One file
// that works offline from file://.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { COMPILED_ROOT, PACKAGE_ROOT } from '../../harness/paths.js';
import type { RunResults } from '../../harness/results.js';
import { embedJson } from '../sanitize.js';
import { bundleModules } from './bundle.js';
import { buildModel } from './buildModel.js';

export interface HtmlAssets {
  template: string;
  chartJs: string;
  app: string;
}

const PAGE_MODULES = join(COMPILED_ROOT, 'reports', 'html', 'app');
const PLACEHOLDER = /\{\{(CSP|DATA|CHARTJS|APP)\}\}/g;

function readChartJs(): string {
  // chart.js exports no path to its UMD build; it sits beside the CommonJS entry.
  const umd = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
  // The source map comment would make devtools fetch a file that is not there.
  return readFileSync(umd, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
}

let cached: HtmlAssets | undefined;

/** Template, chart.js and the bundled page script, read once per process. */
export function loadAssets(): HtmlAssets {
  if (!cached) {
    if (!existsSync(join(PAGE_MODULES, 'main.js'))) throw new Error(`the HTML report's page script is not built (${PAGE_MODULES}): run npm run build`);
    cached = {
      template: readFileSync(join(PACKAGE_ROOT, 'reports', 'html', 'template.html'), 'utf8'),
      chartJs: readChartJs(),
      app: bundleModules(PAGE_MODULES, 'main'),
    };
  }
  return cached;
}

export const sha256Source = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The policy: nothing by default; scripts and styles only by the hashes of the inline ones
 * (no 'unsafe-inline', no 'unsafe-eval': chart.js needs neither); images only as data: URLs;
 * Trusted Types required, so even an innerHTML with a string would throw where supported.
 */
export function contentSecurityPolicy(scripts: readonly string[], styles: readonly string[]): string {
  return [
    "default-src 'none'",
    `script-src ${scripts.map(sha256Source).join(' ')}`,
    `style-src ${styles.map(sha256Source).join(' ')}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "require-trusted-types-for 'script'",
  ].join('; ');
}

/** Text that would end an inline script early or switch the parser into another state. */
const UNSAFE_IN_SCRIPT = /<\/script|<!--|<script/i;

export function renderHtml(run: RunResults, assets: HtmlAssets = loadAssets()): string {
  for (const [name, code] of [['chart.js', assets.chartJs], ['page script', assets.app]] as const) {
    if (UNSAFE_IN_SCRIPT.test(code)) throw new Error(`HTML report: the ${name} contains text that cannot be inlined in a <script> element`);
  }
  const styles = [...assets.template.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
  const values: Readonly<Record<string, string>> = {
    CSP: contentSecurityPolicy([assets.chartJs, assets.app], styles),
    DATA: embedJson(buildModel(run)),
    CHARTJS: assets.chartJs,
    APP: assets.app,
  };
  // One pass with a function: inserted text is never scanned again and `$&` in it stays literal.
  return assets.template.replace(PLACEHOLDER, (_match, name: string) => values[name]!);
}
