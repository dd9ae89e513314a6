import { GatewayError } from '@smsgw/core';
import { MAX_PDU_BYTES } from './pdu-codec.js';

/**
 * Splits a TCP byte stream into SMPP frames (4-octet command_length prefix). A bad length is a
 * framing error the session cannot recover from: it throws and the caller resets the bind
 * (the node smpp package would stall the session instead).
 */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);

  /** Adds received bytes and returns every complete frame. */
  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    let offset = 0;
    while (this.buffer.length - offset >= 4) {
      const length = this.buffer.readUInt32BE(offset);
      if (length < 16 || length > MAX_PDU_BYTES) {
        throw new GatewayError('PROTOCOL_ERROR', `invalid command_length ${length}`);
      }
      if (this.buffer.length - offset < length) break;
      frames.push(this.buffer.subarray(offset, offset + length));
      offset += length;
    }
    this.buffer = offset === 0 ? this.buffer : Buffer.from(this.buffer.subarray(offset));
    return frames;
  }
}
