/**
 * Hand-serialized protobuf pieces, for tests of what a hostile client can send (bytes a
 * generated encoder never writes, such as strings that are not UTF-8). Short fields only.
 */
export function lengthDelimited(fieldNumber: number, bytes: Buffer): Buffer {
  if (bytes.length > 127) throw new RangeError('lengthDelimited: at most 127 bytes');
  return Buffer.concat([Buffer.from([(fieldNumber << 3) | 2, bytes.length]), bytes]);
}

/** A varint field with a value below 128 (an enum, a small number). */
export function smallVarint(fieldNumber: number, value: number): Buffer {
  if (value > 127) throw new RangeError('smallVarint: at most 127');
  return Buffer.from([fieldNumber << 3, value]);
}
