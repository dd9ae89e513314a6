import { startCompliance, type Compliance } from '@smsgw/compliance/app';
import { loadComplianceConfig } from '@smsgw/compliance/config';
import { loadTenantsFile } from '@smsgw/config';
import { startDispatcher, type Dispatcher } from '@smsgw/dispatcher/app';
import { loadDispatcherConfig } from '@smsgw/dispatcher/config';
import { startIngress, type Ingress } from '@smsgw/ingress/app';
import { loadIngressConfig } from '@smsgw/ingress/config';
import { createKafka, ensureTopics, gatewayTopics } from '@smsgw/kafka';
import { createLogger, createMetricsRegistry, type Logger } from '@smsgw/observability';
import { startSmscSimulator, type SmscSimulator } from '@smsgw/smpp';
import { uniqueName } from '@smsgw/testkit';
import { inject } from 'vitest';

/** The three services in this process, on the test run's Kafka and Redis, with a simulator. */
export interface InProcessGateway {
  ingress: Ingress;
  compliance: Compliance;
  dispatcher: Dispatcher;
  simulator: SmscSimulator;
  /** host:port of each gRPC server. */
  addresses: { ingress: string; compliance: string; admin: string };
  stop(): Promise<void>;
}

const TENANTS = new URL('../../deploy/local/tenants.json', import.meta.url).pathname;

/** Settings added to (or replacing) the defaults: for every service, or for one. */
export interface InProcessGatewayOptions {
  logger?: Logger;
  env?: { all?: Env; ingress?: Env; compliance?: Env; dispatcher?: Env };
}
type Env = Record<string, string>;

/**
 * Starts the gateway in a Kafka namespace of its own, every port free, the local tenants, a
 * simulator that sends delivery receipts. SMSGW_TEST_SERVICE_LOGS=1 prints the services' logs.
 */
export async function startInProcessGateway(
  name: string,
  options: InProcessGatewayOptions = {},
): Promise<InProcessGateway> {
  const level = process.env.SMSGW_TEST_SERVICE_LOGS === '1' ? 'info' : 'silent';
  const logger = options.logger ?? createLogger({ service: name, level });
  const env = options.env ?? {};
  const namespace = uniqueName(name);
  const kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: name, logger });
  await ensureTopics(kafka, gatewayTopics(1, namespace));
  const common = {
    SMSGW_KAFKA_BROKERS: inject('kafkaBrokers').join(','),
    SMSGW_KAFKA_NAMESPACE: namespace,
    SMSGW_REDIS_URL: inject('redisUrl'),
    SMSGW_REDIS_ALLOW_UNSAFE: '1',
    SMSGW_TENANTS_FILE: TENANTS,
    SMSGW_DEVELOPMENT_MODE: '1',
    ...env.all,
  };
  const tenants = () => loadTenantsFile(TENANTS, { developmentMode: true });
  const ingress = await startIngress(
    loadIngressConfig({
      ...common,
      SMSGW_INGRESS_GRPC_PORT: '0',
      SMSGW_INGRESS_METRICS_PORT: '0',
      ...env.ingress,
    }),
    { logger, registry: createMetricsRegistry(`${name}-ingress`), tenants: tenants() },
  );
  const compliance = await startCompliance(
    loadComplianceConfig({
      ...common,
      SMSGW_HASH_KEYS: `${name.slice(0, 16)}=${uniqueName('hash-key').padEnd(32, '0')}`,
      SMSGW_COMPLIANCE_GRPC_PORT: '0',
      SMSGW_COMPLIANCE_METRICS_PORT: '0',
      ...env.compliance,
    }),
    { logger, registry: createMetricsRegistry(`${name}-compliance`), tenants: tenants() },
  );
  const simulator = await startSmscSimulator({
    credentials: { systemId: 'gw', password: 'pw' },
    behaviour: { dlr: { delayMs: 20, idFormat: 'hex' } },
  });
  const dispatcher = await startDispatcher(
    loadDispatcherConfig({
      ...common,
      SMSGW_DISPATCHER_SMSC_HOST: '127.0.0.1',
      SMSGW_DISPATCHER_SMSC_PORT: String(simulator.port),
      SMSGW_DISPATCHER_SMSC_SYSTEM_ID: 'gw',
      SMSGW_DISPATCHER_SMSC_PASSWORD: 'pw',
      SMSGW_DISPATCHER_METRICS_PORT: '0',
      SMSGW_DISPATCHER_ADMIN_PORT: '0',
      ...env.dispatcher,
    }),
    { logger, registry: createMetricsRegistry(`${name}-dispatcher`) },
  );
  return {
    ingress,
    compliance,
    dispatcher,
    simulator,
    addresses: {
      ingress: `127.0.0.1:${ingress.grpcPort}`,
      compliance: `127.0.0.1:${compliance.grpcPort}`,
      admin: `127.0.0.1:${dispatcher.adminPort ?? 0}`,
    },
    async stop() {
      await dispatcher.stop();
      await simulator.close();
      await compliance.stop();
      await ingress.stop();
    },
  };
}
