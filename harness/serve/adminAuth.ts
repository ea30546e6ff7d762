// The admin's token: `Authorization: Bearer <token>` for scripts, or HTTP Basic with the token as
// the password (any user name) so the admin page opens in a plain browser, which then asks for it.
// Compared in constant time: both sides are hashed first, so neither the length nor any prefix of
// the token leaks through timing.
import { createHash, timingSafeEqual } from 'node:crypto';

/** The token as kept in memory: its SHA-256, never the text. */
export type AdminTokenDigest = Buffer;

const digestOf = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export function adminTokenDigest(token: string): AdminTokenDigest {
  return digestOf(token);
}

/** The token an Authorization header carries, or null when it carries none in a form we take. */
function presentedToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^(Bearer|Basic)\s+(\S+)\s*$/i.exec(header);
  if (!match) return null;
  if (match[1]!.toLowerCase() === 'bearer') return match[2]!;
  const decoded = Buffer.from(match[2]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

export function isAdmin(authorization: string | undefined, expected: AdminTokenDigest): boolean {
  const token = presentedToken(authorization);
  // Hashed even when absent, so a missing header costs what a wrong one does.
  const presented = digestOf(token ?? '');
  return timingSafeEqual(presented, expected) && token !== null;
}

/** What a 401 asks for: the browser shows its login box for Basic; scripts send Bearer. */
export const ADMIN_CHALLENGE = 'Basic realm="webrtc-harness admin", charset="UTF-8"';
