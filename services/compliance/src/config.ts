import { brokerListSchema, intSchema, kafkaNamespaceSchema, logLevelSchema, parseEnvConfig, portSchema, z, type Env } from '@smsgw/config';

const schema = z.object({
  kafkaBrokers: brokerListSchema,
  kafkaNamespace: kafkaNamespaceSchema,
  metricsPort: portSchema.default(9465),
  partitionsConcurrently: intSchema(1, 64).default(4),
  logLevel: logLevelSchema,
});

/** Validated compliance configuration. */
export type ComplianceConfig = Readonly<z.infer<typeof schema>>;

/** Env var behind each setting. */
export const COMPLIANCE_ENV = {
  kafkaBrokers: 'SMSGW_KAFKA_BROKERS',
  kafkaNamespace: 'SMSGW_KAFKA_NAMESPACE',
  metricsPort: 'SMSGW_COMPLIANCE_METRICS_PORT',
  partitionsConcurrently: 'SMSGW_COMPLIANCE_PARTITIONS_CONCURRENTLY',
  logLevel: 'SMSGW_LOG_LEVEL',
} as const;

/** Reads the compliance config from env vars; throws ConfigError naming every problem. */
export function loadComplianceConfig(env: Env): ComplianceConfig {
  return parseEnvConfig(schema, COMPLIANCE_ENV, env, 'compliance configuration');
}
