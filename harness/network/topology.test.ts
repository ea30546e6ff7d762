import { describe, expect, it } from 'vitest';
import { SCENARIOS, findScenario } from './scenarios.js';
import { namespaceNames, planTopology, scenarioTurnPorts } from './topology.js';

const names = namespaceNames(4242, '0');
const plan = (name: string) => planTopology(findScenario(name)!, names, { port: 3478, tlsPort: 5349 }).commands.map((c) => c.join(' '));
const routerRules = (name: string) => plan(name).filter((c) => c.startsWith(`ip netns exec ${names.router} iptables`) || c.includes(' tc '));

describe('scenario topology plans', () => {
  it('use documentation addresses only (RFC 5737)', () => {
    for (const scenario of SCENARIOS) {
      const addresses =
        plan(scenario.name)
          .join(' ')
          .match(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g) ?? [];
      for (const address of addresses) expect(address, scenario.name).toMatch(/^(198\.51\.100|203\.0\.113)\./);
    }
  });

  it('open: no NAT and no firewall rule', () => {
    expect(routerRules('open')).toEqual([]);
  });

  it('nat masquerades keeping ports; symmetric-nat randomises them per connection', () => {
    expect(routerRules('nat')).toEqual([`ip netns exec ${names.router} iptables -w -t nat -A POSTROUTING -o wan0 -j MASQUERADE`]);
    expect(routerRules('symmetric-nat')).toEqual([`ip netns exec ${names.router} iptables -w -t nat -A POSTROUTING -o wan0 -j MASQUERADE --random-fully`]);
  });

  it("udp-blocked drops UDP from the client side; relay-only admits only the TURN ports, turns: included, and the media server's signalling", () => {
    expect(routerRules('udp-blocked')).toContain(`ip netns exec ${names.router} iptables -w -A FORWARD -i lan0 -p udp -j DROP`);
    const relayOnly = routerRules('relay-only');
    const accepted = relayOnly
      .filter((rule) => rule.includes('--dport'))
      .map((rule) => rule.replace(`ip netns exec ${names.router} iptables -w -A FORWARD -i lan0 -d 203.0.113.1 `, ''));
    expect(accepted).toEqual([
      '-p udp --dport 3478 -j ACCEPT',
      '-p tcp --dport 3478 -j ACCEPT',
      '-p tcp --dport 5349 -j ACCEPT',
      '-p tcp --dport 8088 -j ACCEPT',
    ]);
    expect(relayOnly.at(-1)).toBe(`ip netns exec ${names.router} iptables -w -A FORWARD -i lan0 -j DROP`);
  });

  it("https-only lets out TCP 443 alone (to anywhere) and the media server's signalling, and puts turns: on 443 where coturn and the firewall both read it", () => {
    const ports = scenarioTurnPorts(findScenario('https-only')!);
    expect(ports).toEqual({ port: 3478, tlsPort: 443 });
    const rules = planTopology(findScenario('https-only')!, names, ports)
      .commands.map((c) => c.join(' '))
      .filter((c) => c.startsWith(`ip netns exec ${names.router} iptables -w -A FORWARD`))
      .map((c) => c.replace(`ip netns exec ${names.router} iptables -w -A FORWARD `, ''));
    expect(rules).toEqual([
      '-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
      '-i lan0 -p tcp --dport 443 -j ACCEPT',
      '-i lan0 -d 203.0.113.1 -p tcp --dport 8088 -j ACCEPT',
      '-i lan0 -j DROP',
    ]);
    expect(scenarioTurnPorts(findScenario('relay-only')!)).toEqual({ port: 3478, tlsPort: 5349 });
  });

  it('bandwidth caps shape both directions with tbf; loss uses iptables statistic (no netem here)', () => {
    const capped = routerRules('bandwidth-1mbit').filter((c) => c.includes(' tc '));
    expect(capped).toEqual(
      ['lan0', 'wan0'].map((dev) => `ip netns exec ${names.router} tc qdisc add dev ${dev} root tbf rate 1000kbit burst 5000 latency 50ms`),
    );
    expect(routerRules('loss-2pct')).toContain(`ip netns exec ${names.router} iptables -w -A FORWARD -m statistic --mode random --probability 0.02 -j DROP`);
  });

  it('full-cone-nat: MASQUERADE plus a DNAT of every new inbound UDP flow on wan0 to the client (its mapped port is its own)', () => {
    expect(routerRules('full-cone-nat')).toEqual([
      `ip netns exec ${names.router} iptables -w -t nat -A POSTROUTING -o wan0 -j MASQUERADE`,
      `ip netns exec ${names.router} iptables -w -t nat -A PREROUTING -i wan0 -p udp -j DNAT --to-destination 198.51.100.2`,
    ]);
  });

  it('dual-stack: IPv6 documentation addresses (RFC 3849) on every link, routed by the router without NAT', () => {
    const commands = plan('dual-stack');
    const v6 = commands.join(' ').match(/\b[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}(?:\/\d+)?/g) ?? [];
    expect(v6.length).toBeGreaterThanOrEqual(7);
    for (const address of v6) expect(address).toMatch(/^2001:db8:/);
    expect(commands).toContain(`ip netns exec ${names.router} sysctl -q -w net.ipv6.conf.all.forwarding=1`);
    expect(commands).toContain(`ip -n ${names.public} addr add 2001:db8:2::3/64 dev eth0 nodad`);
    expect(routerRules('dual-stack').filter((rule) => rule.includes('ip6tables'))).toEqual([]);
    for (const name of ['open', 'nat', 'full-cone-nat']) expect(plan(name).join(' ')).not.toContain('2001:db8');
  });

  it('names namespaces after the owning process and the build tag', () => {
    expect(names).toEqual({ client: 'wh-4242-0-cli', router: 'wh-4242-0-nat', public: 'wh-4242-0-pub' });
  });
});
