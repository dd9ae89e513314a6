import { systemClock, type Clock } from '@smsgw/core';
import {
  consumerProbes,
  createBatchingProducer,
  createDeadLetters,
  createKafka,
  createTransactionalStage,
  LONG_OUTAGE_RETRY,
  namespaced,
  topicNames,
} from '@smsgw/kafka';
import { hostname } from 'node:os';
import {
  createProbes,
  startMetricsServer,
  type Logger,
  type Probes,
  type Registry,
} from '@smsgw/observability';
import {
  createCarrierMap,
  createDispatchLedger,
  createMoPartStore,
  createRedis,
  createStatusReader,
  instrumentRedis,
  requireSafeRedis,
  type Fence,
} from '@smsgw/redis';
import {
  grpcServerTls,
  kafkaSecurity,
  redisSecurity,
  type WatchedTenantDirectory,
} from '@smsgw/config';
import { openTenants } from '@smsgw/runtime';
import {
  serveGrpc,
  createGrpcServer,
  healthFollowsReadiness,
  shutdownGrpcServer,
  type Server,
  strictUtf8,
} from '@smsgw/grpc';
import { adminProto } from '@smsgw/proto';
import { createAdminService } from './admin-service.js';
import { openConnector } from './connector-pool.js';
import { createDeliverHandler } from './deliver-handler.js';
import { requireLedgerOutlivesInput } from './ledger-retention.js';
import type { DispatcherConfig } from './config.js';
import { createDispatcherMetrics } from './metrics.js';
import { createBatchSubmitter } from './submit-batch.js';
import { withMessageTiming } from './message-timing.js';
import { createMessageSubmitter, type Connector } from './submit-message.js';

/** How long a message's ledger entry is kept: longer than any replay can come. */
const LEDGER_TTL_MS = 7 * 86_400_000;
/** Retries of a receipt or MO write (100 ms doubling to 1 s each, longer while the broker is unreachable): 10 minutes at least. */
const RECEIPT_WRITE_RETRIES = 600;
/** How long a stopping dispatcher waits for the batch in flight before closing its binds. */
const STOP_GRACE_MS = 10_000;
/** Receipts can come days later (validity periods); carrier ids are kept for 3 days. */
const CARRIER_ID_TTL_MS = 3 * 86_400_000;

/** What the dispatcher composition needs from its caller. */
export interface DispatcherDeps {
  logger: Logger;
  registry: Registry;
  clock?: Clock;
}

/** A running dispatcher. */
export interface Dispatcher {
  metricsPort: number;
  /** Resolves when a Kafka consumer of it gave up for good (see ConsumerHealth.gaveUp). */
  failed: Promise<Error>;
  /** Port of the DispatcherAdmin gRPC service (absent without a tenants file). */
  adminPort: number | undefined;
  stop(): Promise<void>;
}

