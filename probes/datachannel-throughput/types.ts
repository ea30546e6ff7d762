import type { IceProbeParams } from '../ice-shared/types.js';

export interface ThroughputParams extends IceProbeParams {
  /** How long each channel is fed. */
  durationMs: number;
  messageBytes: number;
}

export interface ChannelMeasurement {
  label: string;
  ordered: boolean;
  /** null: reliable (retransmits until delivered). */
  maxRetransmits: number | null;
  sentMessages: number;
  receivedMessages: number;
  sentBytes: number;
  receivedBytes: number;
  /** From the first send to the last message received. */
  durationMs: number;
  /** Messages received out of order (unordered channels may reorder). */
  reordered: number;
}

export interface ThroughputRaw {
  relayed: boolean;
  channels: ChannelMeasurement[];
}
