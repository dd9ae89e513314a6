import { describe, expect, it } from 'vitest';
import { concatenationUdh, encodingFor, splitText } from './split.js';

describe('long message splitting', () => {
  it('keeps a text that fits one SMS whole', () => {
    expect(splitText('a'.repeat(160), 'GSM7', 'udh8')).toEqual(['a'.repeat(160)]);
    expect(splitText('é'.repeat(140), 'LATIN1', 'udh8')).toHaveLength(1);
    expect(splitText('ب'.repeat(70), 'UCS2', 'udh8')).toHaveLength(1);
  });

  it('splits at 153 septets (8-bit reference) or 152 (16-bit)', () => {
    expect(splitText('a'.repeat(161), 'GSM7', 'udh8').map((p) => p.length)).toEqual([153, 8]);
    expect(splitText('a'.repeat(161), 'GSM7', 'udh16').map((p) => p.length)).toEqual([152, 9]);
    expect(splitText('a'.repeat(161), 'GSM7', 'sar').map((p) => p.length)).toEqual([153, 8]);
  });

  it('never cuts an extension character (two septets) across parts', () => {
    const text = `${'a'.repeat(152)}€${'b'.repeat(10)}`; // € would straddle septets 153-154
    const parts = splitText(text, 'GSM7', 'udh8');
    expect(parts[0]).toBe('a'.repeat(152));
    expect(parts[1]?.startsWith('€')).toBe(true);
    expect(parts.join('')).toBe(text);
  });

  it('keeps surrogate pairs whole in UCS-2 parts of 67 units', () => {
    const text = `${'x'.repeat(66)}😀${'y'.repeat(10)}`;
    const parts = splitText(text, 'UCS2', 'udh8');
    expect(parts[0]).toBe('x'.repeat(66));
    expect(parts[1]?.startsWith('😀')).toBe(true);
    expect(parts.join('')).toBe(text);
  });

  it('sends everything in one part with message_payload', () => {
    expect(splitText('a'.repeat(1000), 'GSM7', 'payload')).toHaveLength(1);
  });

  it('chooses the connector alphabet, falling back to UCS-2', () => {
    expect(encodingFor('Hello [x] €', 'gsm7')).toBe('GSM7');
    expect(encodingFor('Crème brûlée', 'latin1')).toBe('LATIN1');
    expect(encodingFor('Crème € brûlée', 'latin1')).toBe('UCS2'); // € is not Latin-1
    expect(encodingFor('plain', 'ucs2')).toBe('UCS2');
    expect(encodingFor('مرحبا', 'gsm7')).toBe('UCS2');
  });

  it('builds 8-bit and 16-bit reference headers', () => {
    expect([...concatenationUdh('udh8', 0x1ab, 3, 2)]).toEqual([5, 0, 3, 0xab, 3, 2]);
    expect([...concatenationUdh('udh16', 0x1ab, 3, 2)]).toEqual([6, 8, 4, 0x01, 0xab, 3, 2]);
  });
});
