import { createMessagingClient, type MessagingClient } from '@smsgw/grpc';
import {
  DEV_TOKEN,
  startGatewayStack,
  type GatewayStack,
  type ServiceProcess,
} from '@smsgw/local-stack';
import type { SmscSimulator } from '@smsgw/smpp';
import { uniqueName } from '@smsgw/testkit';
import { inject } from 'vitest';

/** The whole gateway as processes, delivering to an in-process simulator, with a client. */
export interface TestGateway {
  stack: GatewayStack;
  client: MessagingClient;
  stop(): Promise<void>;
}

/**
 * Starts ingress, compliance and dispatcher as processes in their own Kafka namespace, on the
 * given Kafka/Redis (`env`, by default the test run's; a broker is started when
 * SMSGW_KAFKA_BROKERS is absent), pointed at `simulator`, and connects a client with the
 * development token. Each gateway hashes numbers with a salt of its own: consent and opt-outs
 * live in a Redis every suite shares, and an opt-out one suite recorded under the local stack's
 * fixed salt once turned 1,000 of the chaos suite's messages into REJECTED (OPTED_OUT).
 */
export async function startTestGateway(options: {
  env?: Record<string, string>;
  extraEnv: Record<string, string>;
  simulator: SmscSimulator;
  /** Where the dispatcher finds the SMSC, when not at the simulator itself (a proxy). */
  smscPort?: number;
  partitions?: number;
  /** Fixed metrics ports (a scraper needs them before the services start); default any free port. */
  metricsPorts?: { ingress: number; compliance: number; dispatcher: number };
  /** Fixed compliance gRPC port (ConsentService); default any. */
  complianceGrpcPort?: number;
  /** Settings of one service only. */
  serviceEnv?: Partial<Record<'ingress' | 'compliance' | 'dispatcher', Record<string, string>>>;
}): Promise<TestGateway> {
  const stack = await startGatewayStack({
    env: {
      SMSGW_LOG_LEVEL: 'info',
      SMSGW_HASH_KEYS: `e2e=${uniqueName('hash-key').padEnd(32, '0')}`,
      ...(options.env ?? {
        SMSGW_KAFKA_BROKERS: inject('kafkaBrokers').join(','),
        SMSGW_REDIS_URL: inject('redisUrl'),
      }),
    },
    extraEnv: options.extraEnv,
    serviceEnv: options.serviceEnv,
    grpcPort: 0,
    simulatorPort: options.smscPort ?? options.simulator.port,
    externalSimulator: true,
    metricsPorts: {
      ingress: 0,
      compliance: 0,
      dispatcher: 0,
      ...options.metricsPorts,
      simulator: 0,
    },
    complianceGrpcPort: options.complianceGrpcPort,
    dispatcherAdminPort: 0,
    partitions: options.partitions ?? 2,
    log: () => undefined,
    // SMSGW_TEST_SERVICE_LOGS=1 prints the services' log lines, to diagnose a failing test.
    onServiceLine:
      process.env.SMSGW_TEST_SERVICE_LOGS === '1'
        ? (name, line) => process.stderr.write(`[${name}] ${line}\n`)
        : undefined,
  });
  const client = await connectClient(stack.instancesOf('ingress')[0] as ServiceProcess);
  return {
    stack,
    client,
    async stop() {
      client.close();
      await stack.stop();
    },
  };
}

/** A client (development token) of one ingress instance, on the port it logged. */
export async function connectClient(ingress: ServiceProcess): Promise<MessagingClient> {
  const line = await ingress.waitForLine(/"grpcPort":\d+/);
  return createMessagingClient(`127.0.0.1:${/"grpcPort":(\d+)/.exec(line)?.[1]}`, DEV_TOKEN);
}
