import { Gauge, metricOnce, type Logger, type Registry } from '@smsgw/observability';
import type { Admin } from 'kafkajs';

/** Options for {@link startLagMonitor}. */
export interface LagMonitorOptions {
  admin: Admin;
  groupId: string;
  topic: string;
  /** The `stage` label (the consuming service's group, without namespace noise). */
  stage: string;
  registry: Registry;
  logger: Logger;
  /** Default 10 s: a scrape every 15 s sees a value at most one interval old. */
  intervalMs?: number;
}

/**
 * Consumer lag per partition, `smsgw_kafka_consumer_lag_messages`: the partition's end offset
 * minus the group's committed offset, read from the broker in the background (never on the
 * scrape: a broker that hangs would make every scrape time out). Every instance of a stage
 * reports the whole group's lag, so dashboards take `max by (stage, partition)`. On a topic
 * written in transactions the end offset counts the commit markers: an idle partition shows 1.
 */
export function startLagMonitor(options: LagMonitorOptions): { stop(): void } {
  const gauge = lagGauge(options.registry);
  const { admin, groupId, topic, stage } = options;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failures = 0;
  const tick = async (): Promise<void> => {
    try {
      const [ends, committed] = await Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({ groupId, topics: [topic] }),
      ]);
      const byPartition = new Map(
        (committed[0]?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]),
      );
      for (const end of ends) {
        const low = BigInt(end.low);
        const done = byPartition.get(end.partition) ?? -1n;
        const from = done < low ? low : done;
        const lag = BigInt(end.high) - from;
        gauge.set({ stage, topic, partition: String(end.partition) }, Number(lag < 0n ? 0n : lag));
      }
      failures = 0;
    } catch (err) {
      // The stage logs the outage itself; one line here per outage, not per tick.
      if (failures++ === 0) options.logger.warn({ err, stage }, 'consumer lag unreadable');
    }
  };
  const loop = (): void => {
    void tick().finally(() => {
      if (stopped) return;
      timer = setTimeout(loop, options.intervalMs ?? 10_000);
      timer.unref();
    });
  };
  loop();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

function lagGauge(registry: Registry): Gauge {
  const name = 'smsgw_kafka_consumer_lag_messages';
  return metricOnce(
    registry,
    name,
    () =>
      new Gauge({
        name,
        help: "Records of a stage's input partition not yet committed by its consumer group",
        labelNames: ['stage', 'topic', 'partition'],
        registers: [registry],
      }),
  );
}
