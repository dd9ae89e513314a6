// A drop-in for kafkajs 2.2.4's Record decoder (protocol/recordBatch/record/v0/decoder), installed
// by kafkajs-patches.ts. kafkajs does the timestamp delta in 64-bit Long objects and each
// record's offset and timestamp as Long additions turned into strings: several allocations per
// consumed record. This does them in double arithmetic (exact below 2^53) and gives the same
// record, field for field; anything else (headers, a delta or offset beyond 2^53) goes to kafkajs.

/** kafkajs's Decoder as far as a record uses it. */
export interface DecoderLike {
  buffer: Buffer;
  offset: number;
  readInt8(): number;
  readVarInt(): number;
  readVarIntBytes(): Buffer | null;
}

/** The batch fields kafkajs passes to the Record decoder. */
export interface BatchContext {
  firstOffset?: string;
  firstTimestamp?: string;
  maxTimestamp?: string;
  magicByte?: number;
  isControlBatch?: boolean;
  timestampType?: number;
}

type RecordDecoder = (decoder: DecoderLike, batchContext?: BatchContext) => unknown;

/** A zigzag varlong at `offset`, or undefined when it needs more than 49 bits (left to kafkajs). */
function readVarLong(buffer: Buffer, offset: number): { value: number; next: number } | undefined {
  let unsigned = 0;
  for (let shift = 0; shift < 49; shift += 7) {
    const byte = buffer[offset++];
    if (byte === undefined) return undefined;
    unsigned += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0)
      return { value: unsigned % 2 === 0 ? unsigned / 2 : -(unsigned + 1) / 2, next: offset };
  }
  return undefined;
}

const safeSum = (base: string | undefined, delta: number): string | undefined => {
  const sum = Number(base) + delta;
  return base !== undefined && Number.isSafeInteger(sum) && Number.isSafeInteger(Number(base))
    ? String(sum)
    : undefined;
};

/** Returns a decoder for records like kafkajs's, falling back to `original` where it does not apply. */
export function fastRecordDecoder(original: RecordDecoder, logAppendTime: number): RecordDecoder {
  return (decoder, batchContext = {}) => {
    const {
      firstOffset,
      firstTimestamp,
      magicByte,
      isControlBatch = false,
      timestampType,
      maxTimestamp,
    } = batchContext;
    const start = decoder.offset;
    const attributes = decoder.readInt8();
    const delta = readVarLong(decoder.buffer, decoder.offset);
    const timestamp =
      timestampType === logAppendTime && maxTimestamp
        ? maxTimestamp
        : delta && safeSum(firstTimestamp, delta.value);
    if (!delta || timestamp === undefined) {
      decoder.offset = start;
      return original(decoder, batchContext);
    }
    decoder.offset = delta.next;
    const offset = safeSum(firstOffset, decoder.readVarInt());
    const key = decoder.readVarIntBytes();
    const value = decoder.readVarIntBytes();
    // Headers: only none is done here (a zero varint); kafkajs merges repeated keys into arrays.
    if (offset === undefined || decoder.buffer[decoder.offset] !== 0) {
      decoder.offset = start;
      return original(decoder, batchContext);
    }
    decoder.offset++;
    return {
      magicByte,
      attributes,
      timestamp,
      offset,
      key,
      value,
      headers: {},
      isControlRecord: isControlBatch,
      batchContext,
    };
  };
}
