import { createHash } from 'node:crypto';

/**
 * A stable, non-reversible handle for a phone number, for logs and metrics.
 * Salted so a log leak cannot be reversed by hashing the numbering plan.
 */
export function hashMsisdn(msisdn: string, salt = ''): string {
  return createHash('sha256').update(salt).update(msisdn).digest('hex').slice(0, 16);
}

/** Keeps the country prefix and last two digits: `+4915*******12`. */
export function maskMsisdn(msisdn: string): string {
  if (msisdn.length <= 6) return '*'.repeat(msisdn.length);
  return msisdn.slice(0, 4) + '*'.repeat(msisdn.length - 6) + msisdn.slice(-2);
}
