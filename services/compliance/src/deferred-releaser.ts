import type { Clock } from '@smsgw/core';
import type { BatchingProducer, TopicNames } from '@smsgw/kafka';
import type { Logger } from '@smsgw/observability';
import { acceptedEventCodec } from '@smsgw/proto';
import type { DeferredQueue } from '@smsgw/redis';

/** Options for {@link startDeferredReleaser}. */
export interface DeferredReleaserOptions {
  deferred: DeferredQueue;
  producer: BatchingProducer;
  topics: TopicNames;
  clock: Clock;
  intervalMs: number;
  logger: Logger;
  onReleased: (count: number) => void;
}

/** How long a claimed message stays claimed before another release attempt may take it. */
const LEASE_MS = 60_000;

/**
 * Releases deferred messages when due: claims them (with a lease), writes them back to
 * `accepted` so they are evaluated again (consent may have changed meanwhile), then removes
 * them. A crash between the write and the removal releases them twice; the decision marker
 * makes the second one a no-op.
 */
export function startDeferredReleaser(options: DeferredReleaserOptions): {
  stop(): Promise<void>;
  tick(): Promise<number>;
} {
  const codec = acceptedEventCodec();
  let running: Promise<number> = Promise.resolve(0);
  async function tick(): Promise<number> {
    const due = await options.deferred.claimDue(options.clock.nowMs(), LEASE_MS, 500);
    if (due.length === 0) return 0;
    await options.producer.send(
      due.map((payload) => ({
        topic: options.topics.accepted,
        key: codec.decode(payload).sms?.to ?? '',
        value: payload,
      })),
    );
    await options.deferred.acknowledge(due);
    options.onReleased(due.length);
    return due.length;
  }
  const timer = setInterval(() => {
    running = running.then(tick).catch((err: unknown) => {
      options.logger.warn({ err }, 'deferred release failed; will retry');
      return 0;
    });
  }, options.intervalMs);
  return {
    tick: () => (running = running.then(tick)),
    async stop() {
      clearInterval(timer);
      await running.catch(() => 0);
    },
  };
}

/** How often the deferred queue's depth and overdue age are read for the metrics. */
const STATS_INTERVAL_MS = 10_000;

/**
 * Reports the deferred queue's depth and how long its earliest entry has been due (a releaser
 * that stopped releasing shows as a growing overdue age), read in the background every 10 s.
 */
export function startDeferredStats(
  deferred: DeferredQueue,
  clock: Clock,
  report: (depth: number, overdueSeconds: number) => void,
): { stop(): void } {
  const read = async (): Promise<void> => {
    const { depth, earliestReleaseMs } = await deferred.stats();
    const overdue = earliestReleaseMs === undefined ? 0 : clock.nowMs() - earliestReleaseMs;
    report(depth, Math.max(0, overdue) / 1000);
  };
  void read().catch(() => undefined);
  const timer = setInterval(() => void read().catch(() => undefined), STATS_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
