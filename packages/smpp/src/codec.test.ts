import { describe, expect, it } from 'vitest';
import { classifyCommandStatus, COMMAND_STATUS } from './command-status.js';
import { FrameReader } from './frame-reader.js';
import { decodePdu, encodePdu, encodeResponse } from './pdu-codec.js';
import { buildSubmitSms, toSmppAddress } from './submit-fields.js';

// One PDU with the default encoding (GSM-7 else UCS-2, message_payload when long).
const buildSubmitSm = (input: Parameters<typeof buildSubmitSms>[0]): Record<string, unknown> =>
  buildSubmitSms(input)[0] as Record<string, unknown>;

describe('PDU codec', () => {
  it('keeps short_message as the raw octets and data_coding as given', () => {
    const octets = Buffer.from([0x1b, 0x65, 0x00, 0x41]);
    const pdu = decodePdu(
      encodePdu('submit_sm', {
        sequence_number: 7,
        destination_addr: '14155550123',
        data_coding: 0,
        short_message: octets,
      }),
    );
    expect(pdu.command).toBe('submit_sm');
    expect(pdu.sequence_number).toBe(7);
    expect(pdu.data_coding).toBe(0);
    expect(Buffer.from(pdu.short_message as Buffer)).toEqual(octets);
  });

  it('refuses a short_message over 254 octets instead of throwing deep in the library', () => {
    expect(() => encodePdu('submit_sm', { short_message: Buffer.alloc(255) })).toThrow(
      /message_payload/,
    );
  });

  it('answers an unknown command with generic_nack', () => {
    const frame = Buffer.alloc(16);
    frame.writeUInt32BE(16, 0);
    frame.writeUInt32BE(0x00000777, 4);
    frame.writeUInt32BE(9, 12);
    const response = decodePdu(encodeResponse(decodePdu(frame), COMMAND_STATUS.ESME_RINVCMDID));
    expect(response.command).toBe('generic_nack');
    expect(response.sequence_number).toBe(9);
    expect(response.command_status).toBe(COMMAND_STATUS.ESME_RINVCMDID);
  });

  it('rejects a frame whose length field disagrees with its size', () => {
    const frame = encodePdu('enquire_link', { sequence_number: 1 });
    frame.writeUInt32BE(99, 0);
    expect(() => decodePdu(frame)).toThrow(/length/);
  });
});

describe('FrameReader', () => {
  it('reassembles frames split across and packed into TCP chunks', () => {
    const a = encodePdu('enquire_link', { sequence_number: 1 });
    const b = encodePdu('enquire_link', { sequence_number: 2 });
    const all = Buffer.concat([a, b]);
    const reader = new FrameReader();
    expect(reader.push(all.subarray(0, 3))).toEqual({ frames: [] });
    expect(
      reader.push(all.subarray(3, 20)).frames.map((f) => decodePdu(f).sequence_number),
    ).toEqual([1]);
    expect(reader.push(all.subarray(20)).frames.map((f) => decodePdu(f).sequence_number)).toEqual([
      2,
    ]);
  });

  it('reports an impossible command_length rather than stalling', () => {
    const bad = Buffer.alloc(8);
    bad.writeUInt32BE(4, 0);
    expect(new FrameReader().push(bad).error?.message).toMatch(/invalid command_length 4/);
    bad.writeUInt32BE(0x7fffffff, 0);
    expect(new FrameReader().push(bad).error?.message).toMatch(/invalid command_length/);
  });

  it('still returns the valid frames that came before a bad length', () => {
    const good = encodePdu('enquire_link', { sequence_number: 5 });
    const result = new FrameReader().push(Buffer.concat([good, Buffer.from([0, 0, 0, 3])]));
    expect(result.frames.map((f) => decodePdu(f).sequence_number)).toEqual([5]);
    expect(result.error?.code).toBe('PROTOCOL_ERROR');
  });
});

describe('submit_sm fields', () => {
  it('maps addresses to TON/NPI', () => {
    expect(toSmppAddress('+14155550123')).toEqual({ addr: '14155550123', ton: 1, npi: 1 });
    expect(toSmppAddress('Acme')).toEqual({ addr: 'Acme', ton: 5, npi: 0 });
    expect(toSmppAddress('12345')).toEqual({ addr: '12345', ton: 3, npi: 0 });
  });

  it('encodes GSM-7 with data_coding 0 and UCS-2 with 8, always explicitly', () => {
    const gsm = buildSubmitSm({
      from: 'Acme',
      to: '+14155550123',
      body: 'Hi €',
      priority: 0,
      requestReceipt: true,
    });
    expect(gsm.data_coding).toBe(0);
    expect(gsm.short_message).toEqual(Buffer.from([0x48, 0x69, 0x20, 0x1b, 0x65]));
    expect(gsm.registered_delivery).toBe(1);
    const ucs2 = buildSubmitSm({
      from: 'Acme',
      to: '+14155550123',
      body: 'مرحبا',
      priority: 3,
      requestReceipt: false,
    });
    expect(ucs2.data_coding).toBe(8);
    expect(ucs2.priority_flag).toBe(3);
  });

  it('moves content over one SMS into message_payload', () => {
    const fields = buildSubmitSm({
      from: 'Acme',
      to: '+14155550123',
      body: 'x'.repeat(300),
      priority: 0,
      requestReceipt: true,
    });
    expect((fields.short_message as Buffer).length).toBe(0);
    expect((fields.message_payload as Buffer).length).toBe(300);
    expect(() => encodePdu('submit_sm', fields)).not.toThrow();
  });
});

describe('command_status table', () => {
  it.each([
    [COMMAND_STATUS.ESME_ROK, 'ok'],
    [COMMAND_STATUS.ESME_RTHROTTLED, 'retryable'],
    [COMMAND_STATUS.ESME_RMSGQFUL, 'retryable'],
    [COMMAND_STATUS.ESME_RINVDSTADR, 'permanent'],
    [COMMAND_STATUS.ESME_RINVBNDSTS, 'session-fatal'],
    [0x400, 'permanent'],
  ])('classifies 0x%s as %s', (status, kind) => {
    expect(classifyCommandStatus(status)).toBe(kind);
  });
});
