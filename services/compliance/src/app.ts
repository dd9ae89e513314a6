import { systemClock, type Clock } from '@smsgw/core';
import { grpcServerTls, kafkaSecurity, redisSecurity, type TenantDirectory } from '@smsgw/config';
import {
  serveGrpc,
  createGrpcServer,
  healthFollowsReadiness,
  shutdownGrpcServer,
  strictUtf8,
} from '@smsgw/grpc';
import {
  consumerProbes,
  createBatchingProducer,
  createDeadLetters,
  createKafka,
  createTransactionalStage,
  namespaced,
  topicNames,
} from '@smsgw/kafka';
import { createProbes, startMetricsServer, type Logger, type Registry } from '@smsgw/observability';
import { complianceProto } from '@smsgw/proto';
import { createRedis, createStatusReader, instrumentRedis, requireSafeRedis } from '@smsgw/redis';
import { createConsentService } from './api/consent-service.js';
import { createEvaluateService } from './api/evaluate-service.js';
import { createReportService } from './api/report-service.js';
import type { ComplianceConfig } from './config.js';
import { createComplianceCore } from './core-services.js';
import { createDecisionHandler } from './decide-batch.js';
import { startDeferredReleaser, startDeferredStats } from './deferred-releaser.js';
import { createInboundHandler } from './inbound/inbound-handler.js';
import { replySubmittedAtFrom } from './report/audit-port.js';
import { createComplianceMetrics } from './metrics.js';

/** What the compliance composition needs from its caller. */
export interface ComplianceDeps {
  logger: Logger;
  registry: Registry;
  tenants: TenantDirectory;
  clock?: Clock;
}

