import { createHash } from 'node:crypto';
import { GatewayError, type Principal, type Reason, type ValidSend } from '@smsgw/core';
import type { IdempotencyClaim, IdempotencyStore } from '@smsgw/redis';

/** A send with the message id it will carry, or the answer an earlier request already got. */
export type Planned =
  | { kind: 'produce'; send: ValidSend; messageId: string; claim: IdempotencyClaim | undefined }
  | { kind: 'existing'; messageId: string; acceptedAtMs: number }
  | { kind: 'same-as'; index: number };

function payloadHash(send: ValidSend): string {
  return createHash('sha256')
    .update(JSON.stringify([send.to, send.from, send.body, send.category, send.emergencyReason]))
    .digest('hex');
}

/**
 * Resolves idempotency keys (ARCHITECTURE.md: same key → same message id, no second message):
 * a new key is claimed with a fresh id before the Kafka write; a key already accepted returns
 * its id and produces nothing; a key left pending by a request that died before Kafka answered
 * is produced again under the same id (downstream stages deduplicate by message id); the same
 * key with different content is refused.
 */
export async function planSends(
  principal: Principal,
  sends: readonly ValidSend[],
  newId: () => string,
  store: IdempotencyStore,
  nowMs: number,
): Promise<Planned[]> {
  const reasons: Reason[] = [];
  const plans: Planned[] = [];
  const claims: { index: number; claim: IdempotencyClaim }[] = [];
  const seen = new Map<string, { index: number; hash: string }>();
  sends.forEach((send, index) => {
    const messageId = newId();
    if (!send.idempotencyKey)
      return plans.push({ kind: 'produce', send, messageId, claim: undefined });
    const hash = payloadHash(send);
    const earlier = seen.get(send.idempotencyKey);
    if (earlier) {
      if (earlier.hash !== hash)
        reasons.push({
          code: 'IDEMPOTENCY_KEY_REUSED',
          field: 'idempotency_key',
          index,
          message: 'the same key is used for different messages in this batch',
        });
      return plans.push({ kind: 'same-as', index: earlier.index });
    }
    seen.set(send.idempotencyKey, { index, hash });
    const claim: IdempotencyClaim = {
      tenantId: principal.tenant.id,
      key: send.idempotencyKey,
      record: { messageId, payloadHash: hash, state: 'pending', acceptedAtMs: nowMs },
    };
    claims.push({ index, claim });
    return plans.push({ kind: 'produce', send, messageId, claim });
  });
  if (reasons.length > 0)
    throw new GatewayError('INVALID_ARGUMENT', 'idempotency key reused', { reasons });
  const found = await store.claim(claims.map((c) => c.claim));
  claims.forEach(({ index, claim }, i) => {
    const existing = found[i];
    if (!existing) return;
    if (existing.payloadHash !== claim.record.payloadHash) {
      reasons.push({
        code: 'IDEMPOTENCY_KEY_REUSED',
        field: 'idempotency_key',
        index,
        message: `this key was used for a different message (${existing.messageId})`,
      });
    } else if (existing.state === 'accepted') {
      plans[index] = {
        kind: 'existing',
        messageId: existing.messageId,
        acceptedAtMs: existing.acceptedAtMs,
      };
    } else {
      const plan = plans[index] as Extract<Planned, { kind: 'produce' }>;
      plans[index] = {
        ...plan,
        messageId: existing.messageId,
        claim: { ...claim, record: existing },
      };
    }
  });
  if (reasons.length > 0)
    throw new GatewayError('INVALID_ARGUMENT', 'idempotency key reused', {
      reasons: sends.length > 1 ? reasons : reasons.map(({ index: _i, ...r }) => r),
    });
  return plans;
}
