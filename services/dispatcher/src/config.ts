import { readFileSync } from 'node:fs';
import { ConfigError, brokerListSchema, intSchema, redisUrlSchema, kafkaNamespaceSchema, logLevelSchema, parseEnvConfig, portSchema, z, type Env } from '@smsgw/config';

const schema = z
  .object({
    kafkaBrokers: brokerListSchema,
    redisUrl: redisUrlSchema,
    inDoubtPolicy: z.enum(['report', 'resend']).default('report'),
    dlrIdFormat: z.enum(['as-submitted', 'decimal', 'hex']).default('as-submitted'),
    moReassemblyTimeoutMs: intSchema(1000, 600_000).default(60_000),
  kafkaNamespace: kafkaNamespaceSchema,
    metricsPort: portSchema.default(9466),
    connector: z.string().regex(/^[a-z0-9-]{1,40}$/, 'lowercase letters, digits and dashes').default('default'),
    smscHost: z.string({ error: 'is required (SMSC host)' }).min(1),
    smscPort: portSchema.refine((p) => p > 0, 'must be a port number'),
    systemId: z.string({ error: 'is required (SMPP system_id)' }).min(1).max(15),
    password: z.string().max(8).optional(),
    passwordFile: z.string().optional(),
    bindType: z.enum(['transceiver', 'transmitter']).default('transceiver'),
    windowSize: intSchema(1, 1000).default(100),
    responseTimeoutMs: intSchema(100, 120_000).default(10_000),
    enquireLinkIntervalMs: intSchema(0, 600_000).default(30_000),
    reconnectMinMs: intSchema(10, 60_000).default(250),
    reconnectMaxMs: intSchema(100, 600_000).default(30_000),
    retryableAttempts: intSchema(1, 20).default(3),
    partitionsConcurrently: intSchema(1, 64).default(4),
    logLevel: logLevelSchema,
  })
  .refine((c) => c.password !== undefined || c.passwordFile !== undefined, {
    message: 'set the SMPP password (SMSGW_DISPATCHER_SMSC_PASSWORD or SMSGW_DISPATCHER_SMSC_PASSWORD_FILE)',
    path: ['password'],
  });

/** Validated dispatcher configuration; `password` is resolved from the file when one is given. */
export type DispatcherConfig = Readonly<Omit<z.infer<typeof schema>, 'password' | 'passwordFile'> & { password: string }>;

/** Env var behind each setting. */
export const DISPATCHER_ENV = {
  kafkaBrokers: 'SMSGW_KAFKA_BROKERS',
  redisUrl: 'SMSGW_REDIS_URL',
  inDoubtPolicy: 'SMSGW_DISPATCHER_IN_DOUBT_POLICY',
  dlrIdFormat: 'SMSGW_DISPATCHER_DLR_ID_FORMAT',
  moReassemblyTimeoutMs: 'SMSGW_DISPATCHER_MO_REASSEMBLY_TIMEOUT_MS',
  kafkaNamespace: 'SMSGW_KAFKA_NAMESPACE',
  metricsPort: 'SMSGW_DISPATCHER_METRICS_PORT',
  connector: 'SMSGW_DISPATCHER_CONNECTOR',
  smscHost: 'SMSGW_DISPATCHER_SMSC_HOST',
  smscPort: 'SMSGW_DISPATCHER_SMSC_PORT',
  systemId: 'SMSGW_DISPATCHER_SMSC_SYSTEM_ID',
  password: 'SMSGW_DISPATCHER_SMSC_PASSWORD',
  passwordFile: 'SMSGW_DISPATCHER_SMSC_PASSWORD_FILE',
  bindType: 'SMSGW_DISPATCHER_BIND_TYPE',
  windowSize: 'SMSGW_DISPATCHER_WINDOW_SIZE',
  responseTimeoutMs: 'SMSGW_DISPATCHER_RESPONSE_TIMEOUT_MS',
  enquireLinkIntervalMs: 'SMSGW_DISPATCHER_ENQUIRE_LINK_MS',
  reconnectMinMs: 'SMSGW_DISPATCHER_RECONNECT_MIN_MS',
  reconnectMaxMs: 'SMSGW_DISPATCHER_RECONNECT_MAX_MS',
  retryableAttempts: 'SMSGW_DISPATCHER_RETRYABLE_ATTEMPTS',
  partitionsConcurrently: 'SMSGW_DISPATCHER_PARTITIONS_CONCURRENTLY',
  logLevel: 'SMSGW_LOG_LEVEL',
} as const;

/** Reads the dispatcher config from env vars; throws ConfigError naming every problem. */
export function loadDispatcherConfig(env: Env): DispatcherConfig {
  const { password, passwordFile, ...rest } = parseEnvConfig(schema, DISPATCHER_ENV, env, 'dispatcher configuration');
  // A secret from a file wins over env; it is never logged.
  const secret = passwordFile ? readSecret(passwordFile) : (password ?? '');
  return Object.freeze({ ...rest, password: secret });
}

function readSecret(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new ConfigError('dispatcher configuration', [`${DISPATCHER_ENV.passwordFile}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`]);
  }
}