/** A running compliance evaluator. */
export interface Compliance {
  grpcPort: number;
  metricsPort: number;
  /** Resolves when a Kafka consumer of it gave up for good (see ConsumerHealth.gaveUp). */
  failed: Promise<Error>;
  /** Releases due deferred messages now (tests with an injected clock). */
  releaseDue(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the evaluator: the `accepted` and `inbound` stages, the deferred releaser and the gRPC API. */
export async function startCompliance(
  config: ComplianceConfig,
  deps: ComplianceDeps,
): Promise<Compliance> {
  const { logger, registry } = deps;
  const clock = deps.clock ?? systemClock;
  const metrics = createComplianceMetrics(registry);
  const topics = topicNames(config.kafkaNamespace);
  // Fail closed: commands wait for Redis instead of failing fast; a stage whose batch fails
  // aborts, pauses its partition and replays, so nothing is approved unverified.
  const redis = createRedis({
    url: config.redisUrl,
    connectionName: 'smsgw-compliance',
    ...redisSecurity(config),
    maxRetriesPerRequest: 3,
    onError: (err) => logger.warn({ err: err.message }, 'redis connection error'),
  });
  const redisMetrics = instrumentRedis(redis, registry);
  await redis.connect();
  await requireSafeRedis(redis, config.redisAllowUnsafe, logger);
  const tenants = deps.tenants.tenants();
  const core = await createComplianceCore(config, tenants, redis, metrics, logger, clock);
  const kafka = createKafka({
    brokers: config.kafkaBrokers,
    clientId: 'smsgw-compliance',
    logger,
    security: kafkaSecurity(config),
  });
  const producer = createBatchingProducer(kafka);
  await producer.connect();
  const stage = (
    input: string,
    name: string,
    handle: Parameters<typeof createTransactionalStage>[0]['handle'],
  ) =>
    createTransactionalStage({
      kafka,
      service: namespaced(config.kafkaNamespace, name),
      groupId: namespaced(config.kafkaNamespace, name),
      inputTopic: input,
      logger,
      registry,
      partitionsConsumedConcurrently: config.partitionsConcurrently,
      handle,
    });
  const deadLetters = (input: string, name: string) =>
    createDeadLetters({
      registry,
      stage: namespaced(config.kafkaNamespace, name),
      inputTopic: input,
      deadLetterTopic: topics.deadLetter,
    });
  const decisions = stage(
    topics.accepted,
    'smsgw-compliance',
    createDecisionHandler({
      ...core,
      countOptedOutRefusals: (refusals) => core.auditStore.countOptedOutRefusals(refusals),
      topics,
      clock,
      metrics,
      logger,
      deadLetters: deadLetters(topics.accepted, 'smsgw-compliance'),
    }),
  );
  const inbound = stage(
    topics.inbound,
    'smsgw-compliance-inbound',
    createInboundHandler({
      tenants,
      consent: core.consent,
      blooms: core.blooms,
      markers: core.markers,
      audit: core.auditStore,
      topics,
      clock,
      recipients: core.recipients,
      metrics,
      deadLetters: deadLetters(topics.inbound, 'smsgw-compliance-inbound'),
    }),
  );
  await Promise.all([decisions.start(), inbound.start()]);
  const probes = createProbes();
  probes.addReadiness(redisMetrics.readiness);
  for (const [name, s] of [
    ['decisions', decisions],
    ['inbound', inbound],
  ] as const) {
    const p = consumerProbes(name, s.health);
    probes.addReadiness(p.readiness);
    probes.addLiveness(p.liveness);
  }
  const releaser = startDeferredReleaser({
    deferred: core.deferred,
    producer,
    topics,
    clock,
    intervalMs: config.releaseIntervalMs,
    logger,
    onReleased: (n) => metrics.released.inc(n),
  });
  const deferredStats = startDeferredStats(core.deferred, clock, (depth, overdue) => {
    metrics.deferredDepth.set(depth);
    metrics.deferredOverdue.set(overdue);
  });
  const rebuild =
    config.bloomRebuildHours > 0
      ? setInterval(
          () =>
            void core.blooms
              .rebuildAll()
              .catch((err: unknown) => logger.warn({ err }, 'bloom rebuild failed')),
          config.bloomRebuildHours * 3_600_000,
        )
      : undefined;
  rebuild?.unref();

  const hooks = {
    onUnexpected: (err: unknown, method: string) =>
      logger.error({ err, method }, 'unexpected error'),
  };
  const server = createGrpcServer();
  const proto = complianceProto().smsgw.v1;
  server.addService(strictUtf8(proto.ComplianceService.service), {
    ...createEvaluateService({
      authenticator: deps.tenants,
      evaluate: core.evaluate,
      clock,
      hooks,
    }),
    ...createReportService({
      authenticator: deps.tenants,
      audit: core.auditStore,
      replySubmittedAt: replySubmittedAtFrom(createStatusReader(redis)),
      clock,
      hooks,
    }),
  });
  server.addService(
    strictUtf8(proto.ConsentService.service),
    createConsentService({
      authenticator: deps.tenants,
      consent: core.consent,
      blooms: core.blooms,
      clock,
      recipients: core.recipients,
      hooks,
    }),
  );
  const grpcServices = ['smsgw.v1.ComplianceService', 'smsgw.v1.ConsentService'];
  const { port: grpcPort, health } = await serveGrpc(server, {
    services: grpcServices,
    protoFiles: ['smsgw/v1/compliance.proto'],
    host: config.grpcHost,
    port: config.grpcPort,
    tls: grpcServerTls(config),
  });
  const stopHealth = healthFollowsReadiness(health, probes, grpcServices);
  const metricsServer = await startMetricsServer(registry, config.metricsPort, {
    host: config.metricsHost,
    probes,
  });
  logger.info({ grpcPort, metricsPort: metricsServer.port }, 'compliance started');
  return {
    grpcPort,
    metricsPort: metricsServer.port,
    failed: Promise.race([decisions.health.gaveUp, inbound.health.gaveUp]),
    releaseDue: () => releaser.tick(),
    async stop() {
      stopHealth();
      health.shutdown();
      if (rebuild) clearInterval(rebuild);
      await shutdownGrpcServer(server, 5000);
      deferredStats.stop();
      await releaser.stop();
      await Promise.all([decisions.stop(), inbound.stop()]);
      await producer.disconnect();
      redisMetrics.stop();
      redis.disconnect();
      await metricsServer.close();
    },
  };
}
