import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../paths.js';

const SDP_DIR = join(PACKAGE_ROOT, 'harness', 'sdp');
const modules = readdirSync(SDP_DIR).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));

describe('the SDP toolkit', () => {
  // Page code will import it to check SDP in the browser, where Node built-ins do not exist.
  it.each(modules)('%s imports only sdp-transform and its sibling modules (browser-safe)', (name) => {
    const text = readFileSync(join(SDP_DIR, name), 'utf8');
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
    expect(specifiers.filter((s) => s !== 'sdp-transform' && !/^\.\/[\w-]+\.js$/.test(s))).toEqual([]);
  });
});
