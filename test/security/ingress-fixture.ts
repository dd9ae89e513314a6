import type { TenantDirectory } from '@smsgw/config';
import { startIngress, type Ingress } from '@smsgw/ingress/app';
import { loadIngressConfig } from '@smsgw/ingress/config';
import { createKafka, ensureTopics, gatewayTopics } from '@smsgw/kafka';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { uniqueName } from '@smsgw/testkit';
import { inject } from 'vitest';

const logger = createLogger({ service: 'security-ingress', level: 'silent' });

/**
 * A real ingress on the test run's Kafka (its own namespace) and Redis, gRPC and metrics on free
 * ports; `env` adds or overrides settings (TLS, Redis credentials, the tenants file).
 */
export async function startSecurityIngress(
  env: Record<string, string>,
  tenants: TenantDirectory,
): Promise<Ingress> {
  const namespace = uniqueName('security');
  await ensureTopics(
    createKafka({ brokers: inject('kafkaBrokers'), clientId: 'security', logger }),
    gatewayTopics(1, namespace),
  );
  return startIngress(
    loadIngressConfig({
      SMSGW_KAFKA_BROKERS: inject('kafkaBrokers').join(','),
      SMSGW_KAFKA_NAMESPACE: namespace,
      SMSGW_REDIS_URL: inject('redisUrl'),
      SMSGW_REDIS_ALLOW_UNSAFE: '1',
      SMSGW_INGRESS_GRPC_PORT: '0',
      SMSGW_INGRESS_METRICS_PORT: '0',
      ...env,
    }),
    { logger, registry: createMetricsRegistry('security-ingress'), tenants },
  );
}
