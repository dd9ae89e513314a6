import { createMessageIdGenerator, systemClock, type Clock } from '@smsgw/core';
import { grpcServerTls, kafkaSecurity, redisSecurity, type TenantDirectory } from '@smsgw/config';
import {
  serveGrpc,
  createGrpcServer,
  healthFollowsReadiness,
  shutdownGrpcServer,
  strictUtf8,
} from '@smsgw/grpc';
import { consumerProbes, createBatchingProducer, createKafka, topicNames } from '@smsgw/kafka';
import { createProbes, startMetricsServer, type Logger, type Registry } from '@smsgw/observability';
import { messagingProto } from '@smsgw/proto';
import {
  createIdempotencyStore,
  createRedis,
  createStatusStore,
  instrumentRedis,
  requireSafeRedis,
} from '@smsgw/redis';
import { createSendAdmission } from './send-admission.js';
import { createAcceptor } from './acceptor.js';
import type { IngressConfig } from './config.js';
import { createMessagingService } from './messaging-service.js';
import { createIngressMetrics } from './metrics.js';
import { createStatusProjector } from './status-projector.js';

/** What the ingress composition needs from its caller. */
export interface IngressDeps {
  logger: Logger;
  registry: Registry;
  tenants: TenantDirectory;
  clock?: Clock;
}

/** A running ingress. */
export interface Ingress {
  grpcPort: number;
  metricsPort: number;
  /** Resolves when a Kafka consumer of it gave up for good (see ConsumerHealth.gaveUp). */
  failed: Promise<Error>;
  stop(): Promise<void>;
}

/** Starts the ingress: Kafka producer, Redis, status projector, gRPC server, /metrics. */
export async function startIngress(config: IngressConfig, deps: IngressDeps): Promise<Ingress> {
  const { logger, registry } = deps;
  const metrics = createIngressMetrics(registry);
  const kafka = createKafka({
    brokers: config.kafkaBrokers,
    clientId: 'smsgw-ingress',
    logger,
    security: kafkaSecurity(config),
  });
  const producer = createBatchingProducer(kafka, { lingerMs: config.kafkaLingerMs });
  const redis = createRedis({
    url: config.redisUrl,
    connectionName: 'smsgw-ingress',
    ...redisSecurity(config),
    maxRetriesPerRequest: 2,
    onError: (err) => logger.warn({ err: err.message }, 'redis connection error'),
  });
  const redisMetrics = instrumentRedis(redis, registry);
  const statusStore = createStatusStore(redis, { retentionSeconds: config.statusRetentionSeconds });
  await redis.connect();
  await requireSafeRedis(redis, config.redisAllowUnsafe, logger);
  await producer.connect();
  const projector = createStatusProjector({
    namespace: config.kafkaNamespace,
    kafka,
    store: statusStore,
    metrics,
    registry,
    logger,
    producer,
  });
  await projector.start();
  const probes = createProbes();
  const projection = consumerProbes('status-projector', projector.health);
  probes.addReadiness(redisMetrics.readiness);
  probes.addReadiness({ name: 'kafka-producer', check: () => producer.healthy });
  // Not the projector's group: GetMessage answers from Redis meanwhile, and accepting does not need it.
  probes.addLiveness(projection.liveness);

  const clock = deps.clock ?? systemClock;
  const acceptor = createAcceptor({ producer, topics: topicNames(config.kafkaNamespace) });
  const idempotency = createIdempotencyStore(redis, config.idempotencyTtlSeconds * 1000);
  const server = createGrpcServer();
  server.addService(
    strictUtf8(messagingProto().smsgw.v1.MessagingService.service),
    createMessagingService({
      authenticator: deps.tenants,
      acceptor,
      statusStore,
      metrics,
      logger,
      idempotency,
      clock,
      newMessageId: createMessageIdGenerator({ clock }),
      limits: { ...config, maxIdempotencyKeyChars: 128 },
      admission: createSendAdmission({ maxInFlight: config.maxInFlight }),
    }),
  );
  const { port: grpcPort, health } = await serveGrpc(server, {
    services: ['smsgw.v1.MessagingService'],
    protoFiles: ['smsgw/v1/messaging.proto'],
    host: config.grpcHost,
    port: config.grpcPort,
    tls: grpcServerTls(config),
  });
  const metricsServer = await startMetricsServer(registry, config.metricsPort, {
    host: config.metricsHost,
    probes,
  });
  const stopHealth = healthFollowsReadiness(health, probes, ['smsgw.v1.MessagingService']);
  logger.info({ grpcPort, metricsPort: metricsServer.port }, 'ingress started');

  return {
    grpcPort,
    metricsPort: metricsServer.port,
    failed: projector.health.gaveUp,
    async stop() {
      stopHealth();
      health.shutdown();
      await shutdownGrpcServer(server, 5000);
      await producer.disconnect();
      await projector.stop();
      redisMetrics.stop();
      redis.disconnect();
      await metricsServer.close();
    },
  };
}
