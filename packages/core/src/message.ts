import type { Reason } from './errors.js';

/** Why a message is sent; decides which consent and rules apply. */
export const CATEGORIES = ['TRANSACTIONAL', 'MARKETING', 'EMERGENCY'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Every state a message can be in (ARCHITECTURE.md, "Message states"). */
export const MESSAGE_STATES = [
  'ACCEPTED',
  'REJECTED',
  'DEFERRED',
  'APPROVED',
  'SUBMITTED',
  'DELIVERED',
  'UNDELIVERABLE',
  'EXPIRED',
  'REJECTED_BY_CARRIER',
  'FAILED',
  'UNKNOWN',
] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

/** States after which nothing more happens to a message. */
export const TERMINAL_STATES: ReadonlySet<MessageState> = new Set<MessageState>([
  'REJECTED',
  'DELIVERED',
  'UNDELIVERABLE',
  'EXPIRED',
  'REJECTED_BY_CARRIER',
  'FAILED',
  'UNKNOWN',
]);

/** The pipeline stage that produced a status event. */
export type Stage = 'ingress' | 'compliance' | 'dispatcher';

/** A message as it travels through Kafka between stages. */
export interface SmsMessage {
  messageId: string;
  tenantId: string;
  to: string;
  from: string;
  body: string;
  category: Category;
  acceptedAtMs: number;
  idempotencyKey: string;
  emergencyReason: string;
}

/** One transition of a message, as published on the status topic. */
export interface StatusEvent {
  messageId: string;
  tenantId: string;
  state: MessageState;
  atMs: number;
  stage: Stage;
  reasons: Reason[];
  carrierMessageId: string;
  connector: string;
  /** DEFERRED: when the message will be released. */
  releaseAtMs?: number;
}

/**
 * The ACCEPTED event of a message, at its accept time. Ingress adds it to the status projection
 * as it answers; compliance publishes it, once per message id, in the transaction that decides
 * the message. Both build it here: the projection stores identical events once.
 */
export function acceptedStatus(
  sms: Pick<SmsMessage, 'messageId' | 'tenantId' | 'acceptedAtMs'>,
): StatusEvent {
  return {
    messageId: sms.messageId,
    tenantId: sms.tenantId,
    state: 'ACCEPTED',
    atMs: sms.acceptedAtMs,
    stage: 'ingress',
    reasons: [],
    carrierMessageId: '',
    connector: '',
  };
}

/** The ordering of states, used to pick the current state from an unordered history. */
const STATE_RANK: Record<MessageState, number> = {
  ACCEPTED: 0,
  DEFERRED: 1,
  APPROVED: 2,
  SUBMITTED: 3,
  REJECTED: 9,
  DELIVERED: 9,
  UNDELIVERABLE: 9,
  EXPIRED: 9,
  REJECTED_BY_CARRIER: 9,
  FAILED: 9,
  UNKNOWN: 8,
};

/** The current state of a message from its history (events may arrive out of order). */
export function currentState(
  history: readonly Pick<StatusEvent, 'state' | 'atMs'>[],
): MessageState | undefined {
  let best: Pick<StatusEvent, 'state' | 'atMs'> | undefined;
  for (const event of history) {
    if (!best) best = event;
    else {
      const rank = STATE_RANK[event.state] - STATE_RANK[best.state];
      if (rank > 0 || (rank === 0 && event.atMs > best.atMs)) best = event;
    }
  }
  return best?.state;
}
