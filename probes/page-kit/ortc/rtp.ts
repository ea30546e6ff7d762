// ORTC's RTCRtpSender, RTCRtpReceiver and RTCDtmfSender. Their capabilities are EdgeHTML's
// (see capabilities.ts); send()/receive() record the parameters the shim settled on (the
// codecs that survived its intersection) but nothing is encoded or sent: no media engine.
import { capabilitiesFor } from './capabilities.js';
import { type OrtcEnvironment, ortcError } from './environment.js';
import { noStats, type OrtcDtlsTransport } from './transports.js';
import type { MediaKind, OrtcRtpCapabilities } from './types.js';

interface RtpParameters {
  codecs?: { name?: string; clockRate?: number; numChannels?: number }[];
  headerExtensions?: { uri?: string }[];
  [more: string]: unknown;
}

type Handler = ((event: Event) => void) | null;

export function defineRtpClasses(env: OrtcEnvironment) {
  const getCapabilities = (kind?: string): OrtcRtpCapabilities => capabilitiesFor(env.capabilities, kind);

  /** What sender and receiver share: a track, the DTLS transport they would run over, and no statistics. */
  class RtpEndpoint extends EventTarget {
    static getCapabilities = getCapabilities;
    protected currentTrack: MediaStreamTrack;
    #transport: OrtcDtlsTransport;

    constructor(track: MediaStreamTrack, transport: OrtcDtlsTransport) {
      super();
      this.currentTrack = track;
      this.#transport = transport;
    }

    get track(): MediaStreamTrack {
      return this.currentTrack;
    }
    get transport(): OrtcDtlsTransport {
      return this.#transport;
    }

    setTransport(transport: OrtcDtlsTransport): void {
      this.#transport = transport;
    }

    getStats(): Promise<Record<string, unknown>> {
      return noStats();
    }
  }

  class RTCRtpSender extends RtpEndpoint {
    onssrcconflict: Handler = null;

    /** The shim maps WebRTC 1.0's replaceTrack onto this. */
    setTrack(track: MediaStreamTrack): Promise<void> {
      this.currentTrack = track;
      return Promise.resolve();
    }

    send(parameters: RtpParameters): Promise<void> {
      env.trace.rtpCalled('send', this.currentTrack.kind, parameters);
      return Promise.resolve();
    }

    stop(): void {}
  }

  class RTCRtpReceiver extends RtpEndpoint {
    readonly #kind: MediaKind;

    constructor(transport: OrtcDtlsTransport, kind: MediaKind) {
      super(env.silentTrack(kind), transport);
      this.#kind = kind;
    }

    receive(parameters: RtpParameters): Promise<void> {
      env.trace.rtpCalled('receive', this.#kind, parameters);
      return Promise.resolve();
    }

    stop(): void {
      this.currentTrack.stop();
    }

    getContributingSources(): never[] {
      return [];
    }
  }

  /** ORTC's DTMF sender (adapter aliases it as RTCDTMFSender). Without a media engine no tone can go out. */
  class RTCDtmfSender extends EventTarget {
    readonly sender: RTCRtpSender;
    readonly canInsertDTMF = false;
    readonly toneBuffer = '';
    readonly duration = 100;
    readonly interToneGap = 70;
    ontonechange: Handler = null;

    constructor(sender: RTCRtpSender) {
      super();
      this.sender = sender;
    }

    insertDTMF(): never {
      throw ortcError('InvalidStateError', 'RTCDtmfSender.insertDTMF: no media engine behind this ORTC layer, so no tone can be sent');
    }
  }

  return { RTCRtpSender, RTCRtpReceiver, RTCDtmfSender };
}
