// The RFC 5780 verdict on what the harness's client recorded (fixtures/nat, captured by
// test/tools/capture-nat-fixtures.ts in each scenario). Linux produces only some classes; the
// others are shown by changing one recorded answer, as a NAT of that class would have answered.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../reports/paths.js';
import { classifyNat, describeNat, type NatDiscovery } from './natBehaviour.js';

const recorded = (name: string): NatDiscovery[] => JSON.parse(readFileSync(join(PACKAGE_ROOT, 'fixtures', 'nat', `${name}.json`), 'utf8')) as NatDiscovery[];
const against = (name: string, server: string): NatDiscovery => recorded(name).find((d) => d.server === server)!;
const primary = (name: string) => against(name, 'stun:203.0.113.1:3478');

describe('NAT behaviour verdict (RFC 5780) on recorded answers', () => {
  it.each([
    ['open', 'no NAT', 'endpoint-independent'],
    ['nat', 'endpoint-independent', 'address-and-port-dependent'],
    ['symmetric-nat', 'address-and-port-dependent', 'address-and-port-dependent'],
    ['full-cone-nat', 'endpoint-independent', 'endpoint-independent'],
  ])('%s: mapping %s, filtering %s', (scenario, mapping, filtering) => {
    expect(classifyNat(primary(scenario))).toMatchObject({ kind: 'classified', mapping, filtering });
  });

  it('hairpinning: Linux NATs here send nothing back in; without NAT the request arrives', () => {
    for (const scenario of ['nat', 'symmetric-nat', 'full-cone-nat']) expect(classifyNat(primary(scenario))).toMatchObject({ hairpinning: false });
    expect(classifyNat(primary('open'))).toMatchObject({ hairpinning: true });
    expect(describeNat(primary('open'))).toContain('hairpinning not needed');
  });

  it('dual-stack: IPv4 behind the NAT, IPv6 routed without NAT', () => {
    expect(classifyNat(primary('dual-stack'))).toMatchObject({ mapping: 'endpoint-independent' });
    expect(classifyNat(against('dual-stack', 'stun:[2001:db8:2::1]:3478'))).toMatchObject({ mapping: 'no NAT', filtering: 'endpoint-independent' });
  });

  it('address-dependent mapping: III (other address and port) keeps the port II got', () => {
    const d = structuredClone(primary('symmetric-nat'));
    d.mapping!.test3 = structuredClone(d.mapping!.test2);
    expect(classifyNat(d)).toMatchObject({ mapping: 'address-dependent' });
  });

  it('address-dependent filtering: an answer from the primary address on another port gets in, one from the other address does not', () => {
    const d = structuredClone(primary('nat'));
    d.filtering!.test3 = structuredClone(d.filtering!.test1);
    expect(classifyNat(d)).toMatchObject({ filtering: 'address-dependent' });
  });

  it('a single-address server (the loopback coturn) is not supported, and says so', () => {
    const [loopback] = recorded('loopback-single-address');
    expect(classifyNat(loopback!).kind).toBe('not-supported');
    expect(describeNat(loopback!)).toMatch(/not supported by this server \(its answer names no OTHER-ADDRESS/);
  });

  it("coturn's second listener names its own address as OTHER-ADDRESS: not supported, not misread as endpoint-independent", () => {
    expect(describeNat(against('nat', 'stun:203.0.113.3:3478'))).toMatch(/not supported by this server \(its OTHER-ADDRESS 203\.0\.113\.3:3479 shares/);
  });

  it('unknown stays unknown: no answer at all, no answer from the other address, filtering not run', () => {
    expect(classifyNat({ server: 'stun:x', localAddress: null, error: 'getaddrinfo ENOTFOUND x' })).toEqual({
      kind: 'unreachable',
      reason: 'getaddrinfo ENOTFOUND x',
    });
    expect(classifyNat({ server: 'stun:x', localAddress: null, mapping: { test1: null } }).kind).toBe('unreachable');
    const silentOther = structuredClone(primary('nat'));
    silentOther.mapping!.test2 = null;
    expect(classifyNat(silentOther)).toMatchObject({ kind: 'unreachable', reason: 'no answer from the other address 203.0.113.3:3479' });
    const { filtering: _f, ...noFiltering } = primary('nat');
    expect(classifyNat(noFiltering)).toMatchObject({ mapping: 'endpoint-independent', filtering: null });
  });
});
