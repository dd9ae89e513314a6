import { parseE164 } from './phone.js';

/** GSM 03.40 alphanumeric originator: at most 11 characters, at least one letter. */
const ALPHANUMERIC = /^(?=.*[A-Za-z])[A-Za-z0-9 .&_-]{1,11}$/;
/** Short codes: 3 to 8 digits. */
const SHORT_CODE = /^\d{3,8}$/;

/** The kind of originator address, which decides SMPP source_addr_ton/npi. */
export type SenderKind = 'alphanumeric' | 'shortcode' | 'international';

/** Classifies a sender id, or undefined when it is not a valid originator. */
export function classifySender(sender: string): SenderKind | undefined {
  if (sender.startsWith('+')) return parseE164(sender) ? 'international' : undefined;
  if (SHORT_CODE.test(sender)) return 'shortcode';
  if (ALPHANUMERIC.test(sender)) return 'alphanumeric';
  return undefined;
}
