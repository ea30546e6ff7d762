import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../reports/paths.js';
import { PROBES } from './index.js';

const sourceOf = (pageModule: string) => join(PACKAGE_ROOT, pageModule.replace(/\.js$/, '.ts'));

describe('the probe registry', () => {
  it('has unique ids and a page module source for every probe', () => {
    expect(new Set(PROBES.map((p) => p.id)).size).toBe(PROBES.length);
    for (const probe of PROBES) expect(existsSync(sourceOf(probe.pageModule)), probe.pageModule).toBe(true);
  });
});
