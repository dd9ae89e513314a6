import {
  countSegments,
  decodeText,
  encodingFor,
  type LongMessageMethod,
  type PreferredAlphabet,
} from '@smsgw/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSubmitSms } from './submit-fields.js';

/** The evaluator's count (compliance) must be what the dispatcher sends, for every method. */
const METHODS: readonly LongMessageMethod[] = ['udh8', 'udh16', 'sar', 'payload'];
const ALPHABETS: readonly PreferredAlphabet[] = ['gsm7', 'latin1', 'ucs2'];
/** Property runs per (method, alphabet) pair: 12 pairs, 24,000 texts in all. */
const RUNS = 2000;

// Characters that make splitting hard: the GSM-7 extension table (2 septets each), plain GSM-7,
// Latin-1 letters outside GSM-7, BMP characters outside both, and surrogate pairs (emoji).
const character = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...'abcXYZ 019.,!?@£$¥èéùìòÇØøÅåÆæßÉ') },
  { weight: 3, arbitrary: fc.constantFrom(...'^{}\\[]~|€') },
  { weight: 1, arbitrary: fc.constantFrom(...'áâãêíóôõúçÁÊÍÓÚ«»') },
  { weight: 1, arbitrary: fc.constantFrom(...'ąłńśźżЖжΩπ你好') },
  { weight: 1, arbitrary: fc.constantFrom('😀', '👍🏽', '🇫🇷', '𝄞') },
);
const text = fc.array(character, { minLength: 0, maxLength: 700 }).map((cs) => cs.join(''));

/** The body of each submit_sm part, decoded, without its UDH. */
function partTexts(pdus: Record<string, unknown>[]): string[] {
  return pdus.map((p) => {
    const sm = p.short_message as Buffer;
    const payload = p.message_payload as Buffer | undefined;
    const octets = payload ?? (p.esm_class === 0x40 ? sm.subarray((sm[0] ?? 0) + 1) : sm);
    return decodeText(octets, p.data_coding as number);
  });
}

describe('segment counts match what is sent (property)', () => {
  for (const method of METHODS)
    for (const alphabet of ALPHABETS)
      it(`${method}, ${alphabet}: the count is the number of parts on the air, every part whole`, () => {
        fc.assert(
          fc.property(text, (body) => {
            const encoding = encodingFor(body, alphabet);
            const counted = countSegments(body, encoding, method).segments;
            const pdus = buildSubmitSms(
              { from: 'Acme', to: '+14155550100', body, priority: 0, requestReceipt: true },
              { alphabet, longMessage: method, reference: 7 },
            );
            // message_payload is one PDU; the SMSC sends it as 8-bit-UDH parts.
            const onAir =
              method === 'payload' ? countSegments(body, encoding, 'udh8').segments : pdus.length;
            expect(counted).toBe(onAir);
            expect(partTexts(pdus).join('')).toBe(body);
          }),
          { numRuns: RUNS },
        );
      });

  it('counts the issue case: 459 GSM-7 septets with a € across a part boundary is 4 parts', () => {
    // 152 plain septets, then € (2 septets) would straddle 153: it moves to part 2.
    const body = `${'a'.repeat(152)}€${'b'.repeat(459 - 154)}`;
    expect(countSegments(body, 'GSM7').units).toBe(459);
    expect(countSegments(body).segments).toBe(4);
    const pdus = buildSubmitSms(
      { from: 'Acme', to: '+14155550100', body, priority: 0, requestReceipt: true },
      { alphabet: 'gsm7', longMessage: 'udh8', reference: 1 },
    );
    expect(pdus).toHaveLength(4);
  });
});
