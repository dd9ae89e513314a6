import type { Reason } from './errors.js';
import { CATEGORIES, type Category } from './message.js';
import { parseE164 } from './phone.js';
import { classifySender } from './sender.js';
import { hasScope, type Principal } from './tenant.js';

/** A send request as it arrives at the edge, before validation. */
export interface SendInput {
  to: string;
  from: string;
  body: string;
  category: string;
  idempotencyKey: string;
  emergencyReason: string;
}

/** A send request that passed validation. */
export interface ValidSend {
  to: string;
  from: string;
  body: string;
  category: Category;
  idempotencyKey: string;
  emergencyReason: string;
}

/** Limits applied at ingress. */
export interface SendLimits {
  /** Longest body accepted, in UTF-16 code units. Default 1600. */
  maxBodyChars: number;
  /** Longest idempotency key, in characters. Default 128. */
  maxIdempotencyKeyChars: number;
}

/** Result of {@link validateSend}: the normalised request, or every reason it is refused. */
export type SendValidation = { ok: true; value: ValidSend } | { ok: false; reasons: Reason[] };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Control characters other than LF and CR cannot be carried in an SMS.
const CONTROL = /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F]/;

/** Validates one send request for a principal; reports every problem, not just the first. */
export function validateSend(
  input: SendInput,
  principal: Principal,
  limits: SendLimits,
): SendValidation {
  const recipient = parseE164(input.to);
  const reasons: Reason[] = [
    ...(recipient
      ? []
      : [
          reason(
            'INVALID_NUMBER',
            'to',
            'recipient must be a valid E.164 number such as +14155550123',
          ),
        ]),
    ...checkSender(input.from, principal),
    ...checkBody(input.body, limits),
    ...checkCategory(input, principal),
  ];
  if (input.idempotencyKey.length > limits.maxIdempotencyKeyChars) {
    reasons.push(
      reason(
        'INVALID_IDEMPOTENCY_KEY',
        'idempotency_key',
        `longer than ${limits.maxIdempotencyKeyChars} characters`,
      ),
    );
  }
  if (reasons.length > 0 || !recipient) return { ok: false, reasons };
  return {
    ok: true,
    value: { ...input, to: recipient.e164, category: input.category as Category },
  };
}

function checkSender(from: string, principal: Principal): Reason[] {
  if (!classifySender(from))
    return [reason('INVALID_SENDER', 'from', 'sender is not a valid originator')];
  if (!principal.tenant.senders.has(from)) {
    return [reason('SENDER_NOT_REGISTERED', 'from', 'sender is not registered to this tenant')];
  }
  return [];
}

function checkBody(body: string, limits: SendLimits): Reason[] {
  if (body.trim().length === 0) return [reason('EMPTY_BODY', 'body', 'body is empty')];
  const out: Reason[] = [];
  if (body.length > limits.maxBodyChars) {
    out.push(
      reason('BODY_TOO_LONG', 'body', `body is longer than ${limits.maxBodyChars} characters`),
    );
  }
  if (LONE_SURROGATE.test(body) || CONTROL.test(body)) {
    out.push(
      reason('INVALID_BODY_ENCODING', 'body', 'body contains control characters or invalid UTF-16'),
    );
  }
  return out;
}

function checkCategory(input: SendInput, principal: Principal): Reason[] {
  if (!(CATEGORIES as readonly string[]).includes(input.category)) {
    return [
      reason('INVALID_CATEGORY', 'category', `category must be one of ${CATEGORIES.join(', ')}`),
    ];
  }
  if (input.category !== 'EMERGENCY') return [];
  const out: Reason[] = [];
  if (!hasScope(principal, 'messages:send-emergency')) {
    out.push(
      reason(
        'EMERGENCY_NOT_AUTHORIZED',
        'category',
        'token lacks the messages:send-emergency scope',
      ),
    );
  }
  if (input.emergencyReason.length > MAX_EMERGENCY_REASON_CHARS) {
    out.push(
      reason(
        'FIELD_TOO_LONG',
        'emergency_reason',
        `emergency_reason is longer than ${MAX_EMERGENCY_REASON_CHARS} characters`,
      ),
    );
  } else if (input.emergencyReason.trim().length === 0) {
    out.push(
      reason(
        'EMERGENCY_REASON_REQUIRED',
        'emergency_reason',
        'emergency messages must state a reason',
      ),
    );
  }
  return out;
}

/** The emergency audit keeps the reason for years: a sentence, not a document. */
const MAX_EMERGENCY_REASON_CHARS = 500;

function reason(code: string, field: string, message: string): Reason {
  return { code, field, message };
}
