import { describe, expect, it } from 'vitest';
import { guardRuleSpec, staleGuardRules } from './loopbackPortGuard.js';

const owner = { pid: 4242, startTime: '987654' };

/** What `iptables -S OUTPUT` prints for a rule inserted with guardRuleSpec (its normal form). */
const listed = (pid: number, start: string, port = 40841) =>
  `-A OUTPUT -o lo -p tcp -m tcp --dport ${port} -m owner ! --uid-owner 0 -m comment --comment "webrtc-harness remote-agent pid=${pid} start=${start}" -j REJECT --reject-with tcp-reset`;

describe("the firewall rule that keeps Firefox's remote-control port to the harness's user", () => {
  it('refuses every other uid on that loopback port and names its owner by pid and start time', () => {
    const rule = guardRuleSpec(40841, 0, owner).join(' ');
    expect(rule).toContain('-o lo -p tcp --dport 40841');
    expect(rule).toContain('-m owner ! --uid-owner 0');
    expect(rule).toContain('pid=4242 start=987654');
    expect(rule).toMatch(/-j REJECT --reject-with tcp-reset$/);
  });

  it('finds the rules of runs that are gone and gives the words that delete them', async () => {
    const listing = ['-P OUTPUT ACCEPT', listed(111, '5'), listed(222, '6', 40000), '-A OUTPUT -o lo -j ACCEPT'].join('\n');
    const stale = await staleGuardRules(listing, async (o) => o.pid === 222);
    expect(stale).toEqual([
      [
        'OUTPUT',
        '-o',
        'lo',
        '-p',
        'tcp',
        '-m',
        'tcp',
        '--dport',
        '40841',
        '-m',
        'owner',
        '!',
        '--uid-owner',
        '0',
        '-m',
        'comment',
        '--comment',
        'webrtc-harness remote-agent pid=111 start=5',
        '-j',
        'REJECT',
        '--reject-with',
        'tcp-reset',
      ],
    ]);
  });

  it('leaves a rule alone when its pid is alive with the recorded start time, and rules that are not ours', async () => {
    const foreign = '-A OUTPUT -p tcp -m comment --comment "someone else pid=1 start=1" -j DROP';
    expect(await staleGuardRules([listed(4242, '987654'), foreign].join('\n'), async (o) => o.pid === 4242 && o.startTime === '987654')).toEqual([]);
  });
});
