import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

const E164 = /^\+[1-9]\d{6,14}$/;

/** A validated E.164 number with the country it belongs to. */
export interface PhoneNumber {
  e164: string;
  country: string | undefined;
}

/** Parses a strict E.164 number (`+` and digits only) and checks it against numbering plans. */
export function parseE164(input: string): PhoneNumber | undefined {
  if (!E164.test(input)) return undefined;
  const parsed = parsePhoneNumberFromString(input);
  if (!parsed || !parsed.isValid()) return undefined;
  return { e164: parsed.number, country: parsed.country };
}
