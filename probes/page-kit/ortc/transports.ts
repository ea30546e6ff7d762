// ORTC's RTCIceTransport and RTCDtlsTransport. They keep what the shim hands them (remote
// ICE/DTLS parameters, candidates, role) and report a real local DTLS fingerprint, but they
// cannot connect: there is no ORTC media engine behind this layer. So start() records the
// call and the state stays `new` (checks never begin), rather than pretending to connect
// or to fail.
import { type OrtcEnvironment, ortcError } from './environment.js';
import type { OrtcIceGatherer } from './gatherer.js';
import type { OrtcDtlsParameters, OrtcIceCandidate, OrtcIceParameters } from './types.js';

export type IceTransportState = 'new' | 'checking' | 'connected' | 'completed' | 'disconnected' | 'failed' | 'closed';
export type DtlsTransportState = 'new' | 'connecting' | 'connected' | 'closed' | 'failed';

type Handler = ((event: Event) => void) | null;

/**
 * Statistics: none, since nothing is sent or received. A prototype method on every class: the
 * shim wraps `prototype.getStats` to turn Edge's plain objects into Maps.
 */
export const noStats = (): Promise<Record<string, unknown>> => Promise.resolve({});

export function defineIceTransport() {
  return class RTCIceTransport extends EventTarget {
    readonly component = 'RTP';
    onicestatechange: Handler = null;
    oncandidatepairchange: Handler = null;
    #state: IceTransportState = 'new';
    #role: 'controlling' | 'controlled' = 'controlled';
    #gatherer: OrtcIceGatherer | null;
    #remoteParameters: OrtcIceParameters | null = null;
    #remoteCandidates: OrtcIceCandidate[] = [];
    #remoteComplete = false;

    constructor(gatherer: OrtcIceGatherer | null = null) {
      super();
      this.#gatherer = gatherer;
    }

    get state(): IceTransportState {
      return this.#state;
    }
    get role(): 'controlling' | 'controlled' {
      return this.#role;
    }
    get iceGatherer(): OrtcIceGatherer | null {
      return this.#gatherer;
    }
    /** Whether the remote side signalled the end of its candidates (an empty candidate). */
    get remoteCandidatesComplete(): boolean {
      return this.#remoteComplete;
    }

    start(gatherer: OrtcIceGatherer, remoteParameters: OrtcIceParameters, role: 'controlling' | 'controlled' = 'controlled'): void {
      if (this.#state === 'closed') throw ortcError('InvalidStateError', 'RTCIceTransport.start: the transport is closed');
      this.#gatherer = gatherer;
      this.#remoteParameters = { ...remoteParameters };
      this.#role = role;
    }

    stop(): void {
      this.#state = 'closed';
    }

    addRemoteCandidate(candidate: OrtcIceCandidate | Record<string, never>): void {
      if (Object.keys(candidate).length === 0) this.#remoteComplete = true;
      else this.#remoteCandidates.push({ ...(candidate as OrtcIceCandidate) });
    }

    setRemoteCandidates(candidates: readonly OrtcIceCandidate[]): void {
      this.#remoteCandidates = candidates.map((c) => ({ ...c }));
      this.#remoteComplete = true;
    }

    getRemoteCandidates(): OrtcIceCandidate[] {
      return this.#remoteCandidates.map((c) => ({ ...c }));
    }

    getRemoteParameters(): OrtcIceParameters | null {
      return this.#remoteParameters && { ...this.#remoteParameters };
    }

    /** No checks, so no pair. */
    getSelectedCandidatePair(): null {
      return null;
    }

    getStats(): Promise<Record<string, unknown>> {
      return noStats();
    }
  };
}

export type OrtcIceTransport = InstanceType<ReturnType<typeof defineIceTransport>>;

export function defineDtlsTransport(env: OrtcEnvironment) {
  return class RTCDtlsTransport extends EventTarget {
    ondtlsstatechange: Handler = null;
    onerror: Handler = null;
    readonly transport: OrtcIceTransport;
    #state: DtlsTransportState = 'new';
    #remoteParameters: OrtcDtlsParameters | null = null;

    constructor(transport: OrtcIceTransport) {
      super();
      this.transport = transport;
    }

    get state(): DtlsTransportState {
      return this.#state;
    }

    /** The layer's real certificate; RFC 8122 writes fingerprints in upper-case hex, as EdgeHTML did. */
    getLocalParameters(): OrtcDtlsParameters {
      return {
        role: 'auto',
        fingerprints: env.certificate.getFingerprints().map((f) => ({ algorithm: f.algorithm ?? 'sha-256', value: (f.value ?? '').toUpperCase() })),
      };
    }

    getRemoteParameters(): OrtcDtlsParameters | null {
      return this.#remoteParameters && { ...this.#remoteParameters, fingerprints: [...this.#remoteParameters.fingerprints] };
    }

    /** No handshake ever ran, so no remote certificate. */
    getRemoteCertificates(): ArrayBuffer[] {
      return [];
    }

    start(remoteParameters: OrtcDtlsParameters): void {
      if (this.#state === 'closed') throw ortcError('InvalidStateError', 'RTCDtlsTransport.start: the transport is closed');
      this.#remoteParameters = { ...remoteParameters, fingerprints: [...(remoteParameters.fingerprints ?? [])] };
    }

    stop(): void {
      this.#state = 'closed';
    }

    getStats(): Promise<Record<string, unknown>> {
      return noStats();
    }
  };
}

export type OrtcDtlsTransport = InstanceType<ReturnType<typeof defineDtlsTransport>>;
