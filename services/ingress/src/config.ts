import {
  brokerListSchema,
  intSchema,
  kafkaNamespaceSchema,
  logLevelSchema,
  parseEnvConfig,
  portSchema,
  redisUrlSchema,
  flagSchema,
  z,
  checkGrpcTls,
  securitySettings,
  SECURITY_ENV,
  type Env,
} from '@smsgw/config';

const schema = z
  .object({
    kafkaBrokers: brokerListSchema,
    kafkaNamespace: kafkaNamespaceSchema,
    redisUrl: redisUrlSchema,
    redisAllowUnsafe: flagSchema,
    /** The API; loopback unless exposed on purpose (Kubernetes sets 0.0.0.0). */
    grpcHost: z.string().default('127.0.0.1'),
    grpcPort: portSchema.default(50051),
    metricsPort: portSchema.default(9464),
    /** /metrics and the probes; loopback unless exposed on purpose. */
    metricsHost: z.string().default('127.0.0.1'),
    /** Development tokens (the published ones of deploy/local) are accepted: never in production. */
    developmentMode: flagSchema,
    tenantsFile: z.string({ error: 'is required (path to the tenants JSON file)' }).min(1),
    maxBatchMessages: intSchema(1, 10_000).default(1000),
    /** Messages between validation and Kafka's acknowledgement, for all tenants: beyond, refused. */
    maxInFlight: intSchema(1, 1_000_000).default(20_000),
    maxBodyChars: intSchema(1, 10_000).default(1600),
    kafkaLingerMs: intSchema(0, 100).default(2),
    statusRetentionSeconds: intSchema(60, 400 * 86_400).default(30 * 86_400),
    idempotencyTtlSeconds: intSchema(60, 30 * 86_400).default(86_400),
    logLevel: logLevelSchema,
    ...securitySettings,
  })
  .superRefine(checkGrpcTls);

/** Validated ingress configuration. */
export type IngressConfig = Readonly<z.infer<typeof schema>>;

/** Env var behind each setting (README's configuration table). */
export const INGRESS_ENV = {
  kafkaBrokers: 'SMSGW_KAFKA_BROKERS',
  kafkaNamespace: 'SMSGW_KAFKA_NAMESPACE',
  redisUrl: 'SMSGW_REDIS_URL',
  redisAllowUnsafe: 'SMSGW_REDIS_ALLOW_UNSAFE',
  grpcHost: 'SMSGW_INGRESS_GRPC_HOST',
  grpcPort: 'SMSGW_INGRESS_GRPC_PORT',
  metricsPort: 'SMSGW_INGRESS_METRICS_PORT',
  metricsHost: 'SMSGW_INGRESS_METRICS_HOST',
  developmentMode: 'SMSGW_DEVELOPMENT_MODE',
  tenantsFile: 'SMSGW_TENANTS_FILE',
  maxBatchMessages: 'SMSGW_INGRESS_MAX_BATCH',
  maxInFlight: 'SMSGW_INGRESS_MAX_IN_FLIGHT',
  maxBodyChars: 'SMSGW_INGRESS_MAX_BODY_CHARS',
  kafkaLingerMs: 'SMSGW_INGRESS_KAFKA_LINGER_MS',
  statusRetentionSeconds: 'SMSGW_STATUS_RETENTION_SECONDS',
  idempotencyTtlSeconds: 'SMSGW_INGRESS_IDEMPOTENCY_TTL_SECONDS',
  logLevel: 'SMSGW_LOG_LEVEL',
  ...SECURITY_ENV,
} as const;

/** Reads the ingress config from env vars; throws ConfigError naming every problem. */
export function loadIngressConfig(env: Env): IngressConfig {
  return parseEnvConfig(schema, INGRESS_ENV, env, 'ingress configuration');
}
