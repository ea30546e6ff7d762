import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'tsconfig.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`webrtc-harness: no package root above ${start}`);
  }
}

/** The repository/package root, whether this module runs compiled (dist/harness) or from source under vitest. */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** Where tsc puts the compiled code; the page server serves page modules from here. */
export const COMPILED_ROOT = join(PACKAGE_ROOT, 'dist');
