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
  // Absent in captures from before these were recorded: there every message short counts as lost.
  /** From the first send to the first message received: the rate is judged from there to the last one. */
  firstArrivalMs?: number;
  /** The highest sequence number received, -1 for none: a reliable channel's messages past it were still on the way, gaps below it were lost. */
  highestSequence?: number;
  /** The sender's bufferedAmount when the measurement ended: bytes still queued, never handed to SCTP. */
  bufferedAmountAtEnd?: number;
}

export interface ThroughputRaw {
  relayed: boolean;
  channels: ChannelMeasurement[];
}
