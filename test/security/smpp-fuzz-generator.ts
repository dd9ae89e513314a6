import { encodePdu, isKnownRequestId, MAX_PDU_BYTES } from '@smsgw/smpp';

/** One generated PDU and what the ESME owes it. */
export interface FuzzPdu {
  kind: string;
  bytes: Buffer;
  sequence: number;
  /** A request: the ESME must answer it (a response or generic_nack under its sequence). */
  expectsAnswer: boolean;
  /** Breaks the framing: the ESME may only reset the bind. */
  resets: boolean;
}

/** A deterministic generator (a failure is reproduced from its seed). */
export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

type Rng = () => number;
const int = (r: Rng, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rng, items: readonly T[]): T => items[int(r, items.length)] as T;
const bytes = (r: Rng, n: number) => Buffer.from(Array.from({ length: n }, () => int(r, 256)));
const STATS = [
  'DELIVRD',
  'UNDELIV',
  'EXPIRED',
  'REJECTD',
  'ENROUTE',
  'ACCEPTD',
  'UNKNOWN',
  '',
  'X'.repeat(40),
];

function udh(r: Rng): Buffer {
  // Concatenation and other IEs with lengths right, wrong or past the end.
  const ie = pick(r, [0x00, 0x08, 0x05, 0x24, int(r, 256)]);
  const length = pick(r, [3, 4, 0, 1, 2, int(r, 256)]);
  const body = bytes(r, int(r, 8));
  const header = Buffer.concat([Buffer.from([ie, length]), body]);
  return Buffer.concat([Buffer.from([pick(r, [header.length, int(r, 256), 0])]), header]);
}

function moFields(r: Rng): Record<string, unknown> {
  const withUdh = r() < 0.4;
  const text = withUdh ? Buffer.concat([udh(r), bytes(r, int(r, 100))]) : bytes(r, int(r, 160));
  const fields: Record<string, unknown> = {
    source_addr: r() < 0.9 ? String(14155550000 + int(r, 9999)) : '',
    source_addr_ton: int(r, 7),
    destination_addr: pick(r, ['12345', 'Acme', '', String(int(r, 1e9))]),
    esm_class: withUdh ? pick(r, [0x40, 0x43, 0xff]) : pick(r, [0, 0, 0x03, int(r, 256)]),
    data_coding: pick(r, [0, 0, 8, 4, 3, 0xf0, int(r, 256)]),
    short_message: r() < 0.1 ? Buffer.alloc(0) : text.subarray(0, 254),
  };
  if (r() < 0.15) {
    fields.sar_msg_ref_num = int(r, 65536);
    fields.sar_total_segments = int(r, 256);
    fields.sar_segment_seqnum = int(r, 256);
  }
  if (r() < 0.1) fields.message_payload = bytes(r, int(r, 400));
  return fields;
}

function receiptFields(r: Rng): Record<string, unknown> {
  const id = pick(r, [
    String(int(r, 1e12)),
    int(r, 2 ** 32).toString(16),
    '',
    'x'.repeat(int(r, 80)),
  ]);
  const text = `id:${id} sub:001 dlvrd:001 submit date:2612011200 done date:2612011201 stat:${pick(r, STATS)} err:${int(r, 1000)} text:`;
  const body = r() < 0.8 ? Buffer.from(text) : bytes(r, int(r, 200));
  const inPayload = r() < 0.2;
  return {
    source_addr: String(14155550000 + int(r, 9999)),
    destination_addr: 'Acme',
    esm_class: pick(r, [0x04, 0x08, 0x04 | 0x40]),
    short_message: inPayload ? Buffer.alloc(0) : body.subarray(0, 254),
    ...(inPayload ? { message_payload: body } : {}),
    ...(r() < 0.3 ? { receipted_message_id: id.slice(0, 64), message_state: int(r, 9) } : {}),
  };
}

function withLength(frame: Buffer, length: number): Buffer {
  const copy = Buffer.from(frame);
  copy.writeUInt32BE(length >>> 0, 0);
  return copy;
}

function header(commandId: number, sequence: number, body: Buffer, status = 0): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt32BE(16 + body.length, 0);
  h.writeUInt32BE(commandId >>> 0, 4);
  h.writeUInt32BE(status, 8);
  h.writeUInt32BE(sequence, 12);
  return Buffer.concat([h, body]);
}

/** One PDU for sequence `sequence`: valid, structurally odd, mutated, truncated or alien. */
export function generatePdu(r: Rng, sequence: number, breakFraming = false): FuzzPdu {
  const request = (kind: string, b: Buffer): FuzzPdu => ({
    kind,
    bytes: b,
    sequence,
    expectsAnswer: true,
    resets: false,
  });
  const roll = breakFraming ? 1 : r();
  if (roll < 0.3)
    return request('mo', encodePdu('deliver_sm', { ...moFields(r), sequence_number: sequence }));
  if (roll < 0.4)
    return request(
      'receipt',
      encodePdu('deliver_sm', { ...receiptFields(r), sequence_number: sequence }),
    );
  if (roll < 0.55) {
    // A valid deliver_sm with a few body bytes flipped (the length still frames it).
    const frame = Buffer.from(
      encodePdu('deliver_sm', {
        ...(r() < 0.5 ? moFields(r) : receiptFields(r)),
        sequence_number: sequence,
      }),
    );
    for (let i = int(r, 5) + 1; i > 0 && frame.length > 16; i--)
      frame[16 + int(r, frame.length - 16)] = int(r, 256);
    return request('mutated', frame);
  }
  if (roll < 0.65) {
    // Cut short after its header or mid-body, with command_length telling the truth.
    const frame = encodePdu('deliver_sm', { ...moFields(r), sequence_number: sequence });
    const cut = frame.subarray(0, 16 + int(r, frame.length - 16));
    return request('truncated', withLength(cut, cut.length));
  }
  if (roll < 0.72) {
    let id = int(r, 0x7fffffff);
    while (isKnownRequestId(id)) id = int(r, 0x7fffffff);
    return request('unknown-command', header(id, sequence, bytes(r, int(r, 64))));
  }
  if (roll < 0.78)
    return request(
      'other-request',
      header(
        pick(r, [0x00000004, 0x00000003, 0x00000103, 0x00000008]),
        sequence,
        bytes(r, int(r, 40)),
      ),
    );
  if (roll < 0.82)
    return request('enquire_link', encodePdu('enquire_link', { sequence_number: sequence }));
  if (!breakFraming) {
    // Responses nobody asked for, under random sequence numbers and statuses.
    const id = pick(r, [0x80000004, 0x80000005, 0x80000015, 0x80000009, 0x80000000, 0x80000103]);
    return {
      kind: 'unsolicited-response',
      bytes: header(id, 0x40000000 + int(r, 0x3fffffff), bytes(r, int(r, 20)), int(r, 0x100)),
      sequence,
      expectsAnswer: false,
      resets: false,
    };
  }
  const broken = pick(r, [
    withLength(encodePdu('enquire_link', { sequence_number: sequence }), int(r, 16)),
    withLength(
      encodePdu('enquire_link', { sequence_number: sequence }),
      MAX_PDU_BYTES + 1 + int(r, 1e6),
    ),
    header(0x80000005, sequence, Buffer.from([0xff, 0xfe])), // a malformed response: out of step
  ]);
  return { kind: 'framing', bytes: broken, sequence, expectsAnswer: false, resets: true };
}
