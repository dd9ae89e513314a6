import { decodeText, type MessageState } from '@smsgw/core';
import type { Pdu } from './pdu-codec.js';
import { pduString } from './pdu-codec.js';

/** A delivery receipt (SMPP 3.4 Appendix B), from TLVs or from the receipt text. */
export interface DeliveryReceipt {
  carrierId: string;
  /** The receipt's stat word: DELIVRD, UNDELIV, EXPIRED, REJECTD, DELETED, ACCEPTD, ENROUTE, UNKNOWN. */
  stat: string;
  err: string;
  /** "done date" in the text, when present (YYMMDDhhmm[ss]), as UTC ms. */
  doneAtMs: number | undefined;
}

// SMPP 3.4 §5.3.2.35 message_state values, as receipt stat words.
const MESSAGE_STATE: Record<number, string> = {
  1: 'ENROUTE',
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  6: 'ACCEPTD',
  7: 'UNKNOWN',
  8: 'REJECTD',
};

/** Final states a receipt reports; intermediate ones (ENROUTE, ACCEPTD, UNKNOWN) change nothing. */
const FINAL: Record<string, MessageState> = {
  DELIVRD: 'DELIVERED',
  UNDELIV: 'UNDELIVERABLE',
  EXPIRED: 'EXPIRED',
  DELETED: 'UNDELIVERABLE',
  REJECTD: 'REJECTED_BY_CARRIER',
};

/** The message state a receipt stat means, or undefined for intermediate states. */
export function receiptState(stat: string): MessageState | undefined {
  return FINAL[stat.toUpperCase()];
}

/** True when a deliver_sm is a delivery receipt (esm_class message type 0b0001, §5.2.12). */
export function isDeliveryReceipt(pdu: Pdu): boolean {
  return (Number(pdu.esm_class ?? 0) & 0x3c) === 0x04;
}

