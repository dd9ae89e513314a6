import { authorize, unary, type Authenticator } from '@smsgw/grpc';
import {
  GatewayError,
  currentState,
  isMessageId,
  validateSend,
  type Clock,
  type Principal,
  type Reason,
  type SendLimits,
  type StatusEvent,
  type ValidSend,
} from '@smsgw/core';
import type { Logger } from '@smsgw/observability';
import type {
  GetMessageResponse,
  MessagingServiceHandlers,
  SendMessageRequest__Output,
  SendMessageResponse,
} from '@smsgw/proto';
import type { StatusStore } from '@smsgw/redis';
import type { IdempotencyStore } from '@smsgw/redis';
import type { Acceptor } from './acceptor.js';
import { planSends, type Planned } from './idempotency.js';
import type { IngressMetrics } from './metrics.js';

/** Dependencies of the MessagingService handlers. */
export interface MessagingServiceDeps {
  authenticator: Authenticator;
  acceptor: Acceptor;
  idempotency: IdempotencyStore;
  newMessageId: () => string;
  clock: Clock;
  statusStore: StatusStore;
  limits: SendLimits & { maxBatchMessages: number };
  metrics: IngressMetrics;
  logger: Logger;
}

/** smsgw.v1.MessagingService: SendMessage, SendMessages, GetMessage. */
export function createMessagingService(deps: MessagingServiceDeps): MessagingServiceHandlers {
  const hooks = {
    onUnexpected: (err: unknown, method: string) =>
      deps.logger.error({ err, method }, 'unexpected error'),
    onDone: (method: string, code: string) => deps.metrics.requests.inc({ method, code }),
  };

  function validateAll(
    principal: Principal,
    requests: readonly SendMessageRequest__Output[],
  ): ValidSend[] {
    const valid: ValidSend[] = [];
    const reasons: Reason[] = [];
    requests.forEach((request, index) => {
      const result = validateSend(toSendInput(request), principal, deps.limits);
      if (result.ok) valid.push(result.value);
      else reasons.push(...result.reasons.map((r) => (requests.length > 1 ? { ...r, index } : r)));
    });
    if (reasons.length > 0) {
      for (const r of reasons) deps.metrics.rejected.inc({ reason: r.code });
      throw new GatewayError('INVALID_ARGUMENT', 'message refused', { reasons });
    }
    return valid;
  }

  async function accept(
    method: string,
    principal: Principal,
    sends: ValidSend[],
  ): Promise<SendMessageResponse[]> {
    const timer = deps.metrics.acceptLatency.startTimer({ method });
    const now = deps.clock.nowMs();
    const plans = await withRedis(() =>
      planSends(principal, sends, deps.newMessageId, deps.idempotency, now),
    );
    const produce = plans.flatMap((p) => (p.kind === 'produce' ? [p] : []));
    const { results, events } = await deps.acceptor.accept(principal, produce, now);
    // A key re-sent after a crash now carries this request's accept time.
    await withRedis(() =>
      deps.idempotency.accept(
        produce.flatMap((p) =>
          p.claim ? [{ ...p.claim, record: { ...p.claim.record, acceptedAtMs: now } }] : [],
        ),
      ),
    );
    timer();
    for (const p of produce)
      deps.metrics.accepted.inc({ tenant: principal.tenant.id, category: p.send.category });
    // Read-your-writes for GetMessage; the projector writes the same events again (idempotent).
    deps.statusStore
      .append(events)
      .catch((err: unknown) =>
        deps.logger.warn({ err }, 'status projection write failed; the projector will catch up'),
      );
    const produced = new Map(
      produce.map((p, i) => [p, results[i] as { messageId: string; acceptedAtMs: number }]),
    );
    const answer = (p: Planned): SendMessageResponse => {
      if (p.kind === 'produce')
        return {
          ...(produced.get(p) as { messageId: string; acceptedAtMs: number }),
          state: 'ACCEPTED',
        };
      if (p.kind === 'existing')
        return { messageId: p.messageId, acceptedAtMs: p.acceptedAtMs, state: 'ACCEPTED' };
      return answer(plans[p.index] as Planned);
    };
    return plans.map(answer);
  }

  return {
    SendMessage: unary(
      'SendMessage',
      async (call) => {
        const principal = authorize(call.metadata, deps.authenticator, 'messages:send');
        const [response] = await accept(
          'SendMessage',
          principal,
          validateAll(principal, [call.request]),
        );
        return response as SendMessageResponse;
      },
      hooks,
    ),

    SendMessages: unary(
      'SendMessages',
      async (call) => {
        const principal = authorize(call.metadata, deps.authenticator, 'messages:send');
        const { messages } = call.request;
        if (messages.length === 0)
          throw invalid('EMPTY_BATCH', 'messages', 'batch has no messages');
        if (messages.length > deps.limits.maxBatchMessages) {
          throw invalid(
            'BATCH_TOO_LARGE',
            'messages',
            `batch has ${messages.length} messages; at most ${deps.limits.maxBatchMessages}`,
          );
        }
        return {
          results: await accept('SendMessages', principal, validateAll(principal, messages)),
        };
      },
      hooks,
    ),

    GetMessage: unary(
      'GetMessage',
      async (call): Promise<GetMessageResponse> => {
        const principal = authorize(call.metadata, deps.authenticator, 'messages:read');
        const { messageId } = call.request;
        if (!isMessageId(messageId))
          throw invalid('INVALID_MESSAGE_ID', 'message_id', 'not a message id');
        const history = await readHistory(deps.statusStore, principal.tenant.id, messageId);
        if (history.length === 0) throw new GatewayError('NOT_FOUND', 'no such message');
        return { messageId, state: currentState(history) ?? 'MESSAGE_STATE_UNSPECIFIED', history };
      },
      hooks,
    ),
  };
}

/** Redis trouble on the accept path is UNAVAILABLE (retry), never INTERNAL. */
async function withRedis<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof GatewayError) throw err;
    throw new GatewayError('UNAVAILABLE', 'idempotency store unavailable', {
      retryable: true,
      cause: err,
    });
  }
}

async function readHistory(
  store: StatusStore,
  tenantId: string,
  messageId: string,
): Promise<StatusEvent[]> {
  try {
    return await store.history(tenantId, messageId);
  } catch (err) {
    throw new GatewayError('UNAVAILABLE', 'status store unavailable', {
      retryable: true,
      cause: err,
    });
  }
}

function toSendInput(request: SendMessageRequest__Output) {
  return {
    to: request.to,
    from: request.from,
    body: request.body,
    category: request.category === 'CATEGORY_UNSPECIFIED' ? '' : request.category,
    idempotencyKey: request.idempotencyKey,
    emergencyReason: request.emergencyReason,
  };
}

function invalid(code: string, field: string, message: string): GatewayError {
  return new GatewayError('INVALID_ARGUMENT', message, { reasons: [{ code, field, message }] });
}
