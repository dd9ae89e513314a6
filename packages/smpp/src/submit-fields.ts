import { DATA_CODING, chooseEncoding, classifySender, encodeText } from '@smsgw/core';

/** SMPP 3.4 §5.2.5/§5.2.6 type of number and numbering plan. */
const TON = { UNKNOWN: 0, INTERNATIONAL: 1, NATIONAL: 2, NETWORK_SPECIFIC: 3, ALPHANUMERIC: 5 } as const;
const NPI = { UNKNOWN: 0, ISDN: 1 } as const;

/** An address with its TON/NPI, as submit_sm carries it. */
export interface SmppAddress {
  addr: string;
  ton: number;
  npi: number;
}

/** Maps a sender id or E.164 number to an SMPP address ('+' is implied by TON international). */
export function toSmppAddress(address: string): SmppAddress {
  switch (classifySender(address)) {
    case 'international':
      return { addr: address.slice(1), ton: TON.INTERNATIONAL, npi: NPI.ISDN };
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
}

/** Octets that fit in one SMS (GSM 03.40 TP-UD). Longer content goes in message_payload for now. */
const SINGLE_SMS_OCTETS = 140;

/**
 * The fields of a submit_sm, encoded by the gateway itself: GSM-7 when every character is in
 * the alphabet, else UCS-2; data_coding is always set explicitly (never left to the library).
 */
export function buildSubmitSm(input: SubmitInput): Record<string, unknown> {
  const source = toSmppAddress(input.from);
  const destination = toSmppAddress(input.to);
  const encoding = chooseEncoding(input.body);
  const octets = encodeText(input.body, encoding);
  const content = octets.length <= SINGLE_SMS_OCTETS ? { short_message: octets } : { short_message: Buffer.alloc(0), message_payload: octets };
  return {
    source_addr: source.addr,
    source_addr_ton: source.ton,
    source_addr_npi: source.npi,
    destination_addr: destination.addr,
    dest_addr_ton: destination.ton,
    dest_addr_npi: destination.npi,
    priority_flag: input.priority,
    registered_delivery: input.requestReceipt ? 1 : 0,
    data_coding: DATA_CODING[encoding],
    ...content,
  };
}
