// Janus's own view of a call, from its admin API (handle_info), for cross-checks: run where
// Janus sits (the scenario's public namespace, through `ip netns exec`), with the admin secret
// on curl's stdin, never in its arguments.
import { execFile } from 'node:child_process';

export type Json = Record<string, unknown>;

function adminRequest(prefix: readonly string[], url: string, secret: string, body: Json): Promise<Json | null> {
  return new Promise((resolve) => {
    const [command, ...args] = [...prefix, 'curl', '-s', '--max-time', '3', '--data-binary', '@-', url];
    const child = execFile(command!, args, { timeout: 5_000 }, (error, stdout) => {
      if (error) return resolve(null);
      try {
        resolve(JSON.parse(stdout) as Json);
      } catch {
        resolve(null);
      }
    });
    child.stdin?.end(JSON.stringify({ ...body, transaction: Math.random().toString(36).slice(2), admin_secret: secret }));
  });
}

export interface AdminSampler {
  /** The last handle_info seen of every handle, by handle id. */
  last: Map<number, Json>;
  stop(): Promise<void>;
}

/** Polls handle_info of every handle of every session every `everyMs` until stopped. */
export function sampleHandles(prefix: readonly string[], admin: { url: string; secret: string }, everyMs = 700): AdminSampler {
  const last = new Map<number, Json>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const sessions = ((await adminRequest(prefix, admin.url, admin.secret, { janus: 'list_sessions' }))?.['sessions'] as number[] | undefined) ?? [];
      for (const session of sessions) {
        const handles =
          ((await adminRequest(prefix, `${admin.url}/${session}`, admin.secret, { janus: 'list_handles' }))?.['handles'] as number[] | undefined) ?? [];
        for (const handle of handles) {
          const info = await adminRequest(prefix, `${admin.url}/${session}/${handle}`, admin.secret, { janus: 'handle_info' });
          if (info?.['info']) last.set(handle, info['info'] as Json);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    last,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}
