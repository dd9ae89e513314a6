import { gsm7Cost, isGsm7 } from './gsm7.js';
import { chooseEncoding, encodeText, unitLength, type TextEncoding } from './text-encoding.js';

/** How a connector carries a text longer than one SMS (ARCHITECTURE.md, SMPP dispatcher). */
export type LongMessageMethod = 'udh8' | 'udh16' | 'sar' | 'payload';
/** Which 8/7-bit alphabet a connector prefers before falling back to UCS-2. */
export type PreferredAlphabet = 'gsm7' | 'latin1' | 'ucs2';

/** Units one SMS holds: GSM-7 septets, Latin-1 octets, UCS-2 code units. */
const SINGLE: Record<TextEncoding, number> = { GSM7: 160, LATIN1: 140, UCS2: 70 };
/**
 * Units per part of a concatenated SMS. The 8-bit reference UDH takes 6 octets, the 16-bit one
 * 7 (one more septet in GSM-7 after padding); SAR TLVs become the same 8-bit UDH on the air.
 */
const PART: Record<'udh8' | 'udh16', Record<TextEncoding, number>> = {
  udh8: { GSM7: 153, LATIN1: 134, UCS2: 67 },
  udh16: { GSM7: 152, LATIN1: 133, UCS2: 66 },
};

/** The encoding a connector uses for `text`. */
export function encodingFor(text: string, preferred: PreferredAlphabet): TextEncoding {
  if (preferred === 'gsm7' && isGsm7(text)) return 'GSM7';
  // Latin-1 covers exactly the first 256 code points.
  if (preferred === 'latin1' && [...text].every((ch) => (ch.codePointAt(0) ?? 0) <= 0xff))
    return 'LATIN1';
  return 'UCS2';
}

function unitCost(ch: string, encoding: TextEncoding): number {
  if (encoding === 'GSM7') return gsm7Cost(ch) ?? 1;
  return encoding === 'UCS2' ? ch.length : 1; // a surrogate pair costs two UCS-2 units
}

/**
 * Splits `text` into the texts of its parts. Characters are never cut: an extension character
 * (escape + code) or a surrogate pair stays whole in one part. One part when it fits one SMS
 * or the method is `payload`.
 */
export function splitText(
  text: string,
  encoding: TextEncoding,
  method: LongMessageMethod,
): string[] {
  const chars = [...text];
  const total = chars.reduce((n, ch) => n + unitCost(ch, encoding), 0);
  if (method === 'payload' || total <= SINGLE[encoding]) return [text];
  const capacity = PART[method === 'udh16' ? 'udh16' : 'udh8'][encoding];
  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const ch of chars) {
    const cost = unitCost(ch, encoding);
    if (used + cost > capacity) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += ch;
    used += cost;
  }
  parts.push(current);
  return parts;
}

/** The GSM 03.40 concatenation header of part `seq` (1-based) of `total`. */
export function concatenationUdh(
  method: 'udh8' | 'udh16',
  reference: number,
  total: number,
  seq: number,
): Buffer {
  return method === 'udh8'
    ? Buffer.from([0x05, 0x00, 0x03, reference & 0xff, total, seq])
    : Buffer.from([0x06, 0x08, 0x04, (reference >> 8) & 0xff, reference & 0xff, total, seq]);
}

/** Encoded parts, ready for short_message (UDH added by the caller's method). */
export function encodeParts(
  text: string,
  encoding: TextEncoding,
  method: LongMessageMethod,
): Buffer[] {
  return splitText(text, encoding, method).map((part) => encodeText(part, encoding));
}

/** How a text will travel: encoding, length in its units, and segment count. */
export interface SegmentInfo {
  encoding: TextEncoding;
  units: number;
  segments: number;
}

/**
 * Segments `text` takes on the air, by the same split the dispatcher sends (so an extension
 * character or a surrogate pair pushed to the next part is counted there too). SAR parts and
 * a message_payload travel as 8-bit-reference UDH parts, so they count as `udh8`.
 */
export function countSegments(
  text: string,
  encoding: TextEncoding = chooseEncoding(text),
  method: LongMessageMethod = 'udh8',
): SegmentInfo {
  const onAir = method === 'udh16' ? 'udh16' : 'udh8';
  return {
    encoding,
    units: unitLength(text, encoding),
    segments: splitText(text, encoding, onAir).length,
  };
}
