import { decodeGsm7, encodeGsm7, gsm7Length, isGsm7 } from './gsm7.js';

/** Encodings the gateway chooses itself; values are SMPP 3.4 §5.2.19 data_coding. */
export const DATA_CODING = { GSM7: 0x00, LATIN1: 0x03, UCS2: 0x08 } as const;
export type TextEncoding = keyof typeof DATA_CODING;

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
