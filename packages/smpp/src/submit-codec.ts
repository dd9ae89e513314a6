// The hot pair of PDUs, encoded and decoded directly. The smpp package builds a generic PDU object
// per submit (defaults per field, two passes of filters over every own property, a size pass and
// a write pass): a quarter of the dispatcher's SMPP cost at tens of thousands of submits a second.
// These produce exactly the package's bytes and objects (codec.test.ts compares them) and leave
// everything they do not cover to the package.
import smpp from 'smpp';
import type { Pdu } from './pdu-codec.js';

const SUBMIT_SM = 0x00000004;
const SUBMIT_SM_RESP = 0x80000004;
const HEADER_BYTES = 16;
const MAX_PACKAGE_PDU = 16_384;

/** An SMPP 3.4 time (§7.1.1): YYMMDDhhmmss, tenths, quarter hours, and R (relative) or a sign. */
const SMPP_TIME = /^\d{13}\d{2}[R+-]$/;

/** submit_sm mandatory parameters in wire order (SMPP 3.4 §4.4.1); sm_length precedes short_message. */
const CSTRING = 0;
const INT8 = 1;
const MANDATORY: readonly (readonly [name: string, kind: typeof CSTRING | typeof INT8])[] = [
  ['service_type', CSTRING],
  ['source_addr_ton', INT8],
  ['source_addr_npi', INT8],
  ['source_addr', CSTRING],
  ['dest_addr_ton', INT8],
  ['dest_addr_npi', INT8],
  ['destination_addr', CSTRING],
  ['esm_class', INT8],
  ['protocol_id', INT8],
  ['priority_flag', INT8],
  ['schedule_delivery_time', CSTRING],
  ['validity_period', CSTRING],
  ['registered_delivery', INT8],
  ['replace_if_present_flag', INT8],
  ['data_coding', INT8],
  ['sm_default_msg_id', INT8],
];
const MANDATORY_NAMES = new Set([
  ...MANDATORY.map(([name]) => name),
  'short_message',
  'sequence_number',
]);

/** The optional parameters the gateway sends with submit_sm: tag and value size (0: octets). */
const TLVS: Readonly<Record<string, { tag: number; size: 0 | 1 | 2 }>> = {
  message_payload: { tag: 0x0424, size: 0 },
  sar_msg_ref_num: { tag: 0x020c, size: 2 },
  sar_total_segments: { tag: 0x020e, size: 1 },
  sar_segment_seqnum: { tag: 0x020f, size: 1 },
};
const RESP_FIELDS = new Set(['sequence_number', 'command_status', 'message_id']);
const TLV_BY_TAG = new Map(
  Object.entries(TLVS).map(([name, tlv]) => [tlv.tag, { name, size: tlv.size }]),
);