/** Starts the dispatcher: a bind pool per connector and a transactional loop on `approved`. */
export async function startDispatcher(
  config: DispatcherConfig,
  deps: DispatcherDeps,
): Promise<Dispatcher> {
  const { logger, registry } = deps;
  const metrics = createDispatcherMetrics(registry);
  const clock = deps.clock ?? systemClock;
  const topics = topicNames(config.kafkaNamespace);
  // Fail closed like compliance: without the ledger nothing is submitted (the batch waits).
  const redis = createRedis({
    url: config.redisUrl,
    connectionName: 'smsgw-dispatcher',
    ...redisSecurity(config),
    maxRetriesPerRequest: 3,
    onError: (err) => logger.warn({ err: err.message }, 'redis connection error'),
  });
  const redisMetrics = instrumentRedis(redis, registry);
  await redis.connect();
  await requireSafeRedis(redis, config.redisAllowUnsafe, logger);
  const carriers = createCarrierMap(redis, CARRIER_ID_TTL_MS);
  const security = kafkaSecurity(config);
  const kafka = createKafka({
    brokers: config.kafkaBrokers,
    clientId: 'smsgw-dispatcher',
    logger,
    security,
  });
  // Before anything is consumed: a replay the ledger has forgotten would be sent again.
  await requireLedgerOutlivesInput(kafka, topics.approved, LEDGER_TTL_MS);
  // Receipts and MO ride out a broker outage on one producer id: kafkajs resends with the same
  // sequence numbers and the broker drops what had already landed. Given up (and replaced, with a
  // new id) sooner, a write that landed before its answer was lost would be written again when
  // the SMSC redelivers: with 27 s of retries, a broker restart on a busy machine (a graceful
  // stop of up to 20 s, then the start) outlasted them and the chaos suite saw DELIVERED twice.
  // The deliver_sm waits unacknowledged meanwhile (the SMSC's copies share the first's outcome;
  // past 1,000 unacknowledged the SMSC is throttled), so nothing piles up without bound.
  // Its own client: kafkajs reconnects inside a send with the client's retry budget, not the
  // producer's, so the producer's 10 minutes hold only with a client that retries as long.
  const receiptsKafka = createKafka({
    brokers: config.kafkaBrokers,
    clientId: 'smsgw-dispatcher-receipts',
    logger,
    retry: LONG_OUTAGE_RETRY,
    security,
  });
  const producer = createBatchingProducer(receiptsKafka, { retries: RECEIPT_WRITE_RETRIES });
  await producer.connect();
  const statuses = createStatusReader(redis);
  const deliveries: ReturnType<typeof createDeliverHandler>[] = [];
  const moParts = createMoPartStore(redis, { timeoutMs: config.moReassemblyTimeoutMs });
  // One deliver handler per connector: receipts are correlated in that carrier's id space.
  const connectors: Connector[] = config.connectors.map((c) => {
    metrics.initConnector(c.name);
    const handler = createDeliverHandler({
      connector: c.name,
      dlrIdFormat: c.dlrIdFormat,
      carriers,
      statuses,
      producer,
      topics,
      clock,
      metrics,
      logger,
      moParts,
    });
    deliveries.push(handler);
    return openConnector(c, { logger, metrics, onDeliverSm: handler.onDeliverSm });
  });
  const owner = `${hostname()}-${process.pid}-${Date.now()}`;
  const group = namespaced(config.kafkaNamespace, 'smsgw-dispatcher');
  const ledger = createDispatchLedger(redis, LEDGER_TTL_MS, {
    onRestore: ({ restored, journal }) => {
      metrics.ledgerRestores.inc(restored);
      logger.error(
        { restored, journal },
        'Redis lost ledger writes it had answered (it restarted from an append-only file behind its answers); the journal wrote them again',
      );
    },
  });
  // The fence token this instance holds per input partition: its claims carry it, so once the
  // group gives a partition to another instance, this one submits nothing more from it.
  const fences = new Map<number, Fence>();
  const submit = withMessageTiming(
    createMessageSubmitter({
      connectors,
      clock,
      metrics,
      carrierTtlMs: CARRIER_ID_TTL_MS,
      validityMs: config.messageValiditySeconds * 1000,
      retryDelayMs: 200,
      ledger,
      owner,
      fenceOf: (partition) => fences.get(partition),
    }),
    metrics,
    clock,
  );
  const stage = createTransactionalStage({
    kafka,
    service: group,
    groupId: group,
    inputTopic: topics.approved,
    logger,
    registry,
    partitionsConsumedConcurrently: config.partitionsConcurrently,
    onPartitionOwned: async (partition) => {
      fences.set(partition, await ledger.fence(group, partition));
    },
    handle: createBatchSubmitter(
      topics,
      submit,
      batchConcurrency(config),
      createDeadLetters({
        registry,
        stage: namespaced(config.kafkaNamespace, 'smsgw-dispatcher'),
        inputTopic: topics.approved,
        deadLetterTopic: topics.deadLetter,
      }),
    ),
  });
  await stage.start();
  const probes = createProbes();
  const stageProbes = consumerProbes('dispatch', stage.health);
  probes.addReadiness(redisMetrics.readiness);
  probes.addReadiness(stageProbes.readiness);
  probes.addReadiness({
    name: 'connector-bound',
    check: () =>
      connectors.some((c) => c.pool.binds().some((b) => b.state === 'BOUND' && b.role !== 'rx')),
  });
  probes.addLiveness(stageProbes.liveness);
  const admin = config.tenantsFile
    ? await startAdminServer(
        config,
        openTenants(config.tenantsFile, config.developmentMode, logger),
        connectors,
        probes,
        logger,
      )
    : undefined;
  if (!admin) logger.warn('admin API off: no SMSGW_TENANTS_FILE');
  const metricsServer = await startMetricsServer(registry, config.metricsPort, {
    host: config.metricsHost,
    probes,
  });
  logger.info(
    {
      metricsPort: metricsServer.port,
      adminPort: admin?.port,
      connectors: config.connectors.map((c) => c.name),
    },
    'dispatcher started',
  );
  return {
    metricsPort: metricsServer.port,
    adminPort: admin?.port,
    failed: stage.health.gaveUp,
    async stop() {
      // Stop consuming first: the batch in flight finishes its window and commits, then unbind.
      // If the SMSC is down the batch cannot finish: after a grace period the binds close, the
      // batch aborts (its sent messages are in the ledger) and is replayed by the next owner.
      admin?.stopHealth();
      if (admin) await shutdownGrpcServer(admin.server, 2000);
      admin?.tenants.close();
      const stopped = stage.stop();
      const grace = new Promise<'timeout'>((r) =>
        setTimeout(() => r('timeout'), STOP_GRACE_MS).unref(),
      );
      if ((await Promise.race([stopped, grace])) === 'timeout')
        logger.warn('batch could not finish; closing binds to stop');
      await Promise.all(connectors.map((c) => c.pool.close()));
      await stopped;
      for (const c of connectors) c.breaker.shutdown();
      for (const d of deliveries) d.stop();
      await producer.disconnect();
      redisMetrics.stop();
      redis.disconnect();
      await metricsServer.close();
    },
  };
}

