import {
  GatewayError,
  createMessageIdGenerator,
  validateSend,
  type Clock,
  type SmsMessage,
} from '@smsgw/core';
import { authorize, unary, type Authenticator, type UnaryHooks } from '@smsgw/grpc';
import type { ComplianceServiceHandlers, EvaluateResponse } from '@smsgw/proto';
import type { Evaluator } from '../evaluator.js';

const TEN_YEARS_MS = 3_652 * 86_400_000;

/** The time to evaluate at: now when unset, else within ten years of now. */
function evaluationTime(atMs: number, nowMs: number): number {
  if (!atMs) return nowMs;
  if (!Number.isSafeInteger(atMs) || Math.abs(atMs - nowMs) > TEN_YEARS_MS)
    throw new GatewayError('INVALID_ARGUMENT', 'at_ms is out of range', {
      reasons: [
        {
          code: 'INVALID_EVALUATION_TIME',
          field: 'at_ms',
          message: 'at_ms must be within ten years of now (Unix milliseconds)',
        },
      ],
    });
  return atMs;
}

/** smsgw.v1.ComplianceService: every rule on a message, without side effects. */
export function createEvaluateService(deps: {
  authenticator: Authenticator;
  evaluate: Evaluator;
  clock: Clock;
  hooks: UnaryHooks;
}): Pick<ComplianceServiceHandlers, 'Evaluate'> {
  const newId = createMessageIdGenerator({ clock: deps.clock });
  return {
    Evaluate: unary(
      'Evaluate',
      async (call): Promise<EvaluateResponse> => {
        const principal = authorize(call.metadata, deps.authenticator, 'messages:send');
        const m = call.request.message;
        if (!m)
          throw new GatewayError('INVALID_ARGUMENT', 'message is required', {
            reasons: [
              { code: 'MISSING_MESSAGE', field: 'message', message: 'message is required' },
            ],
          });
        const input = {
          to: m.to,
          from: m.from,
          body: m.body,
          category: m.category === 'CATEGORY_UNSPECIFIED' ? '' : m.category,
          idempotencyKey: m.idempotencyKey,
          emergencyReason: m.emergencyReason,
        };
        const valid = validateSend(input, principal, {
          maxBodyChars: 10_000,
          maxIdempotencyKeyChars: 128,
        });
        if (!valid.ok) return { decision: 'REJECT', reasons: valid.reasons };
        const atMs = evaluationTime(Number(call.request.atMs), deps.clock.nowMs());
        const sms: SmsMessage = {
          ...valid.value,
          messageId: newId(),
          tenantId: principal.tenant.id,
          acceptedAtMs: atMs,
        };
        const [e] = await deps.evaluate([sms], { dryRun: true, atMs });
        if (!e) throw new GatewayError('INTERNAL', 'no evaluation');
        return {
          decision: e.decision,
          reasons: e.reasons,
          advisories: e.advisories,
          body: e.sms.body,
          segments: e.segments,
          encoding: e.encoding,
          releaseAtMs: e.releaseAtMs,
        };
      },
      deps.hooks,
    ),
  };
}
