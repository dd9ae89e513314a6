import { systemClock, type Clock } from '@smsgw/core';
import { createKafka, createTransactionalStage, namespaced, topicNames } from '@smsgw/kafka';
import { startMetricsServer, type Logger, type Registry } from '@smsgw/observability';
import type { ComplianceConfig } from './config.js';
import { createBatchEvaluator } from './evaluate-batch.js';
import { createComplianceMetrics } from './metrics.js';

/** What the compliance composition needs from its caller. */
export interface ComplianceDeps {
  logger: Logger;
  registry: Registry;
  clock?: Clock;
}

/** A running compliance evaluator. */
export interface Compliance {
  metricsPort: number;
  stop(): Promise<void>;
}

/** Starts the evaluator as a transactional consume-transform-produce loop on `accepted`. */
export async function startCompliance(config: ComplianceConfig, deps: ComplianceDeps): Promise<Compliance> {
  const { logger, registry } = deps;
  const metrics = createComplianceMetrics(registry);
  const topics = topicNames(config.kafkaNamespace);
  const evaluate = createBatchEvaluator(topics, deps.clock ?? systemClock);
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'smsgw-compliance', logger });
  const stage = createTransactionalStage({
    kafka,
    service: namespaced(config.kafkaNamespace, 'smsgw-compliance'),
    groupId: namespaced(config.kafkaNamespace, 'smsgw-compliance'),
    inputTopic: topics.accepted,
    logger,
    registry,
    partitionsConsumedConcurrently: config.partitionsConcurrently,
    async handle(records) {
      const out = await evaluate(records);
      metrics.decisions.inc({ decision: 'APPROVE' }, records.length);
      return out;
    },
  });
  await stage.start();
  const metricsServer = await startMetricsServer(registry, config.metricsPort);
  logger.info({ metricsPort: metricsServer.port }, 'compliance started');
  return {
    metricsPort: metricsServer.port,
    async stop() {
      await stage.stop();
      await metricsServer.close();
    },
  };
}
