// ORTC's RTCIceGatherer, gathering for real: a hidden native RTCPeerConnection (captured
// before the layer hid the WebRTC 1.0 API) gathers against the servers the shim passed in,
// and every candidate it finds is re-emitted as an ORTC RTCIceCandidate dictionary.
import { iceParametersOf, newIceParameters, toOrtcCandidate, withIceParameters } from './candidate.js';
import { type OrtcEnvironment, ortcError } from './environment.js';
import { eventWith } from './trace.js';
import type { OrtcIceCandidate, OrtcIceGatherOptions, OrtcIceParameters } from './types.js';

export type IceGathererState = 'new' | 'gathering' | 'complete' | 'closed';

/** Edge signalled the end of gathering with an empty candidate (RTCIceCandidateComplete); the shim checks for `{}`. */
export type LocalCandidateEvent = Event & { candidate: OrtcIceCandidate | Record<string, never> };

/** ORTC's RTCIceGathererIceErrorEvent: what the native connection's icecandidateerror said. */
export type GathererErrorEvent = Event & { url: string; errorCode: number; errorText: string };

type Handler<E> = ((event: E) => void) | null;

export function defineIceGatherer(env: OrtcEnvironment) {
  return class RTCIceGatherer extends EventTarget {
    readonly component = 'RTP';
    onlocalcandidate: Handler<LocalCandidateEvent> = null;
    onstatechange: Handler<Event> = null;
    onerror: Handler<GathererErrorEvent> = null;
    #state: IceGathererState = 'new';
    #parameters: OrtcIceParameters;
    readonly #candidates: OrtcIceCandidate[] = [];
    #native: RTCPeerConnection | null;
    readonly #policy: NonNullable<OrtcIceGatherOptions['gatherPolicy']>;

    constructor(options: OrtcIceGatherOptions = {}) {
      super();
      env.trace.gathererCreated(options);
      // ORTC's getLocalParameters() is synchronous: the credentials exist before the native
      // offer does, and are written into it so the native ICE agent uses them.
      this.#parameters = newIceParameters(env.random);
      this.#policy = options.gatherPolicy ?? 'all';
      this.#native = new env.NativePeerConnection({
        iceServers: options.iceServers ?? [],
        iceTransportPolicy: this.#policy === 'relay' ? 'relay' : 'all',
        certificates: [env.certificate],
      });
      // EdgeHTML started gathering on construction, which is what the shim expects.
      this.#setState('gathering');
      void this.#gather(this.#native);
    }

    get state(): IceGathererState {
      return this.#state;
    }

    getLocalParameters(): OrtcIceParameters {
      return { ...this.#parameters };
    }

    getLocalCandidates(): OrtcIceCandidate[] {
      return this.#candidates.map((c) => ({ ...c }));
    }

    /** ORTC's RTCP gatherer: the shim only does rtcp-mux, and so does this layer. */
    createAssociatedGatherer(): never {
      throw ortcError('NotSupportedError', 'RTCIceGatherer.createAssociatedGatherer: only rtcp-mux (one component) is supported');
    }

    close(): void {
      this.#native?.close();
      this.#native = null;
      this.#setState('closed');
    }

    /** The native connection's local-candidate stats: real, and all ORTC's gatherer stats held. */
    async getStats(): Promise<Record<string, unknown>> {
      const stats: Record<string, unknown> = {};
      (await this.#native?.getStats())?.forEach((s: { id: string; type: string }) => {
        if (s.type === 'local-candidate') stats[s.id] = s;
      });
      return stats;
    }

    async #gather(native: RTCPeerConnection): Promise<void> {
      native.addEventListener('icecandidate', (event) => {
        const line = event.candidate?.candidate;
        if (line === undefined || line === '') return this.#finish();
        const candidate = toOrtcCandidate(line);
        if (!candidate || (this.#policy === 'nohost' && candidate.type === 'host')) return;
        this.#candidates.push({ ...candidate });
        this.#emit(candidate);
      });
      native.addEventListener('icecandidateerror', (event) => {
        const e = event as RTCPeerConnectionIceErrorEvent;
        const error = eventWith('error', { url: e.url ?? '', errorCode: e.errorCode, errorText: e.errorText ?? '' });
        this.dispatchEvent(error);
        this.onerror?.(error);
      });
      // An m-section is what makes a connection gather; a data channel adds no media.
      native.createDataChannel('ortc-gatherer');
      try {
        const offer = await native.createOffer();
        try {
          await native.setLocalDescription({ type: 'offer', sdp: withIceParameters(offer.sdp ?? '', this.#parameters) });
        } catch {
          // A browser that refuses the munged credentials gathers with its own; report those from now on.
          await native.setLocalDescription(offer);
        }
        this.#parameters = iceParametersOf(native.localDescription?.sdp ?? '') ?? this.#parameters;
      } catch (error) {
        const failed = eventWith('error', { url: '', errorCode: 0, errorText: error instanceof Error ? error.message : String(error) });
        this.dispatchEvent(failed);
        this.onerror?.(failed);
        this.#finish();
      }
    }

    #emit(candidate: OrtcIceCandidate | Record<string, never>): void {
      const event: LocalCandidateEvent = eventWith('localcandidate', { candidate });
      this.dispatchEvent(event);
      this.onlocalcandidate?.(event);
    }

    #finish(): void {
      if (this.#state !== 'gathering') return;
      this.#setState('complete');
      this.#emit({});
    }

    #setState(state: IceGathererState): void {
      if (this.#state === state) return;
      this.#state = state;
      const event = eventWith('statechange', { state });
      this.dispatchEvent(event);
      this.onstatechange?.(event);
    }
  };
}

export type OrtcIceGatherer = InstanceType<ReturnType<typeof defineIceGatherer>>;
