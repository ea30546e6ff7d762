import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageModuleClosure } from './pageModules.js';

/** A compiled tree as tsc leaves it: `files` maps paths under the root to their code. */
function compiledTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'wh-modules-'));
  for (const [path, code] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), code);
  }
  return root;
}

describe('pageModuleClosure', () => {
  const root = compiledTree({
    'probes/page-kit/bootstrap.js': "import { loadAdapter } from './adapterLoader.js';\nconst m = await import(options.pageModuleUrl);\n",
    'probes/page-kit/adapterLoader.js': 'export const loadAdapter = 1;\n',
    'probes/a/page.js':
      "import {\n  x,\n  y,\n} from '../page-kit/gather.js';\nimport '../../shared/sideEffect.js';\nexport { z } from './types.js';\nconst lazy = () => import('./lazy.js');\nimport sdp from 'sdp-transform';\n",
    'probes/page-kit/gather.js': "import { series } from '../../core/series.js';\n",
    'core/series.js': 'export const series = 1;\n',
    'shared/sideEffect.js': '',
    'probes/a/types.js': "import { outside } from '../../../../etc/passwd.js';\n",
    'probes/a/lazy.js': '',
    'probes/a/probe.js': "import { startEmbeddedTurn } from '../turn/coturn.js';\n",
    'harness/turn/coturn.js': '',
    'harness/cli.js': '',
  });

  it('holds the roots and everything they import, in every form tsc emits, and nothing else', () => {
    expect([...pageModuleClosure(root, ['probes/page-kit/bootstrap.js', 'probes/a/page.js'])].sort()).toEqual([
      'core/series.js',
      'probes/a/lazy.js',
      'probes/a/page.js',
      'probes/a/types.js',
      'probes/page-kit/adapterLoader.js',
      'probes/page-kit/bootstrap.js',
      'probes/page-kit/gather.js',
      'shared/sideEffect.js',
    ]);
  });

  it('leaves out roots and imports that name no file or lie outside the code root', () => {
    expect([...pageModuleClosure(root, ['probes/missing/page.js', '../outside.js', 'probes/a/types.js'])]).toEqual(['probes/a/types.js']);
  });
});
