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
        const sms: SmsMessage = {
          ...valid.value,
          messageId: newId(),
          tenantId: principal.tenant.id,
          acceptedAtMs: deps.clock.nowMs(),
        };
        const [e] = await deps.evaluate([sms], { dryRun: true });
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