const isAscii = (value: string): boolean => /^[\x20-\x7e]*$/.test(value);
/** Unsigned integer that fits `bytes` (the package throws on anything else: let it). */
const fits = (value: unknown, bytes: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 2 ** (8 * bytes);

/**
 * Encodes a submit_sm, or returns undefined when `fields` hold anything this encoder does not
 * cover (another TLV, a non-ASCII address, a time field): the caller then uses the package.
 */
export function encodeSubmitSmFast(fields: Record<string, unknown>): Buffer | undefined {
  let length = HEADER_BYTES;
  for (const [name, kind] of MANDATORY) {
    const value = fields[name];
    if (kind === INT8) {
      if (value !== undefined && value !== null && !fits(value, 1)) return undefined;
      length += 1;
    } else {
      if (value !== undefined && (typeof value !== 'string' || !isAscii(value))) return undefined;
      // The package passes a time string in SMPP's 16-character form through unchanged (a Date
      // or a short form it rewrites: those are left to it).
      if ((name === 'schedule_delivery_time' || name === 'validity_period') && value)
        if (!SMPP_TIME.test(value)) return undefined;
      length += (value ?? '').length + 1;
    }
  }
  const sequence = fields.sequence_number ?? 0;
  if (!fits(sequence, 4)) return undefined;
  const shortMessage = fields.short_message ?? Buffer.alloc(0);
  if (!Buffer.isBuffer(shortMessage) || shortMessage.length > 255) return undefined;
  length += 1 + shortMessage.length;
  const tlvs: [string, { tag: number; size: 0 | 1 | 2 }][] = [];
  for (const name of Object.keys(fields)) {
    if (MANDATORY_NAMES.has(name)) continue;
    const tlv = TLVS[name];
    const value = fields[name];
    if (!tlv) return undefined;
    if (tlv.size === 0 ? !Buffer.isBuffer(value) || value.length > 0xffff : !fits(value, tlv.size))
      return undefined;
    tlvs.push([name, tlv]);
    length += 4 + (tlv.size === 0 ? (value as Buffer).length : tlv.size);
  }
  const buffer = Buffer.allocUnsafe(length);
  buffer.writeUInt32BE(length, 0);
  buffer.writeUInt32BE(SUBMIT_SM, 4);
  buffer.writeUInt32BE(0, 8);
  buffer.writeUInt32BE(sequence, 12);
  let offset = HEADER_BYTES;
  for (const [name, kind] of MANDATORY) {
    const value = fields[name];
    if (kind === INT8) {
      buffer[offset++] = (value as number | null | undefined) ?? 0;
    } else {
      offset += buffer.write((value as string | undefined) ?? '', offset, 'latin1');
      buffer[offset++] = 0;
    }
  }
  buffer[offset++] = shortMessage.length;
  offset += shortMessage.copy(buffer, offset);
  for (const [name, tlv] of tlvs) {
    const value = fields[name];
    buffer.writeUInt16BE(tlv.tag, offset);
    if (tlv.size === 0) {
      buffer.writeUInt16BE((value as Buffer).length, offset + 2);
      offset += 4 + (value as Buffer).copy(buffer, offset + 4);
    } else {
      buffer.writeUInt16BE(tlv.size, offset + 2);
      if (tlv.size === 1) buffer.writeUInt8(value as number, offset + 4);
      else buffer.writeUInt16BE(value as number, offset + 4);
      offset += 4 + tlv.size;
    }
  }
  return buffer;
}

/**
 * Decodes a submit_sm_resp frame whose body is empty or exactly one NUL-terminated message_id,
 * as the package would; undefined for any other frame (the caller uses the package).
 */
export function decodeSubmitSmRespFast(frame: Buffer): Pdu | undefined {
  // The package refuses PDUs over 16 KiB: so must this.
  if (
    frame.length < HEADER_BYTES ||
    frame.length > MAX_PACKAGE_PDU ||
    frame.readUInt32BE(4) !== SUBMIT_SM_RESP
  )
    return undefined;
  const [length, status, sequence] = [frame.length, frame.readUInt32BE(8), frame.readUInt32BE(12)];
  if (length === HEADER_BYTES)
    return {
      command_length: length,
      command_id: SUBMIT_SM_RESP,
      command_status: status,
      sequence_number: sequence,
      command: 'submit_sm_resp',
    };
  // One NUL, at the end; ids are short, so a loop beats indexOf and toString (native calls).
  if (frame[length - 1] !== 0) return undefined;
  let messageId = '';
  for (let i = HEADER_BYTES; i < length - 1; i++) {
    const byte = frame[i] as number;
    if (byte === 0) return undefined;
    messageId += String.fromCharCode(byte & 0x7f); // as 'ascii' decodes: the top bit dropped
  }
  // Built in one literal (not spread from a header object): the spread made it slower than the package.
  return {
    command_length: length,
    command_id: SUBMIT_SM_RESP,
    command_status: status,
    sequence_number: sequence,
    command: 'submit_sm_resp',
    message_id: messageId,
  };
}

/**
 * Decodes a submit_sm (the simulated SMSC's side) as the package would, when its TLVs are the
 * ones the gateway sends; undefined otherwise (the caller uses the package).
 */
export function decodeSubmitSmFast(frame: Buffer): Pdu | undefined {
  if (
    frame.length < HEADER_BYTES ||
    frame.length > MAX_PACKAGE_PDU ||
    frame.readUInt32BE(4) !== SUBMIT_SM
  )
    return undefined;
  const pdu: Pdu = {
    command_length: frame.readUInt32BE(0),
    command_id: SUBMIT_SM,
    command_status: frame.readUInt32BE(8),
    sequence_number: frame.readUInt32BE(12),
    command: 'submit_sm',
  };
  let offset = HEADER_BYTES;
  for (const [name, kind] of MANDATORY) {
    if (offset >= frame.length) return undefined; // a short body: the package's partial reading
    if (kind === INT8) {
      pdu[name] = frame[offset++];
      continue;
    }
    const nul = frame.indexOf(0, offset);
    if (nul < 0) return undefined;
    const value = frame.toString('ascii', offset, nul);
    // Times decoded by the package's own filter: the same Date it would give.
    pdu[name] =
      value && (name === 'schedule_delivery_time' || name === 'validity_period')
        ? smpp.filters.time.decode(value)
        : value;
    offset = nul + 1;
  }
  if (offset >= frame.length) return undefined;
  const smLength = frame[offset] as number;
  if (offset + 1 + smLength > frame.length) return undefined;
  pdu.short_message = frame.subarray(offset + 1, offset + 1 + smLength);
  offset += 1 + smLength;
  while (offset < frame.length) {
    if (offset + 4 > frame.length) return undefined;
    const tlv = TLV_BY_TAG.get(frame.readUInt16BE(offset));
    const length = frame.readUInt16BE(offset + 2);
    if (
      !tlv ||
      tlv.name in pdu ||
      offset + 4 + length > frame.length ||
      (tlv.size !== 0 && length !== tlv.size)
    )
      return undefined;
    const start = offset + 4;
    pdu[tlv.name] =
      tlv.size === 0
        ? frame.subarray(start, start + length)
        : tlv.size === 1
          ? frame[start]
          : frame.readUInt16BE(start);
    offset = start + length;
  }
  return pdu;
}

/**
 * Encodes a submit_sm_resp exactly as the package does (only the header when status is set), or
 * undefined when `fields` hold anything but sequence_number, command_status and message_id.
 */
export function encodeSubmitSmRespFast(fields: Record<string, unknown>): Buffer | undefined {
  if (Object.keys(fields).some((k) => !RESP_FIELDS.has(k))) return undefined;
  const {
    sequence_number: sequence = 0,
    command_status: status = 0,
    message_id: messageId = '',
  } = fields;
  return encodeSubmitSmResp(sequence, status, messageId);
}

/** A submit_sm_resp from its three fields (an SMSC answering a submit), or undefined when one does not fit. */
export function encodeSubmitSmResp(
  sequence: unknown,
  status: unknown,
  messageId: unknown,
): Buffer | undefined {
  if (
    !fits(sequence, 4) ||
    !fits(status, 4) ||
    typeof messageId !== 'string' ||
    !isAscii(messageId)
  )
    return undefined;
  const length = status === 0 ? HEADER_BYTES + messageId.length + 1 : HEADER_BYTES;
  const buffer = Buffer.allocUnsafe(length);
  buffer.writeUInt32BE(length, 0);
  buffer.writeUInt32BE(SUBMIT_SM_RESP, 4);
  buffer.writeUInt32BE(status, 8);
  buffer.writeUInt32BE(sequence, 12);
  if (status === 0) {
    buffer.write(messageId, HEADER_BYTES, 'latin1');
    buffer[length - 1] = 0;
  }
  return buffer;
}
