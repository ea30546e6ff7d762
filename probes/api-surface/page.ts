import { mimeTypeOf } from '../page-kit/ortc/capabilities.js';
import { lookUp } from '../page-kit/apiLookup.js';
import type { PageContext } from '../types.js';
import { API_CATALOG } from './catalog.js';
import type { ApiPresence, ApiSurfaceParams, ApiSurfaceRaw } from './types.js';

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
