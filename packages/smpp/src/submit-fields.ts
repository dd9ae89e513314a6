import {
  DATA_CODING,
  classifySender,
  concatenationUdh,
  encodeParts,
  encodingFor,
  type LongMessageMethod,
  type PreferredAlphabet,
} from '@smsgw/core';

/** SMPP 3.4 §5.2.5/§5.2.6 type of number and numbering plan. */
const TON = {
  UNKNOWN: 0,
  INTERNATIONAL: 1,
  NATIONAL: 2,
  NETWORK_SPECIFIC: 3,
  ALPHANUMERIC: 5,
} as const;
const NPI = { UNKNOWN: 0, ISDN: 1 } as const;

/** An address with its TON/NPI, as submit_sm carries it. */
export interface SmppAddress {
  addr: string;
  ton: number;
  npi: number;
}

/** `+` and digits: numbers reach the dispatcher already validated (ingress), only the form matters here. */
const INTERNATIONAL = /^\+\d{1,15}$/;

/** Maps a sender id or E.164 number to an SMPP address ('+' is implied by TON international). */
export function toSmppAddress(address: string): SmppAddress {
  // Syntactic on purpose: a numbering-plan lookup per submit cost 5 % of the dispatcher's CPU.
  if (INTERNATIONAL.test(address))
    return { addr: address.slice(1), ton: TON.INTERNATIONAL, npi: NPI.ISDN };
  switch (classifySender(address)) {
    case 'shortcode':
      return { addr: address, ton: TON.NETWORK_SPECIFIC, npi: NPI.UNKNOWN };
    case 'alphanumeric':
      return { addr: address, ton: TON.ALPHANUMERIC, npi: NPI.UNKNOWN };
    default:
      return { addr: address, ton: TON.UNKNOWN, npi: NPI.UNKNOWN };
  }
}

/** What a submit_sm needs from a message. */
export interface SubmitInput {
  from: string;
  to: string;
  body: string;
  /** SMPP priority_flag 0..3. */
  priority: number;
  /** Ask the SMSC for a delivery receipt. */
  requestReceipt: boolean;
  /**
   * How long the SMSC may keep trying (validity_period, relative); absent: the SMSC's default.
   * At most 99 days.
   */
  validitySeconds?: number;
}

/**
 * A relative SMPP time (SMPP 3.4 §7.1.1.2: YYMMDDhhmmss000R) of `seconds`, in days, hours,
 * minutes and seconds (months and years are not fixed lengths).
 */
export function relativeSmppTime(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const days = Math.floor(whole / 86_400);
  if (days > 99) throw new RangeError(`a validity of ${days} days does not fit SMPP's time`);
  const two = (n: number): string => String(n).padStart(2, '0');
  const hms = [Math.floor(whole / 3600) % 24, Math.floor(whole / 60) % 60, whole % 60];
  return `0000${two(days)}${hms.map(two).join('')}000R`;
}

/** Octets that fit in one SMS (GSM 03.40 TP-UD); with `payload` longer content goes in message_payload. */
const SINGLE_SMS_OCTETS = 140;

/** How a connector encodes and splits (connectors file: `alphabet`, `longMessage`). */
export interface EncodingOptions {
  alphabet: PreferredAlphabet;
  longMessage: LongMessageMethod;
  /** Concatenation reference shared by the parts of one message (8 or 16 bits used). */
  reference: number;
}

const DEFAULT_ENCODING: EncodingOptions = {
  alphabet: 'gsm7',
  longMessage: 'payload',
  reference: 0,
};

/**
 * The submit_sm PDUs of one message, encoded by the gateway itself (GSM-7, Latin-1 or UCS-2 per
 * the connector, data_coding always explicit: never left to the library) and split as the
 * connector wants long messages: UDH with an 8- or 16-bit reference, SAR TLVs, or one
 * message_payload.
 */
export function buildSubmitSms(
  input: SubmitInput,
  options: EncodingOptions = DEFAULT_ENCODING,
): Record<string, unknown>[] {
  const encoding = encodingFor(input.body, options.alphabet);
  const base: SubmitBase = {
    source: toSmppAddress(input.from),
    destination: toSmppAddress(input.to),
    priority: input.priority,
    registeredDelivery: input.requestReceipt ? 1 : 0,
    dataCoding: DATA_CODING[encoding],
    validity: input.validitySeconds === undefined ? '' : relativeSmppTime(input.validitySeconds),
  };
  const method = options.longMessage;
  const parts = encodeParts(input.body, encoding, method);
  if (parts.length === 1) {
    const octets = parts[0] as Buffer;
    if (octets.length <= SINGLE_SMS_OCTETS) return [submitFields(base, octets)];
    return [Object.assign(submitFields(base, Buffer.alloc(0)), { message_payload: octets })];
  }
  const total = parts.length;
  return parts.map((octets, i) => {
    if (method === 'sar')
      return Object.assign(submitFields(base, octets), {
        sar_msg_ref_num: options.reference & 0xffff,
        sar_total_segments: total,
        sar_segment_seqnum: i + 1,
      });
    const udh = concatenationUdh(
      method === 'udh16' ? 'udh16' : 'udh8',
      options.reference,
      total,
      i + 1,
    );
    return Object.assign(submitFields(base, Buffer.concat([udh, octets])), { esm_class: 0x40 });
  });
}

interface SubmitBase {
  source: { addr: string; ton: number; npi: number };
  destination: { addr: string; ton: number; npi: number };
  priority: number;
  registeredDelivery: number;
  dataCoding: number;
  validity: string;
}

/**
 * The fields every submit_sm part has, as one object literal. (Spreading a shared object into
 * each part gave objects that took three times as long to encode as a copy of them.)
 */
function submitFields(base: SubmitBase, shortMessage: Buffer): Record<string, unknown> {
  return {
    source_addr: base.source.addr,
    source_addr_ton: base.source.ton,
    source_addr_npi: base.source.npi,
    destination_addr: base.destination.addr,
    dest_addr_ton: base.destination.ton,
    dest_addr_npi: base.destination.npi,
    priority_flag: base.priority,
    registered_delivery: base.registeredDelivery,
    data_coding: base.dataCoding,
    validity_period: base.validity,
    short_message: shortMessage,
  };
}
