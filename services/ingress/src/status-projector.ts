import type { StatusEvent } from '@smsgw/core';
import {
  createDeadLetters,
  createProjectionConsumer,
  decodeEach,
  type BatchingProducer,
  namespaced,
  topicNames,
  type Kafka,
  type ProjectionConsumer,
} from '@smsgw/kafka';
import type { Logger, Registry } from '@smsgw/observability';
import { statusEventCodec } from '@smsgw/proto';
import type { StatusStore } from '@smsgw/redis';
import type { IngressMetrics } from './metrics.js';

/** What the status projector reads from and writes to. */
export interface StatusProjectorDeps {
  namespace: string;
  kafka: Kafka;
  store: StatusStore;
  metrics: IngressMetrics;
  registry: Registry;
  logger: Logger;
  /** Writes the dead letters of undecodable status records (at least once, like the projection). */
  producer: BatchingProducer;
}

/** Projects every committed status event into Redis for GetMessage (idempotent, at least once). */
export function createStatusProjector(deps: StatusProjectorDeps): ProjectionConsumer {
  const { namespace, store, metrics } = deps;
  const codec = statusEventCodec();
  const groupId = namespaced(namespace, 'smsgw-ingress-status-projector');
  const topics = topicNames(namespace);
  const deadLetters = createDeadLetters({
    registry: deps.registry,
    stage: groupId,
    inputTopic: topics.status,
    deadLetterTopic: topics.deadLetter,
  });
  return createProjectionConsumer({
    kafka: deps.kafka,
    groupId,
    topic: topics.status,
    logger: deps.logger,
    registry: deps.registry,
    stage: groupId,
    async apply(records) {
      // An undecodable record would fail this batch on every redelivery: set aside, not retried.
      const { decoded, dead } = decodeEach(records, (r) => codec.decode(r.value), deadLetters);
      if (dead.length > 0) await deps.producer.send(dead);
      const events = decoded.map(({ record, value }) => ({
        event: value as StatusEvent,
        encoded: record.value,
      }));
      await store.appendEncoded(events);
      metrics.projected.inc(events.length);
    },
  });
}
