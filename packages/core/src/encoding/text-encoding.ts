import { decodeGsm7, encodeGsm7, gsm7Length, isGsm7 } from './gsm7.js';

/** Encodings the gateway chooses itself; values are SMPP 3.4 §5.2.19 data_coding. */
export const DATA_CODING = { GSM7: 0x00, LATIN1: 0x03, UCS2: 0x08 } as const;
export type TextEncoding = keyof typeof DATA_CODING;

/** Single-message and per-part capacity in characters (GSM-7 septets, UCS-2 UTF-16 units). */
const CAPACITY: Record<TextEncoding, { single: number; part: number }> = {
  GSM7: { single: 160, part: 153 },
  // Latin-1 is 8-bit: 140 octets, 134 per part after a 6-octet UDH.
  LATIN1: { single: 140, part: 134 },
  UCS2: { single: 70, part: 67 },
};

/** How a text will travel: encoding, length in its units, and segment count. */
export interface SegmentInfo {
  encoding: TextEncoding;
  units: number;
  segments: number;
}

/** GSM-7 when possible, else UCS-2: one non-GSM character forces UCS-2 (COMPLIANCE.md). */
export function chooseEncoding(text: string): TextEncoding {
  return isGsm7(text) ? 'GSM7' : 'UCS2';
}

/** Length of `text` in the units of `encoding`. */
export function unitLength(text: string, encoding: TextEncoding): number {
  if (encoding === 'GSM7') return gsm7Length(text);
  if (encoding === 'LATIN1') return text.length;
  return text.length; // UTF-16 code units: most emoji cost 2
}

/** Segments `text` needs, counted in the encoding the gateway would choose. */
export function countSegments(
  text: string,
  encoding: TextEncoding = chooseEncoding(text),
): SegmentInfo {
  const units = unitLength(text, encoding);
  const cap = CAPACITY[encoding];
  const segments = units === 0 ? 1 : units <= cap.single ? 1 : Math.ceil(units / cap.part);
  return { encoding, units, segments };
}

/** Encodes `text` into the octets of `encoding`. */
export function encodeText(text: string, encoding: TextEncoding): Buffer {
  if (encoding === 'GSM7') return encodeGsm7(text);
  if (encoding === 'LATIN1') {
    for (const ch of text)
      if (ch.charCodeAt(0) > 0xff) throw new RangeError('character outside Latin-1');
    return Buffer.from(text, 'latin1');
  }
  return encodeUcs2(text);
}

/** Decodes octets received with the given SMPP data_coding. */
export function decodeText(bytes: Uint8Array, dataCoding: number): string {
  switch (dataCoding & 0x0f) {
    case DATA_CODING.UCS2:
      return decodeUcs2(bytes);
    case DATA_CODING.LATIN1:
      return Buffer.from(bytes).toString('latin1');
    default:
      return decodeGsm7(bytes);
  }
}

function encodeUcs2(text: string): Buffer {
  const out = Buffer.allocUnsafe(text.length * 2);
  for (let i = 0; i < text.length; i++) out.writeUInt16BE(text.charCodeAt(i), i * 2);
  return out;
}

function decodeUcs2(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let out = '';
  for (let i = 0; i + 1 < buf.length; i += 2) out += String.fromCharCode(buf.readUInt16BE(i));
  return out;
}
