/**
 * GSM 03.38 default alphabet with its extension table (3GPP TS 23.038 §6.2.1).
 * SMPP carries it unpacked: one septet per octet (SMPP 3.4 §5.2.19, data_coding 0).
 */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** Extension characters and their code after the 0x1B escape. */
const EXTENSION: ReadonlyArray<readonly [string, number]> = [
  ['\f', 0x0a],
  ['^', 0x14],
  ['{', 0x28],
  ['}', 0x29],
  ['\\', 0x2f],
  ['[', 0x3c],
  ['~', 0x3d],
  [']', 0x3e],
  ['|', 0x40],
  ['€', 0x65],
];

const ESCAPE = 0x1b;
const basicCode = new Map<string, number>();
for (let i = 0; i < BASIC.length; i++) {
  const ch = BASIC[i];
  if (ch !== undefined && i !== ESCAPE) basicCode.set(ch, i);
}
const extCode = new Map(EXTENSION);
const extChar = new Map(EXTENSION.map(([ch, code]) => [code, ch]));

/** Septets a character costs in GSM-7 (1 or 2), or undefined when it is not in the alphabet. */
export function gsm7Cost(ch: string): 1 | 2 | undefined {
  if (basicCode.has(ch)) return 1;
  if (extCode.has(ch)) return 2;
  return undefined;
}

/** True when every character of `text` is in the GSM-7 alphabet (with extensions). */
export function isGsm7(text: string): boolean {
  for (const ch of text) if (gsm7Cost(ch) === undefined) return false;
  return true;
}

/** Septet length of `text` in GSM-7; throws on a character outside the alphabet. */
export function gsm7Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const cost = gsm7Cost(ch);
    if (cost === undefined) throw new RangeError('character outside GSM 03.38');
    n += cost;
  }
  return n;
}

/** Encodes `text` as unpacked GSM-7 septets. Throws on a character outside the alphabet. */
export function encodeGsm7(text: string): Buffer {
  const out = Buffer.allocUnsafe(gsm7Length(text));
  let i = 0;
  for (const ch of text) {
    const basic = basicCode.get(ch);
    if (basic !== undefined) out[i++] = basic;
    else {
      out[i++] = ESCAPE;
      out[i++] = extCode.get(ch) as number;
    }
  }
  return out;
}

/** Decodes unpacked GSM-7 septets. Unknown escapes decode as the basic character (23.038 note). */
export function decodeGsm7(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = (bytes[i] as number) & 0x7f;
    if (b === ESCAPE && i + 1 < bytes.length) {
      const next = (bytes[++i] as number) & 0x7f;
      out += extChar.get(next) ?? BASIC[next] ?? ' ';
    } else out += BASIC[b] ?? ' ';
  }
  return out;
}
