// A host name for the TURN server inside a scenario. turns: needs a name, not an address:
// Firefox ignores turns: URLs with an IP address, and certificates are issued for names. The
// scenario has no DNS, so the client namespace gets a hosts file of its own: `ip netns exec`
// bind-mounts /etc/netns/<namespace>/hosts over /etc/hosts for what runs in that namespace
// (the browsers), and nothing else on the machine sees it. It gets a resolv.conf too: the
// machine's DNS server is out of the namespace's reach, and Chromium waits for its AAAA answer
// (13 s before a turns: allocation, measured) where a resolver on the namespace's own loopback,
// with nothing listening, fails at once. The folder belongs to the namespace: deleting the
// namespace (teardown, or the leftover reaper after a crash) removes it too.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { namespaceEtcDir } from './namespaceCommands.js';

/** The TURN server's name inside every scenario (RFC 6761 reserves .test: it never leaves this machine). */
export const SCENARIO_TURN_HOST_NAME = 'turn.webrtc-harness.test';

export function namespaceHostsText(entries: Readonly<Record<string, string>>): string {
  const lines = ['127.0.0.1 localhost', '::1 localhost ip6-localhost ip6-loopback', ...Object.entries(entries).map(([name, ip]) => `${ip} ${name}`)];
  return `# written by webrtc-harness for this namespace only; removed with it\n${lines.join('\n')}\n`;
}

/** No DNS server: queries to the namespace's own loopback are refused at once, with no retry. */
export const NAMESPACE_RESOLV_CONF = '# written by webrtc-harness: this namespace has no DNS server\nnameserver 127.0.0.1\noptions timeout:1 attempts:1\n';

/** Gives `namespace` (already made and owned) its own /etc/hosts with `entries` (name -> address) and a resolver that fails fast. */
export async function writeNamespaceHosts(namespace: string, entries: Readonly<Record<string, string>>): Promise<void> {
  const dir = namespaceEtcDir(namespace);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  await writeFile(join(dir, 'hosts'), namespaceHostsText(entries), { mode: 0o644 });
  await writeFile(join(dir, 'resolv.conf'), NAMESPACE_RESOLV_CONF, { mode: 0o644 });
}
