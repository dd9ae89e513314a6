import { readFileSync } from 'node:fs';
import {
  CONNECTOR_SETTINGS,
  connectorNameSchema,
  connectorWithDefaults,
  loadConnectorsFile,
  type ConnectorConfig,
} from './connectors.js';
import {
  ConfigError,
  checkGrpcTls,
  securitySettings,
  SECURITY_ENV,
  brokerListSchema,
  intSchema,
  redisUrlSchema,
  flagSchema,
  kafkaNamespaceSchema,
  logLevelSchema,
  parseEnvConfig,
  portSchema,
  z,
  type Env,
} from '@smsgw/config';

const schema = z
  .object({
    kafkaBrokers: brokerListSchema,
    redisUrl: redisUrlSchema,
    redisAllowUnsafe: flagSchema,
    /** A connectors file (JSON, see connectors.ts); without it, one connector from the env vars. */
    connectorsFile: z.string().min(1).optional(),
    moReassemblyTimeoutMs: intSchema(1000, 600_000).default(60_000),
    // At most the 3 days carrier ids are kept: a receipt must find its message.
    messageValiditySeconds: intSchema(60, 3 * 86_400).default(86_400),
    kafkaNamespace: kafkaNamespaceSchema,
    metricsPort: portSchema.default(9466),
    /** /metrics and the probes; loopback unless exposed on purpose (Kubernetes sets 0.0.0.0). */
    metricsHost: z.string().default('127.0.0.1'),
    /** Tokens for the admin API (DispatcherAdmin needs the `admin` scope); without it the API is off. */
    tenantsFile: z.string().min(1).optional(),
    /** Development tokens (the published ones of deploy/local) are accepted: never in production. */
    developmentMode: flagSchema,
    adminHost: z.string().default('127.0.0.1'),
    adminPort: portSchema.default(50053),
    ...securitySettings,
    connector: connectorNameSchema.default('default'),
    smscHost: z.string().min(1).optional(),
    smscPort: portSchema.refine((p) => p > 0, 'must be a port number').optional(),
    systemId: z.string().min(1).max(15).optional(),
    password: z.string().max(8).optional(),
    passwordFile: z.string().optional(),
    ...CONNECTOR_SETTINGS,
    partitionsConcurrently: intSchema(1, 64).default(4),
    logLevel: logLevelSchema,
  })
  .superRefine((c, ctx) => {
    checkGrpcTls(c, ctx);
    if (c.connectorsFile !== undefined) return;
    // Without a connectors file, the single connector's settings are required.
    if (c.smscHost === undefined)
      ctx.addIssue({
        code: 'custom',
        message: 'is required (SMSC host), or set SMSGW_DISPATCHER_CONNECTORS_FILE',
        path: ['smscHost'],
      });
    if (c.smscPort === undefined)
      ctx.addIssue({ code: 'custom', message: 'is required (SMSC port)', path: ['smscPort'] });
    if (c.systemId === undefined)
      ctx.addIssue({ code: 'custom', message: 'is required (SMPP system_id)', path: ['systemId'] });
    if (c.password === undefined && c.passwordFile === undefined) {
      ctx.addIssue({
        code: 'custom',
        message:
          'set the SMPP password (SMSGW_DISPATCHER_SMSC_PASSWORD or SMSGW_DISPATCHER_SMSC_PASSWORD_FILE)',
        path: ['password'],
      });
    }
  });

type Settings = z.infer<typeof schema>;

/** Settings that describe the single env-var connector, not the service. */
const SINGLE_CONNECTOR_KEYS = [
  'connectorsFile',
  'connector',
  'smscHost',
  'smscPort',
  'systemId',
  'password',
  'passwordFile',
  ...(Object.keys(CONNECTOR_SETTINGS) as (keyof typeof CONNECTOR_SETTINGS)[]),
] as const;
type SingleConnectorKey = (typeof SINGLE_CONNECTOR_KEYS)[number];

/** Validated dispatcher configuration: the service settings and every connector. */
export type DispatcherConfig = Readonly<
  Omit<Settings, SingleConnectorKey> & {
    connectors: readonly ConnectorConfig[];
  }
