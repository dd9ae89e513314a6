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
import type { SendAdmission } from './send-admission.js';

/** Dependencies of the MessagingService handlers. */
export interface MessagingServiceDeps {
  authenticator: Authenticator;
  acceptor: Acceptor;
  idempotency: IdempotencyStore;
  newMessageId: () => string;
  clock: Clock;
  statusStore: StatusStore;
  limits: SendLimits & { maxBatchMessages: number };
  /** In-flight bound and per-tenant quotas. */
  admission: SendAdmission;
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

  function admit(principal: Principal, count: number, now: number): () => void {
    try {
      return deps.admission.admit(principal.tenant, count, now);
    } catch (err) {
      if (err instanceof GatewayError)
        for (const r of err.reasons) deps.metrics.rejected.inc({ reason: r.code });
      throw err;
    }
  }

  async function accept(
    method: string,
    call: LiveCall,
    principal: Principal,
    sends: ValidSend[],
  ): Promise<SendMessageResponse[]> {
    const now = deps.clock.nowMs();
    const release = admit(principal, sends.length, now);
    try {
      return await acceptAdmitted(method, call, principal, sends, now);
    } finally {
      release();
    }
  }

  async function acceptAdmitted(
    method: string,
    call: LiveCall,
    principal: Principal,
    sends: ValidSend[],
    now: number,
  ): Promise<SendMessageResponse[]> {
    const timer = deps.metrics.acceptLatency.startTimer({ method });
    const plans = await withRedis(() =>
      planSends(principal, sends, deps.newMessageId, deps.idempotency, now),
    );
    const produce = plans.flatMap((p) => (p.kind === 'produce' ? [p] : []));
    // Nobody waits for a call that was cancelled or ran out of time: write nothing for it.
    // Deadlines are wall-clock times, whatever clock the gateway's decisions use.
    ensureLive(call, Date.now());
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
          call,
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
          results: await accept('SendMessages', call, principal, validateAll(principal, messages)),
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

/** What the accept path needs of a call: whether the client is still waiting. */
export interface LiveCall {
  readonly cancelled: boolean;
  getDeadline(): Date | number;
}

/** Throws DEADLINE_EXCEEDED when the client is gone or out of time (nothing is written then). */
export function ensureLive(call: LiveCall, nowMs: number): void {
  const deadline = call.getDeadline();
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  if (call.cancelled || deadlineMs <= nowMs)
    throw new GatewayError('DEADLINE_EXCEEDED', 'the call ended before its messages were written', {
      reasons: [
        {
          code: 'DEADLINE_EXCEEDED',
          message: 'cancelled or past its deadline; nothing was accepted',
        },
      ],
    });
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
