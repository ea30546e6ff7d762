import { describe, expect, it } from 'vitest';
import { NAMESPACE_RESOLV_CONF, SCENARIO_TURN_HOST_NAME, namespaceHostsText } from './namespaceHosts.js';

describe("a scenario client namespace's own name resolution", () => {
  it('hosts: localhost stays, the TURN server gets its name under .test (RFC 6761: never leaves the machine)', () => {
    const lines = namespaceHostsText({ [SCENARIO_TURN_HOST_NAME]: '203.0.113.1' }).split('\n');
    expect(lines).toEqual(expect.arrayContaining(['127.0.0.1 localhost', '203.0.113.1 turn.webrtc-harness.test']));
    expect(SCENARIO_TURN_HOST_NAME).toMatch(/\.test$/);
  });

  it('resolv.conf: a resolver on the namespace loopback, asked once, so a name not in hosts fails at once', () => {
    expect(NAMESPACE_RESOLV_CONF).toContain('nameserver 127.0.0.1\n');
    expect(NAMESPACE_RESOLV_CONF).toContain('options timeout:1 attempts:1\n');
  });
});