>;

/** Env var behind each setting. */
export const DISPATCHER_ENV = {
  kafkaBrokers: 'SMSGW_KAFKA_BROKERS',
  redisUrl: 'SMSGW_REDIS_URL',
  redisAllowUnsafe: 'SMSGW_REDIS_ALLOW_UNSAFE',
  connectorsFile: 'SMSGW_DISPATCHER_CONNECTORS_FILE',
  inDoubtPolicy: 'SMSGW_DISPATCHER_IN_DOUBT_POLICY',
  dlrIdFormat: 'SMSGW_DISPATCHER_DLR_ID_FORMAT',
  moReassemblyTimeoutMs: 'SMSGW_DISPATCHER_MO_REASSEMBLY_TIMEOUT_MS',
  messageValiditySeconds: 'SMSGW_DISPATCHER_MESSAGE_VALIDITY_SECONDS',
  kafkaNamespace: 'SMSGW_KAFKA_NAMESPACE',
  metricsPort: 'SMSGW_DISPATCHER_METRICS_PORT',
  metricsHost: 'SMSGW_DISPATCHER_METRICS_HOST',
  tenantsFile: 'SMSGW_TENANTS_FILE',
  developmentMode: 'SMSGW_DEVELOPMENT_MODE',
  adminHost: 'SMSGW_DISPATCHER_ADMIN_HOST',
  adminPort: 'SMSGW_DISPATCHER_ADMIN_PORT',
  ...SECURITY_ENV,
  connector: 'SMSGW_DISPATCHER_CONNECTOR',
  smscHost: 'SMSGW_DISPATCHER_SMSC_HOST',
  smscPort: 'SMSGW_DISPATCHER_SMSC_PORT',
  systemId: 'SMSGW_DISPATCHER_SMSC_SYSTEM_ID',
  password: 'SMSGW_DISPATCHER_SMSC_PASSWORD',
  passwordFile: 'SMSGW_DISPATCHER_SMSC_PASSWORD_FILE',
  bindType: 'SMSGW_DISPATCHER_BIND_TYPE',
  alphabet: 'SMSGW_DISPATCHER_ALPHABET',
  longMessage: 'SMSGW_DISPATCHER_LONG_MESSAGE',
  binds: 'SMSGW_DISPATCHER_BINDS',
  throughputPerBind: 'SMSGW_DISPATCHER_THROUGHPUT_PER_BIND',
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
  const settings = parseEnvConfig(schema, DISPATCHER_ENV, env, 'dispatcher configuration');
  const connectors =
    settings.connectorsFile !== undefined
      ? loadConnectorsFile(settings.connectorsFile, env)
      : [connectorFromEnv(settings)];
  const single: ReadonlySet<string> = new Set(SINGLE_CONNECTOR_KEYS);
  const service = Object.fromEntries(
    Object.entries(settings).filter(([key]) => !single.has(key)),
  ) as Omit<Settings, SingleConnectorKey>;
  return Object.freeze({ ...service, connectors: Object.freeze(connectors) });
}

/** The single connector described by the SMSGW_DISPATCHER_* env vars. */
function connectorFromEnv(s: Settings): ConnectorConfig {
  // A secret from a file wins over env; it is never logged.
  const password = s.passwordFile ? readSecret(s.passwordFile) : (s.password ?? '');
  const shared = Object.fromEntries(
    Object.keys(CONNECTOR_SETTINGS).map((key) => [key, s[key as keyof typeof CONNECTOR_SETTINGS]]),
  ) as Pick<Settings, keyof typeof CONNECTOR_SETTINGS>;
  return connectorWithDefaults(
    {
      ...shared,
      name: s.connector,
      host: s.smscHost ?? '',
      port: s.smscPort ?? 0,
      systemId: s.systemId ?? '',
      password,
    },
    'dispatcher configuration',
  );
}

function readSecret(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new ConfigError('dispatcher configuration', [
      `${DISPATCHER_ENV.passwordFile}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    ]);
  }
}
