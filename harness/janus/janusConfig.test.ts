import { describe, expect, it } from 'vitest';
import { type JanusConfigOptions, renderJanusConfig } from './janusConfig.js';

const base: JanusConfigOptions = {
  configsFolder: '/run/webrtc-harness/wh-janus-ab12',
  pluginsFolder: '/run/webrtc-harness/wh-janus-ab12/plugins',
  transportsFolder: '/run/webrtc-harness/wh-janus-ab12/transports',
  emptyFolder: '/run/webrtc-harness/wh-janus-ab12/none',
  apiSecret: 'a'.repeat(36),
  adminSecret: 'b'.repeat(36),
  httpIp: '203.0.113.1',
  httpPort: 8088,
  adminPort: 7088,
  mediaIp: '203.0.113.1',
  rtpPortRange: { min: 41000, max: 41099 },
};

const lines = (text: string) => text.split('\n').map((line) => line.trim());

describe('renderJanusConfig', () => {
  it('loads plugins and transports only from the run folder (EchoTest and HTTP alone), no event handler or logger', () => {
    const core = lines(renderJanusConfig(base)['janus.jcfg']);
    expect(core).toEqual(
      expect.arrayContaining([
        'plugins_folder = "/run/webrtc-harness/wh-janus-ab12/plugins"',
        'transports_folder = "/run/webrtc-harness/wh-janus-ab12/transports"',
        'events_folder = "/run/webrtc-harness/wh-janus-ab12/none"',
        'loggers_folder = "/run/webrtc-harness/wh-janus-ab12/none"',
        'broadcast = false',
      ]),
    );
  });

  it('requires the run secrets, gathers ICE on the one media address, asks no STUN server, sets the RTP range', () => {
    const core = lines(renderJanusConfig(base)['janus.jcfg']);
    expect(core).toEqual(
      expect.arrayContaining([
        `api_secret = "${'a'.repeat(36)}"`,
        `admin_secret = "${'b'.repeat(36)}"`,
        'interface = "203.0.113.1"',
        'ice_enforce_list = "203.0.113.1"',
        'ignore_mdns = true',
        'rtp_port_range = "41000-41099"',
      ]),
    );
    expect(core.some((line) => line.startsWith('stun_server') || line.startsWith('turn_server'))).toBe(false);
  });

  it('puts the API and the admin API on the placement address, plain HTTP, and answers no other origin', () => {
    const http = lines(renderJanusConfig(base)['janus.transport.http.jcfg']);
    expect(http).toEqual(
      expect.arrayContaining([
        'port = 8088',
        'ip = "203.0.113.1"',
        'base_path = "/janus"',
        'admin_http = true',
        'admin_port = 7088',
        'admin_ip = "203.0.113.1"',
        'https = false',
        'allow_origin = "http://webrtc-harness.invalid"',
      ]),
    );
  });

  it.each([
    ['a secret with a quote', { apiSecret: `${'a'.repeat(20)}"x` }, /api_secret/],
    ['a short secret', { adminSecret: 'short' }, /admin_secret/],
    ['a folder with a newline', { pluginsFolder: '/tmp/x\ny' }, /plugins_folder/],
    ['a host name for an address', { httpIp: 'janus.example.org' }, /must be an IP address/],
    ['port 0', { httpPort: 0 }, /must be a port number/],
    ['an empty port range', { rtpPortRange: { min: 41099, max: 41000 } }, /is empty/],
  ])('refuses %s instead of writing it', (_label, change, message) => {
    expect(() => renderJanusConfig({ ...base, ...change })).toThrow(message);
  });
});
