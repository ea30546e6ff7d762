import { describe, expect, it } from 'vitest';
import { PROBES } from '../../probes/index.js';
import { UsageError } from '../errors.js';
import { CHECK_PROBES } from './check.js';
import { chooseProbes } from './probeChoice.js';

describe('choosing probes by id', () => {
  it('refuses an unknown id with a usage error naming it and the known ones, rather than running fewer probes', () => {
    expect(() => chooseProbes(['api-surface', 'nope'])).toThrow(UsageError);
    expect(() => chooseProbes(['api-surface', 'nope'])).toThrow(`unknown probe 'nope' (probes: ${PROBES.map((p) => p.id).join(', ')})`);
  });

  it('keeps the order given and runs each probe once', () => {
    expect(chooseProbes(['devices', 'api-surface', 'devices']).map((p) => p.id)).toEqual(['devices', 'api-surface']);
  });

  it("check's probes all exist: check runs every one it names, none dropped", () => {
    expect(chooseProbes(CHECK_PROBES).map((p) => p.id)).toEqual(CHECK_PROBES);
  });
});