function field(text: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)${name}:(\\S*)`, 'i').exec(text)?.[1];
}

function parseDoneDate(value: string | undefined): number | undefined {
  const m = value ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(value) : null;
  if (!m) return undefined;
  return Date.UTC(
    2000 + Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6] ?? 0),
  );
}

/**
 * The user data: `message_payload` when present (SMPP 3.4 §5.3.2.32 lets it carry the data with
 * an empty short_message, receipts included), else `short_message`.
 */
function userData(pdu: Pdu): Buffer {
  if (Buffer.isBuffer(pdu.message_payload) && pdu.message_payload.length > 0)
    return pdu.message_payload;
  return Buffer.isBuffer(pdu.short_message) ? pdu.short_message : Buffer.alloc(0);
}

/** Parses a receipt; TLVs (receipted_message_id, message_state) win over the text. */
export function parseReceipt(pdu: Pdu): DeliveryReceipt | undefined {
  const text = userData(pdu).toString('latin1');
  const tlvId = pdu.receipted_message_id;
  const carrierId =
    (Buffer.isBuffer(tlvId)
      ? tlvId.toString('latin1').replace(/\0+$/, '')
      : pduString(pdu, 'receipted_message_id')) || field(text, 'id');
  const state =
    typeof pdu.message_state === 'number' ? MESSAGE_STATE[pdu.message_state] : undefined;
  const stat = state ?? field(text, 'stat');
  if (!carrierId || !stat) return undefined;
  return {
    carrierId,
    stat: stat.toUpperCase(),
    err: field(text, 'err') ?? '',
    doneAtMs: parseDoneDate(field(text, 'done date') ?? /done date:(\d{10,12})/i.exec(text)?.[1]),
  };
}

/** How a connector's receipts write the id its submit_sm_resp gave. */
export type DlrIdFormat = 'as-submitted' | 'decimal' | 'hex';

/** Case and leading zeros never matter: `0000001A` and `1a` are one id. */
export function canonicalCarrierId(id: string): string {
  const trimmed = id
    .trim()
    .toLowerCase()
    .replace(/^0+(?=.)/, '');
  return trimmed;
}

/**
 * The canonical submit id a receipt refers to: some carriers answer submit_sm with a hex id
 * and report it in decimal in the receipt (or the reverse).
 */
export function receiptIdToSubmitId(receiptId: string, format: DlrIdFormat): string {
  const id = receiptId.trim();
  if (format === 'decimal' && /^\d+$/.test(id)) return canonicalCarrierId(BigInt(id).toString(16));
  if (format === 'hex' && /^[0-9a-f]+$/i.test(id))
    return canonicalCarrierId(BigInt(`0x${id}`).toString(10));
  return canonicalCarrierId(id);
}

/** One part of a (possibly multipart) MO. */
export interface MoPart {
  source: string;
  destination: string;
  text: string;
  /** Present for multipart messages (UDH 8/16-bit reference, or SAR TLVs). */
  part: { reference: number; total: number; sequence: number } | undefined;
}

function addressOf(pdu: Pdu, field: string, tonField: string): string {
  const addr = pduString(pdu, field);
  return addr && Number(pdu[tonField] ?? 0) === 1 && !addr.startsWith('+') ? `+${addr}` : addr;
}

/** A concatenation reference as a part carries it, before it is checked. */
type Concatenation = NonNullable<MoPart['part']>;

/**
 * Reads the concatenation IE of a user data header (GSM 03.40 §9.2.3.24: UDHL, then IEI, IEDL,
 * data; 0x00 = 8-bit reference, IEDL 3; 0x08 = 16-bit reference, IEDL 4). Undefined when the
 * header is malformed: an element that runs past the header, or a header past the payload.
 */
function readUdh(
  payload: Buffer,
): { part: Concatenation | undefined; bodyStart: number } | undefined {
  const udhLength = payload[0] as number;
  if (1 + udhLength > payload.length) return undefined;
  const udh = payload.subarray(1, 1 + udhLength);
  let part: Concatenation | undefined;
  for (let i = 0; i < udh.length;) {
    if (i + 2 > udh.length) return undefined;
    const iei = udh[i] as number;
    const length = udh[i + 1] as number;
    const data = udh.subarray(i + 2, i + 2 + length);
    if (data.length !== length) return undefined;
    if (iei === 0x00 || iei === 0x08) {
      const wide = iei === 0x08;
      if (length !== (wide ? 4 : 3)) return undefined;
      const reference = wide ? data.readUInt16BE(0) : (data[0] as number);
      part = {
        reference,
        total: data[wide ? 2 : 1] as number,
        sequence: data[wide ? 3 : 2] as number,
      };
    }
    i += 2 + length;
  }
  return { part, bodyStart: 1 + udhLength };
}

/** A part numbered 1..total of a message of at least one part (§9.2.3.24.1: 0 is reserved). */
const validPart = (p: Concatenation): boolean =>
  p.total >= 1 && p.sequence >= 1 && p.sequence <= p.total;

/**
 * Parses an MO deliver_sm: text decoded with its data_coding, UDH or SAR concatenation info.
 * Undefined when the PDU cannot be an MO (a malformed header or part numbering): it comes from a
 * peer we do not control, so nothing in it may throw.
 */
export function parseMo(pdu: Pdu): MoPart | undefined {
  const source = addressOf(pdu, 'source_addr', 'source_addr_ton');
  // A deliver_sm cut short (a header and no body) decodes with empty fields: nobody to answer.
  if (!source) return undefined;
  const payload = userData(pdu);
  let body = payload;
  let part: Concatenation | undefined;
  if ((Number(pdu.esm_class ?? 0) & 0x40) !== 0 && payload.length > 0) {
    const udh = readUdh(payload);
    if (!udh) return undefined;
    part = udh.part;
    body = payload.subarray(udh.bodyStart);
  } else if (typeof pdu.sar_msg_ref_num === 'number') {
    // SMPP 3.4 §5.3.2.22-24: sar_msg_ref_num, sar_total_segments, sar_segment_seqnum.
    part = {
      reference: pdu.sar_msg_ref_num,
      total: Number(pdu.sar_total_segments ?? 1),
      sequence: Number(pdu.sar_segment_seqnum ?? 1),
    };
  }
  if (part && !validPart(part)) return undefined;
  return {
    source,
    destination: addressOf(pdu, 'destination_addr', 'dest_addr_ton'),
    text: decodeText(body, Number(pdu.data_coding ?? 0)),
    part: part && part.total > 1 ? part : undefined,
  };
}
