import { describe, expect, it } from 'vitest';
import { decodeGsm7, encodeGsm7, gsm7Cost, isGsm7 } from './gsm7.js';
import { countSegments } from './split.js';
import { chooseEncoding, decodeText, encodeText } from './text-encoding.js';

describe('GSM 03.38', () => {
  it('round-trips the basic alphabet and every extension character', () => {
    const text =
      '@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà^{}\\[~]|€\n';
    expect(decodeGsm7(encodeGsm7(text))).toBe(text);
  });

  it('escapes extension characters with 0x1B and counts them as two septets', () => {
    expect([...encodeGsm7('€')]).toEqual([0x1b, 0x65]);
    expect(gsm7Cost('{')).toBe(2);
    expect(gsm7Cost('a')).toBe(1);
  });

  it('rejects characters outside the alphabet', () => {
    expect(isGsm7('hello ç')).toBe(false); // ç lower case is not in GSM 03.38 (Ç is)
    expect(() => encodeGsm7('😀')).toThrow(RangeError);
  });
});

describe('segment counting', () => {
  it('fits 160 GSM-7 septets in one part and splits at 153 beyond', () => {
    expect(countSegments('a'.repeat(160))).toEqual({ encoding: 'GSM7', units: 160, segments: 1 });
    expect(countSegments('a'.repeat(161)).segments).toBe(2);
    expect(countSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('counts an extension character as two septets', () => {
    expect(countSegments('€'.repeat(80)).units).toBe(160);
    expect(countSegments('€'.repeat(80) + 'a').segments).toBe(2);
  });

  it('switches to UCS-2 for one non-GSM character: 70 per single part, 67 per part', () => {
    expect(chooseEncoding('a'.repeat(100) + 'ç')).toBe('UCS2');
    expect(countSegments('ç'.repeat(70)).segments).toBe(1);
    expect(countSegments('ç'.repeat(71)).segments).toBe(2);
    expect(countSegments('ç'.repeat(134)).segments).toBe(2);
  });

  it('counts an emoji as two UTF-16 units', () => {
    expect(countSegments('😀'.repeat(35))).toEqual({ encoding: 'UCS2', units: 70, segments: 1 });
    expect(countSegments('😀'.repeat(36)).segments).toBe(2);
  });
});

describe('text encodings', () => {
  it.each([
    ['GSM7', 'Hello {world} €5', 0x00],
    ['UCS2', 'مرحبا 😀', 0x08],
    ['LATIN1', 'Grüße ç', 0x03],
  ] as const)('round-trips %s through its data_coding', (encoding, text, dataCoding) => {
    expect(decodeText(encodeText(text, encoding), dataCoding)).toBe(text);
  });

  it('keeps surrogate pairs whole in UCS-2', () => {
    expect(encodeText('😀', 'UCS2')).toEqual(Buffer.from([0xd8, 0x3d, 0xde, 0x00]));
  });
});
