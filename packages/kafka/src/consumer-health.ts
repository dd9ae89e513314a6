import type { ProbeCheck } from '@smsgw/observability';
import type { Consumer } from 'kafkajs';

/** What a consumer's events say about it: group membership and fetch progress. */
export interface ConsumerHealth {
  /**
   * Has joined its group and not stopped or crashed since. A rebalance does not clear it: every
   * scale-out rebalances all members, and taking them all out of service for it would turn a
   * routine event into an outage. The assignment may be empty (more members than partitions).
   */
  readonly joined: boolean;
  /** When the fetch loop last started a fetch (ms since epoch; 0 before the first). */
  readonly lastFetchAtMs: number;
  /** The consumer stopped on an error it does not retry (kafkajs CRASH without restart). */
  readonly crashed: boolean;
  /**
   * Resolves with the error when the consumer stops for good (a crash kafkajs does not restart
   * from): the service can no longer do its work and should exit so its supervisor restarts it,
   * instead of living on without consuming.
   */
  readonly gaveUp: Promise<Error>;
}

/**
 * A fetch loop that has not started a fetch this long is not making progress (a fetch waits
 * 20–50 ms for data; a batch blocked on a bind heartbeats but does not fetch, so this also
 * covers a handler that never returns: the stage's timeouts end a healthy wait long before).
 */
const FETCH_STALL_MS = 5 * 60_000;

/** Follows `consumer`'s instrumentation events. */
export function watchConsumer(consumer: Consumer): ConsumerHealth {
  let giveUp: (err: Error) => void = () => undefined;
  const gaveUp = new Promise<Error>((resolve) => (giveUp = resolve));
  const state = { joined: false, lastFetchAtMs: 0, crashed: false, gaveUp };
  consumer.on(consumer.events.GROUP_JOIN, () => {
    state.joined = true;
    state.crashed = false;
  });
  consumer.on(consumer.events.STOP, () => (state.joined = false));
  consumer.on(consumer.events.FETCH_START, () => (state.lastFetchAtMs = Date.now()));
  consumer.on(consumer.events.CRASH, (e) => {
    if (!e.payload.restart) {
      state.crashed = true;
      giveUp(e.payload.error);
    }
    state.joined = false;
  });
  return state;
}

/** Readiness (`<name>-group`: joined, not crashed) and liveness (`<name>-fetch`: fetching). */
export function consumerProbes(
  name: string,
  health: ConsumerHealth,
): { readiness: ProbeCheck; liveness: ProbeCheck } {
  return {
    // A crash clears `joined` too.
    readiness: { name: `${name}-group`, check: () => health.joined },
    liveness: {
      name: `${name}-fetch`,
      // Before the first join there is nothing to fetch yet: readiness says so, not liveness.
      check: () =>
        !health.crashed &&
        (health.lastFetchAtMs === 0 || Date.now() - health.lastFetchAtMs < FETCH_STALL_MS),
    },
  };
}
