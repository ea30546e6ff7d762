import { describe, expect, it } from 'vitest';
import { addressKind, numericAddress } from './listenAddress.js';

const kindOf = (host: string) => {
  const address = numericAddress(host);
  return address && addressKind(address);
};

describe('numericAddress reads hosts as listen() does', () => {
  it.each([
    ['0', [0, 0, 0, 0]],
    ['0x0', [0, 0, 0, 0]],
    ['127.1', [127, 0, 0, 1]],
    ['0177.0.0.1', [127, 0, 0, 1]],
    ['0x7f.0x1', [127, 0, 0, 1]],
    ['10.258', [10, 0, 1, 2]],
    ['167772165', [10, 0, 0, 5]],
    ['10.0.0.5', [10, 0, 0, 5]],
  ])('%s is IPv4 %j', (host, bytes) => expect(numericAddress(host)).toEqual({ family: 4, bytes }));

  it.each([
    ['::1', [...new Array<number>(15).fill(0), 1]],
    ['fd00::5', [0xfd, 0, ...new Array<number>(13).fill(0), 5]],
    ['::ffff:10.0.0.5', [...new Array<number>(10).fill(0), 0xff, 0xff, 10, 0, 0, 5]],
    ['1:2:3:4:5:6:7:8', [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]],
  ])('%s is IPv6 %j', (host, bytes) => expect(numericAddress(host)).toEqual({ family: 6, bytes }));

  it.each(['runner.internal', 'localhost', '08.0.0.0', '1.2.3.4.5', '256.1.1.1', '1.16777216', '0xg'])('%s is a name, not a number', (host) => {
    expect(numericAddress(host)).toBeNull();
  });
});

describe('addressKind', () => {
  it.each([
    '0.0.0.0',
    '0',
    '0x0',
    '0.0',
    '0.0.0',
    '00.0.0.0',
    '000.000.000.000',
    '0x00000000',
    '::',
    '::0',
    '0:0::0',
    '0:0:0:0:0:0:0:0',
    '::ffff:0.0.0.0',
    '::ffff:0:0',
    '::0.0.0.0',
  ])('%s is the unspecified address', (host) => expect(kindOf(host)).toBe('unspecified'));

  it.each([
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['0xe0000001', 'multicast'],
    ['ff02::1', 'multicast'],
    ['::ffff:224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['4294967295', 'broadcast'],
    ['::ffff:255.255.255.255', 'broadcast'],
    ['10.0.0.5', 'unicast'],
    ['127.0.0.1', 'unicast'],
    ['::1', 'unicast'],
    ['fd00::5', 'unicast'],
  ])('%s is %s', (host, kind) => expect(kindOf(host)).toBe(kind));
});
