import { describe, expect, it } from 'vitest';
import {
  canonicalCarrierId,
  isDeliveryReceipt,
  parseMo,
  parseReceipt,
  receiptIdToSubmitId,
  receiptState,
} from './delivery.js';
import { decodePdu, encodePdu } from './pdu-codec.js';

const deliver = (fields: Record<string, unknown>) =>
  decodePdu(
    encodePdu('deliver_sm', { sequence_number: 1, source_addr: '447700900123', ...fields }),
  );

describe('delivery receipts', () => {
  it('parses the receipt text of SMPP 3.4 Appendix B', () => {
    const pdu = deliver({
      esm_class: 0x04,
      short_message: Buffer.from(
        'id:0000001A sub:001 dlvrd:001 submit date:2606101500 done date:2606101501 stat:DELIVRD err:000 text:Acme: hello',
        'latin1',
      ),
    });
    expect(isDeliveryReceipt(pdu)).toBe(true);
    expect(parseReceipt(pdu)).toEqual({
      carrierId: '0000001A',
      stat: 'DELIVRD',
      err: '000',
      doneAtMs: Date.UTC(2026, 5, 10, 15, 1),
    });
  });

  it('prefers the receipted_message_id and message_state TLVs', () => {
    const pdu = deliver({
      esm_class: 0x04,
      receipted_message_id: 'abc123',
      message_state: 5,
      short_message: Buffer.from('id:other stat:DELIVRD', 'latin1'),
    });
    expect(parseReceipt(pdu)).toMatchObject({ carrierId: 'abc123', stat: 'UNDELIV' });
  });

  it('maps final stats to states and ignores intermediate ones', () => {
    expect(['DELIVRD', 'UNDELIV', 'EXPIRED', 'REJECTD', 'DELETED'].map(receiptState)).toEqual([
      'DELIVERED',
      'UNDELIVERABLE',
      'EXPIRED',
      'REJECTED_BY_CARRIER',
      'UNDELIVERABLE',
    ]);
    expect(['ENROUTE', 'ACCEPTD', 'UNKNOWN'].map(receiptState)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('normalises carrier ids: case, leading zeros, and hex/decimal per connector', () => {
    expect(canonicalCarrierId('0000001A')).toBe('1a');
    expect(receiptIdToSubmitId('26', 'decimal')).toBe('1a');
    expect(receiptIdToSubmitId('1A', 'hex')).toBe('26');
    expect(receiptIdToSubmitId('00001a', 'as-submitted')).toBe('1a');
  });

  it('does not take an MO for a receipt', () =>
    expect(isDeliveryReceipt(deliver({ esm_class: 0 }))).toBe(false));
});

describe('MO parsing', () => {
  it('decodes the text with its data_coding and the sender as E.164', () => {
    const mo = parseMo(
      deliver({
        source_addr: '14155550123',
        source_addr_ton: 1,
        destination_addr: '12345',
        data_coding: 8,
        short_message: Buffer.from([0x00, 0x53, 0xd8, 0x3d, 0xde, 0x00]),
      }),
    );
    expect(mo).toEqual({
      source: '+14155550123',
      destination: '12345',
      text: 'S😀',
      part: undefined,
    });
  });

  it('reads 8-bit and 16-bit UDH concatenation and SAR TLVs', () => {
    const udh8 = parseMo(
      deliver({
        esm_class: 0x40,
        short_message: Buffer.concat([Buffer.from([5, 0x00, 3, 7, 2, 1]), Buffer.from('ab')]),
      }),
    );
    expect(udh8).toMatchObject({ text: 'ab', part: { reference: 7, total: 2, sequence: 1 } });
    const udh16 = parseMo(
      deliver({
        esm_class: 0x40,
        short_message: Buffer.concat([
          Buffer.from([6, 0x08, 4, 0x01, 0x02, 3, 3]),
          Buffer.from('c'),
        ]),
      }),
    );
    expect(udh16).toMatchObject({ text: 'c', part: { reference: 0x0102, total: 3, sequence: 3 } });
    const sar = parseMo(
      deliver({
        short_message: Buffer.from('d'),
        sar_msg_ref_num: 9,
        sar_total_segments: 2,
        sar_segment_seqnum: 2,
      }),
    );
    expect(sar).toMatchObject({ text: 'd', part: { reference: 9, total: 2, sequence: 2 } });
  });
});

describe('receipts in message_payload', () => {
  it('reads the receipt text from message_payload when short_message is empty (SMPP 3.4 §5.3.2.32)', () => {
    const pdu = deliver({
      esm_class: 0x04,
      message_payload: Buffer.from('id:77 sub:001 dlvrd:001 stat:DELIVRD err:000', 'latin1'),
    });
    expect(parseReceipt(pdu)).toMatchObject({ carrierId: '77', stat: 'DELIVRD', err: '000' });
  });
});

describe('MO from a hostile peer', () => {
  const udh = (...bytes: number[]) =>
    deliver({
      source_addr: '447700900123',
      destination_addr: '12345',
      esm_class: 0x40,
      short_message: Buffer.from(bytes),
    });

  it.each([
    ['an element longer than the header', [0x02, 0x08, 0x00]],
    ['a 16-bit reference element of length 1', [0x03, 0x08, 0x01, 0x05, 0x68, 0x69]],
    ['an 8-bit reference element of length 2', [0x04, 0x00, 0x02, 0x05, 0x01, 0x68]],
    ['a header length past the payload', [0x09, 0x00, 0x03, 0x01]],
    ['a lone element id', [0x01, 0x00]],
    ['part 0 of 2', [0x05, 0x00, 0x03, 0x07, 0x02, 0x00, 0x68]],
    ['part 3 of 2', [0x05, 0x00, 0x03, 0x07, 0x02, 0x03, 0x68]],
  ])('reads %s as no MO at all, without throwing', (_name, bytes) => {
    expect(parseMo(udh(...bytes))).toBeUndefined();
  });

  it('still reads well-formed headers, skipping elements it does not know', () => {
    // IE 0x70 (length 1), then an 8-bit reference: message 9, part 2 of 3.
    const part = parseMo(udh(0x08, 0x70, 0x01, 0xaa, 0x00, 0x03, 0x09, 0x03, 0x02, 0x68, 0x69));
    expect(part).toMatchObject({ text: 'hi', part: { reference: 9, total: 3, sequence: 2 } });
    expect(parseMo(udh(0x06, 0x08, 0x04, 0x01, 0x02, 0x02, 0x01, 0x68))).toMatchObject({
      part: { reference: 0x0102, total: 2, sequence: 1 },
    });
  });

  it('reads a deliver_sm with no originator (cut short after its header) as no MO', () => {
    // command_length 16, deliver_sm, ESME_ROK, sequence 3: a header and nothing else.
    const header = Buffer.from([0, 0, 0, 16, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 3]);
    expect(parseMo(decodePdu(header))).toBeUndefined();
  });

  it('reads SAR parts numbered beyond their total as no MO', () => {
    const sar = (seq: number) =>
      deliver({
        source_addr: '447700900123',
        destination_addr: '12345',
        short_message: Buffer.from('hi'),
        sar_msg_ref_num: 7,
        sar_total_segments: 2,
        sar_segment_seqnum: seq,
      });
    expect(parseMo(sar(3))).toBeUndefined();
    expect(parseMo(sar(2))).toMatchObject({ part: { reference: 7, total: 2, sequence: 2 } });
  });
});
