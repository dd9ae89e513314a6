import smpp from 'smpp';
import { describe, expect, it, vi } from 'vitest';
import './pdu-codec.js'; // removes the package's message filters, as the gateway runs it
import {
  decodeSubmitSmFast,
  decodeSubmitSmRespFast,
  encodeSubmitSmFast,
  encodeSubmitSmResp,
  encodeSubmitSmRespFast,
} from './submit-codec.js';
import { buildSubmitSms, relativeSmppTime } from './submit-fields.js';

const packageEncode = (fields: Record<string, unknown>): Buffer =>
  new smpp.PDU('submit_sm', fields).toBuffer();
const packageDecode = (frame: Buffer): Record<string, unknown> => ({
  ...(new smpp.PDU(frame) as unknown as Record<string, unknown>),
});

const TEXTS = [
  'Acme: your code is 123456',
  'Price {€5} [ok] ~ ^ | \\',
  'Café crème, déjà vu',
  'مرحبا بك في أكمي',
  'Hi 👋🏽 from Acme 🎉',
  'x'.repeat(400),
  'é'.repeat(300),
  '😀'.repeat(120),
  '',
];

describe('submit_sm fast codec', () => {
  it('encodes every submit_sm the gateway builds exactly as the smpp package does', () => {
    let compared = 0;
    for (const body of TEXTS) {
      for (const alphabet of ['gsm7', 'latin1', 'ucs2'] as const) {
        for (const longMessage of ['udh8', 'udh16', 'sar', 'payload'] as const) {
          for (const [from, to, priority, receipt, validitySeconds] of [
            ['Acme', '+14155550123', 0, true, 86_400],
            ['+447700900123', '+33612345678', 3, false, undefined],
            ['12345', '+12125550100', 1, true, 3 * 86_400 - 1],
          ] as const) {
            const parts = buildSubmitSms(
              { from, to, body, priority, requestReceipt: receipt, validitySeconds },
              { alphabet, longMessage, reference: 0xbeef },
            );
            parts.forEach((fields, i) => {
              const withSequence = { ...fields, sequence_number: 1000 + i };
              expect(encodeSubmitSmFast(withSequence)).toEqual(packageEncode(withSequence));
              compared++;
            });
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('leaves what it does not cover to the package', () => {
    const base = { destination_addr: '14155550123', short_message: Buffer.from('hi') };
    expect(encodeSubmitSmFast({ ...base, user_message_reference: 7 })).toBeUndefined(); // another TLV
    expect(encodeSubmitSmFast({ ...base, validity_period: '0001' })).toBeUndefined(); // a short time the package rewrites
    expect(encodeSubmitSmFast({ ...base, validity_period: new Date() })).toBeUndefined();
    const validity = { ...base, validity_period: '000001020304000R' };
    expect(encodeSubmitSmFast(validity)).toEqual(packageEncode(validity)); // SMPP's own form
    expect(encodeSubmitSmFast({ ...base, source_addr: 'Café' })).toBeUndefined(); // not ASCII
    expect(encodeSubmitSmFast({ ...base, priority_flag: 300 })).toBeUndefined(); // out of range: the package throws
    expect(encodeSubmitSmFast({ ...base, command_status: 8 })).toBeUndefined();
    expect(encodeSubmitSmFast(base)).toEqual(packageEncode(base));
  });

  it('decodes submit_sm_resp frames exactly as the smpp package does', () => {
    for (const [status, id] of [
      [0, '0a1b2c3d'],
      [0, ''],
      [0x58, undefined],
      [0x0b, 'x'],
      [0, '1'.repeat(64)],
    ] as const) {
      const frame = new smpp.PDU('submit_sm_resp', {
        sequence_number: 77,
        ...(id === undefined ? {} : { message_id: id }),
      }).toBuffer();
      // The package writes only the header when command_status is set: set it afterwards.
      frame.writeUInt32BE(status, 8);
      expect(decodeSubmitSmRespFast(frame)).toEqual(packageDecode(frame));
    }
    // A carrier id with bytes above 0x7f: decoded as the package does.
    const raw = Buffer.from([
      0, 0, 0, 20, 0x80, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 9, 0x41, 0xe9, 0xff, 0,
    ]);
    expect(decodeSubmitSmRespFast(raw)).toEqual(packageDecode(raw));
  });

  it('leaves unusual submit_sm_resp frames to the package', () => {
    const withTlv = Buffer.concat([
      new smpp.PDU('submit_sm_resp', { sequence_number: 1, message_id: 'ab' }).toBuffer(),
      Buffer.from([0x04, 0x27, 0, 1, 2]),
    ]);
    withTlv.writeUInt32BE(withTlv.length, 0);
    expect(decodeSubmitSmRespFast(withTlv)).toBeUndefined();
    const deliver = new smpp.PDU('deliver_sm_resp', { sequence_number: 1 }).toBuffer();
    expect(decodeSubmitSmRespFast(deliver)).toBeUndefined();
  });
});

describe('simulator side of the fast codec', () => {
  it('decodes every submit_sm the gateway builds exactly as the smpp package does', () => {
    for (const body of TEXTS) {
      for (const longMessage of ['udh8', 'sar', 'payload'] as const) {
        for (const fields of buildSubmitSms(
          { from: 'Acme', to: '+14155550123', body, priority: 1, requestReceipt: true },
          { alphabet: 'gsm7', longMessage, reference: 0x1234 },
        )) {
          const frame = packageEncode({ ...fields, sequence_number: 42 });
          expect(decodeSubmitSmFast(frame)).toEqual(packageDecode(frame));
        }
      }
    }
  });

  it('decodes validity periods into the Dates the package gives', () => {
    vi.useFakeTimers({ now: new Date('2026-12-07T10:00:00Z') });
    try {
      for (const validity_period of ['000001020304000R', '261208103000000+']) {
        const frame = packageEncode({
          sequence_number: 1,
          destination_addr: '14155550123',
          short_message: Buffer.from('hi'),
          validity_period,
        });
        expect(decodeSubmitSmFast(frame)).toEqual(packageDecode(frame));
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaves submit_sm with other TLVs or a damaged body to the package', () => {
    const base = {
      sequence_number: 1,
      destination_addr: '14155550123',
      short_message: Buffer.from('hi'),
    };
    expect(
      decodeSubmitSmFast(packageEncode({ ...base, user_message_reference: 7 })),
    ).toBeUndefined();
    const truncated = packageEncode(base).subarray(0, 30);
    truncated.writeUInt32BE(truncated.length, 0);
    expect(decodeSubmitSmFast(truncated)).toBeUndefined();
  });

  it('encodes submit_sm_resp exactly as the smpp package does', () => {
    for (const [status, id] of [
      [0, '0a1b2c3d'],
      [0, ''],
      [0x58, 'ignored'],
      [0x45, ''],
    ] as const) {
      const expected = new smpp.PDU('submit_sm_resp', {
        sequence_number: 9,
        command_status: status,
        message_id: id,
      }).toBuffer();
      expect(
        encodeSubmitSmRespFast({ sequence_number: 9, command_status: status, message_id: id }),
      ).toEqual(expected);
      expect(encodeSubmitSmResp(9, status, id)).toEqual(expected);
    }
    expect(encodeSubmitSmResp(9, 0, 'né')).toBeUndefined(); // left to the package
    expect(encodeSubmitSmResp(2 ** 32, 0, 'a')).toBeUndefined();
  });
});

describe('relative SMPP times', () => {
  it('writes days, hours, minutes and seconds in the 16-character relative form', () => {
    expect(relativeSmppTime(86_400)).toBe('000001000000000R');
    expect(relativeSmppTime(3 * 86_400 - 1)).toBe('000002235959000R');
    expect(relativeSmppTime(90)).toBe('000000000130000R');
    expect(() => relativeSmppTime(100 * 86_400)).toThrow(RangeError);
  });
});
