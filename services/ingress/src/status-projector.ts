import type { StatusEvent } from '@smsgw/core';
import {
  createProjectionConsumer,
  namespaced,
  topicNames,
  type Kafka,
  type ProjectionConsumer,
} from '@smsgw/kafka';
import type { Logger } from '@smsgw/observability';
import { statusEventCodec } from '@smsgw/proto';
import type { StatusStore } from '@smsgw/redis';
import type { IngressMetrics } from './metrics.js';

/** Projects every committed status event into Redis for GetMessage (idempotent, at least once). */
export function createStatusProjector(
  namespace: string,
  kafka: Kafka,
  store: StatusStore,
  metrics: IngressMetrics,
  logger: Logger,
): ProjectionConsumer {
  const codec = statusEventCodec();
  return createProjectionConsumer({
    kafka,
    groupId: namespaced(namespace, 'smsgw-ingress-status-projector'),
    topic: topicNames(namespace).status,
    logger,
    async apply(records) {
      const events = records.map((r) => ({
        event: codec.decode(r.value) as StatusEvent,
        encoded: r.value,
      }));
      await store.appendEncoded(events);
      metrics.projected.inc(events.length);
    },
  });
}
