import { mimeTypeOf } from '../page-kit/ortc/capabilities.js';
import type { PageContext } from '../types.js';
import { API_CATALOG } from './catalog.js';
import type { ApiPresence, ApiSurfaceParams, ApiSurfaceRaw } from './types.js';

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

function codecMimeTypes(kind: 'audio' | 'video'): string[] {
  const capabilities = RTCRtpSender.getCapabilities(kind);
  // ORTC capabilities (the edge-ortc column) name codecs without a mime type.
  return [...new Set((capabilities?.codecs ?? []).map((c) => mimeTypeOf(c, kind)))];
}

export async function run(_params: ApiSurfaceParams, context: PageContext): Promise<ApiSurfaceRaw> {
  const apis: Record<string, ApiPresence> = {};
  for (const entry of API_CATALOG) apis[entry.path] = lookUp(window, entry.path);
  const canListCodecs = typeof window.RTCRtpSender?.getCapabilities === 'function';
  return {
    userAgent: navigator.userAgent,
    isSecureContext: window.isSecureContext,
    apis,
    senderCodecs: canListCodecs ? { audio: codecMimeTypes('audio'), video: codecMimeTypes('video') } : null,
    adapter: context.adapter,
    ...(context.ortc ? { ortc: context.ortc } : {}),
  };
}
