import { GatewayError, type Tenant } from '@smsgw/core';

/** Bounds on what ingress takes on before Kafka has acknowledged it. */
export interface SendAdmissionOptions {
  /** Messages of every tenant between validation and Kafka's acknowledgement, at most. */
  maxInFlight: number;
  /** How long a refused caller should wait when ingress is full (a hint in the error). */
  busyRetryMs?: number;
}

/** Admits the messages of one call, or refuses them with RESOURCE_EXHAUSTED and a retry delay. */
export interface SendAdmission {
  /** Takes `count` messages of `tenant` in; the returned function lets them out again. */
  admit(tenant: Tenant, count: number, nowMs: number): () => void;
  readonly inFlight: number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

const exhausted = (code: string, message: string, retryAfterMs: number): GatewayError =>
  new GatewayError('RESOURCE_EXHAUSTED', message, {
    retryable: true,
    reasons: [{ code, message, retryAfterMs }],
  });

/**
 * Two bounds, so neither one tenant nor all of them together can grow ingress without limit:
 * a global count of messages in flight (a full ingress refuses at once instead of queueing),
 * and a token bucket per tenant (`policy.sendRatePerSecond`, burst `policy.sendBurst`). The
 * buckets are per ingress instance: with N instances a tenant's quota is N times its rate.
 */
export function createSendAdmission(options: SendAdmissionOptions): SendAdmission {
  const busyRetryMs = options.busyRetryMs ?? 100;
  const buckets = new Map<string, Bucket>();
  let inFlight = 0;

  function takeTokens(tenant: Tenant, count: number, nowMs: number): void {
    const { sendRatePerSecond: rate, sendBurst: burst } = tenant.policy;
    if (rate <= 0) return;
    const bucket = buckets.get(tenant.id) ?? { tokens: burst, atMs: nowMs };
    bucket.tokens = Math.min(burst, bucket.tokens + ((nowMs - bucket.atMs) / 1000) * rate);
    bucket.atMs = nowMs;
    buckets.set(tenant.id, bucket);
    if (bucket.tokens < count) {
      const waitMs = Math.ceil(((count - bucket.tokens) / rate) * 1000);
      throw exhausted(
        'RATE_LIMITED',
        `the tenant's sending quota (${rate}/s, burst ${burst}) is used up`,
        waitMs,
      );
    }
    bucket.tokens -= count;
  }

  return {
    admit(tenant, count, nowMs) {
      if (inFlight + count > options.maxInFlight)
        throw exhausted('INGRESS_BUSY', 'ingress has too many messages in flight', busyRetryMs);
      takeTokens(tenant, count, nowMs);
      inFlight += count;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        inFlight -= count;
      };
    },
    get inFlight() {
      return inFlight;
    },
  };
}
