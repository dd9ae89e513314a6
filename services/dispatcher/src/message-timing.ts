import type { Clock, StatusEvent } from '@smsgw/core';
import type { DispatcherMetrics } from './metrics.js';
import { NoRouteError, type ApprovedMessage } from './submit-message.js';

/**
 * A held message not retried for this long has left this instance (its partition moved, or it
 * was decided elsewhere): it stops counting here. A held batch is replayed within 10 s.
 */
const HELD_FORGET_MS = 120_000;

/**
 * Wraps the submitter with the timings an on-call engineer asks about: acceptance to SUBMITTED
 * per category, MO to automatic reply (the opt-out confirmation), and the messages held because
 * no connector is open (how many, and how long the oldest has waited). Nothing per number.
 */
export function withMessageTiming(
  submit: (message: ApprovedMessage) => Promise<StatusEvent>,
  metrics: DispatcherMetrics,
  clock: Clock,
): (message: ApprovedMessage) => Promise<StatusEvent> {
  const held = new Map<string, { acceptedAtMs: number; lastSeenMs: number }>();
  metrics.trackHeld(() => {
    const now = clock.nowMs();
    let oldest = now;
    for (const [id, h] of held) {
      if (now - h.lastSeenMs > HELD_FORGET_MS) held.delete(id);
      else oldest = Math.min(oldest, h.acceptedAtMs);
    }
    return { count: held.size, oldestAgeSeconds: (now - oldest) / 1000 };
  });
  return async (message) => {
    const { sms } = message;
    try {
      const event = await submit(message);
      held.delete(sms.messageId);
      if (event.state === 'SUBMITTED') observeSubmitted(message, event, metrics);
      return event;
    } catch (err) {
      if (err instanceof NoRouteError)
        held.set(sms.messageId, { acceptedAtMs: sms.acceptedAtMs, lastSeenMs: clock.nowMs() });
      throw err;
    }
  };
}

function observeSubmitted(
  message: ApprovedMessage,
  event: StatusEvent,
  metrics: DispatcherMetrics,
): void {
  const seconds = (from: number): number => Math.max(0, event.atMs - from) / 1000;
  metrics.acceptToSubmit.observe(
    { category: message.sms.category },
    seconds(message.sms.acceptedAtMs),
  );
  if (message.autoReplyKind && message.triggerReceivedAtMs)
    metrics.autoReplyLatency.observe(
      { kind: message.autoReplyKind },
      seconds(message.triggerReceivedAtMs),
    );
}
