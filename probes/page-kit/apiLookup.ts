// Looks an entry point up on a page by its dotted path, without calling it: the one lookup
// api-surface reports with and the page kit checks a probe's `uses` with, so a skip for a
// missing API and api-surface's finding about it come from the same measurement. Browser-safe.
import type { ApiPresence } from '../api-surface/types.js';

/**
 * Follows a dotted path from `root`. Accessors at the end of the path are reported without
 * being read, because some (e.g. RTCPeerConnection.prototype.localDescription) throw when
 * read on a prototype; accessors along the way (navigator.mediaDevices) are read.
 */
export function lookUp(root: unknown, path: string): ApiPresence {
  const keys = path.split('.');
  let value: unknown = root;
  for (const [index, key] of keys.entries()) {
    if (value === null || value === undefined) return { present: false, type: 'undefined' };
    const holder = value as Record<string, unknown>;
    const descriptor = findDescriptor(holder, key);
    if (!descriptor) return { present: false, type: 'undefined' };
    if ('value' in descriptor) {
      value = descriptor.value;
    } else if (index === keys.length - 1) {
      return { present: true, type: 'accessor' };
    } else {
      try {
        value = holder[key];
      } catch {
        return { present: false, type: 'undefined' };
      }
    }
  }
  return { present: value !== undefined, type: typeof value };
}

function findDescriptor(target: object, key: string): PropertyDescriptor | undefined {
  for (let o: object | null = target; o; o = Object.getPrototypeOf(o) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(o, key);
    if (descriptor) return descriptor;
  }
  return undefined;
}
