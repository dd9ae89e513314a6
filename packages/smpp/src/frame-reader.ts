import { GatewayError } from '@smsgw/core';
import { MAX_PDU_BYTES } from './pdu-codec.js';

/** Frames read from one chunk, and the framing error that ended the stream, if any. */
export interface FrameReadResult {
  frames: Buffer[];
  /** Set once a bad length is seen: the stream cannot be resynchronised; reset the connection. */
  error?: GatewayError;
}

/**
 * Splits a TCP byte stream into SMPP frames (4-octet command_length prefix). Frames before a bad
 * length are still returned (they were valid); the error tells the caller to reset the bind
 * (the node smpp package would stall the session instead).
 */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);

  /** Adds received bytes and returns every complete frame. */
  push(chunk: Buffer): FrameReadResult {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    let offset = 0;
    while (this.buffer.length - offset >= 4) {
      const length = this.buffer.readUInt32BE(offset);
      if (length < 16 || length > MAX_PDU_BYTES) {
        this.buffer = Buffer.alloc(0);
        return {
          frames,
          error: new GatewayError('PROTOCOL_ERROR', `invalid command_length ${length}`),
        };
      }
      if (this.buffer.length - offset < length) break;
      frames.push(this.buffer.subarray(offset, offset + length));
      offset += length;
    }
    this.buffer = offset === 0 ? this.buffer : Buffer.from(this.buffer.subarray(offset));
    return { frames };
  }
}