/**
 * How many messages are under way at once, across the batches of all partitions: the windows'
 * total plus a quarter, so a freed slot finds a message ready. More only queues for window slots
 * (6 % more CPU per message with four times as many).
 */
function batchConcurrency(config: DispatcherConfig): number {
  const windows = config.connectors.reduce((sum, c) => sum + c.binds * c.windowSize, 0);
  return Math.ceil(windows * 1.25);
}

/** DispatcherAdmin and gRPC health on their own port. */
async function startAdminServer(
  config: DispatcherConfig,
  tenants: WatchedTenantDirectory,
  connectors: readonly Connector[],
  probes: Probes,
  logger: Logger,
): Promise<{ server: Server; port: number; stopHealth(): void; tenants: WatchedTenantDirectory }> {
  const server = createGrpcServer();
  const hooks = {
    onUnexpected: (err: unknown, method: string) =>
      logger.error({ err, method }, 'unexpected error'),
  };
  server.addService(
    strictUtf8(adminProto().smsgw.v1.DispatcherAdmin.service),
    createAdminService({ authenticator: tenants, connectors, hooks }),
  );
  const { port, health } = await serveGrpc(server, {
    services: ['smsgw.v1.DispatcherAdmin'],
    protoFiles: ['smsgw/v1/admin.proto'],
    host: config.adminHost,
    port: config.adminPort,
    tls: grpcServerTls(config),
  });
  const stopHealth = healthFollowsReadiness(health, probes, ['smsgw.v1.DispatcherAdmin']);
  return { server, port, stopHealth, tenants };
}
