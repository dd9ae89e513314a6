import type { StatusEvent } from '@smsgw/core';
import {
  createProjectionConsumer,
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
}

/** Projects every committed status event into Redis for GetMessage (idempotent, at least once). */
export function createStatusProjector(deps: StatusProjectorDeps): ProjectionConsumer {
  const { namespace, store, metrics } = deps;
  const codec = statusEventCodec();
  const groupId = namespaced(namespace, 'smsgw-ingress-status-projector');
  return createProjectionConsumer({
    kafka: deps.kafka,
    groupId,
    topic: topicNames(namespace).status,
    logger: deps.logger,
    registry: deps.registry,
    stage: groupId,
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
