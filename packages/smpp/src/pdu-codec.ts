// Ambient types for the untyped smpp package must travel with this module to every typecheck.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./smpp-lib.d.ts" />
import { GatewayError } from '@smsgw/core';
import smpp from 'smpp';
import {
  decodeSubmitSmFast,
  decodeSubmitSmRespFast,
  encodeSubmitSmFast,
  encodeSubmitSmRespFast,
} from './submit-codec.js';

// The library's message filter guesses data_coding from the text (sending GSM text as IA5) and
// turns short_message into strings. The gateway encodes itself (ARCHITECTURE.md, Encoding), so
// short_message and message_payload stay raw octets in both directions.
for (const command of Object.values(smpp.commands)) {
  const param = command.params?.short_message;
  if (param) delete param.filter;
}
for (const tlv of ['message_payload', 'receipted_message_id']) {
  const def = smpp.tlvs[tlv];
  if (def) delete def.filter;
}

/** A decoded PDU: the header plus the command's fields, SMPP names as in the spec. */
export interface Pdu {
  command: string;
  command_id: number;
  command_status: number;
  sequence_number: number;
  [field: string]: unknown;
}

/** Largest PDU accepted from a peer (SMPP 3.4 sets no limit; this bounds memory per frame). */
export const MAX_PDU_BYTES = 65_536;
const HEADER_BYTES = 16;

/** Encodes a PDU. `fields` use the spec's names (`destination_addr`, `data_coding`, …). */
export function encodePdu(command: string, fields: Record<string, unknown> = {}): Buffer {
  if (!smpp.commands[command])
    throw new GatewayError('PROTOCOL_ERROR', `unknown SMPP command ${command}`);
  const shortMessage = fields.short_message;
  if (Buffer.isBuffer(shortMessage) && shortMessage.length > 254) {
    // SMPP 3.4 §5.2.21: sm_length is one octet; longer content must go in message_payload.
    throw new GatewayError(
      'INVALID_ARGUMENT',
      'short_message longer than 254 octets; use message_payload',
    );
  }
  const fast =
    command === 'submit_sm'
      ? encodeSubmitSmFast(fields)
      : command === 'submit_sm_resp'
        ? encodeSubmitSmRespFast(fields)
        : undefined;
  return fast ?? new smpp.PDU(command, fields).toBuffer();
}

/** True when `commandId` names an SMPP request this codec knows (not a response). */
export function isKnownRequestId(commandId: number): boolean {
  return KNOWN_REQUEST_IDS.has(commandId);
}
const KNOWN_REQUEST_IDS: ReadonlySet<number> = new Set(
  Object.values(smpp.commands)
    .map((c) => c.id)
    .filter((id) => (id & 0x80000000) === 0),
);

/** Decodes one complete frame; throws PROTOCOL_ERROR on anything malformed. */
export function decodePdu(frame: Buffer): Pdu {
  if (frame.length < HEADER_BYTES || frame.readUInt32BE(0) !== frame.length) {
    throw new GatewayError('PROTOCOL_ERROR', 'PDU length does not match its frame');
  }
  try {
    return decodeSubmitSmRespFast(frame) ?? decodeSubmitSmFast(frame) ?? new smpp.PDU(frame);
  } catch (err) {
    throw new GatewayError('PROTOCOL_ERROR', 'malformed PDU', { cause: err });
  }
}

/** A response PDU to `request` with `status` (and optional fields). */
export function encodeResponse(
  request: Pdu,
  status: number,
  fields: Record<string, unknown> = {},
): Buffer {
  const command = request.command === 'unknown' ? 'generic_nack' : `${request.command}_resp`;
  if (!smpp.commands[command])
    return encodePdu('generic_nack', {
      sequence_number: request.sequence_number,
      command_status: status,
    });
  return encodePdu(command, {
    ...fields,
    sequence_number: request.sequence_number,
    command_status: status,
  });
}

/** A string field of a decoded PDU ('' when absent or not a string). */
export function pduString(pdu: Pdu, field: string): string {
  const value = pdu[field];
  return typeof value === 'string' ? value : '';
}

/** True for response command ids (high bit set). */
export function isResponse(pdu: Pdu): boolean {
  return (pdu.command_id & 0x80000000) !== 0;
}
