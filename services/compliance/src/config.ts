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
import { parseHashKeys } from './hash-keys.js';

const schema = z
  .object({
    kafkaBrokers: brokerListSchema,
    kafkaNamespace: kafkaNamespaceSchema,
    redisUrl: redisUrlSchema,
    redisAllowUnsafe: flagSchema,
    /** Development tokens (the published ones of deploy/local) are accepted: never in production. */
    developmentMode: flagSchema,
    tenantsFile: z.string({ error: 'is required (path to the tenants JSON file)' }).min(1),
    /**
     * Recipient hash keys, `id=secret,…` (HMAC-SHA256, 32+ character secrets), current first;
     * the others are being retired: read, and their records moved to the current key on contact.
     */
    hashKeys: z.string().min(1).optional(),
    /** The same ring from a file (a mounted secret). */
    hashKeysFile: z.string().min(1).optional(),
    /** The salted SHA-256 of earlier releases: the oldest key of the ring (retire it by adding keys). */
    hashSalt: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Seals deferred messages at rest; by default derived (HKDF) from the hash keys. */
    deferredKey: z.string().min(32, 'must be at least 32 characters').optional(),
    /** The API; loopback unless exposed on purpose (Kubernetes sets 0.0.0.0). */
    grpcHost: z.string().default('127.0.0.1'),
    grpcPort: portSchema.default(50052),
    metricsPort: portSchema.default(9465),
    /** /metrics and the probes; loopback unless exposed on purpose. */
    metricsHost: z.string().default('127.0.0.1'),
    partitionsConcurrently: intSchema(1, 64).default(4),
    bloomExpectedItems: intSchema(1000, 1_000_000_000).default(1_000_000),
    bloomFalsePositiveRate: z.coerce.number().gt(0).lt(0.5).default(0.01),
    bloomRebuildHours: z.coerce
      .number()
      .min(0)
      .max(24 * 30)
      .default(6),
    releaseIntervalMs: intSchema(50, 60_000).default(1000),
    /**
     * Development only: runs compliance's clock this far ahead of the host's (negative: behind),
     * so tests of processes can put quiet hours' end a minute away. Refused outside development.
     */
    developmentClockOffsetMs: z.coerce.number().int().default(0),
    /** How long opt-outs and emergency sends stay in the audit (days; default four years). */
    auditRetentionDays: intSchema(1, 3660).default(1461),
    /**
     * How segments are counted: the alphabet and long-message method of the strictest connector
     * (the dispatcher's `alphabet`/`longMessage`). The dispatcher refuses a connector that would
     * need more parts than were approved, so a mismatch is caught, never sent.
     */
    alphabet: z.enum(['gsm7', 'latin1', 'ucs2']).default('gsm7'),
    longMessage: z.enum(['udh8', 'udh16', 'sar', 'payload']).default('udh8'),
    logLevel: logLevelSchema,
    ...securitySettings,
  })
  .superRefine(checkGrpcTls)
  .superRefine((c, ctx) => {
    const given = [c.hashKeys, c.hashKeysFile, c.hashSalt].filter((v) => v !== undefined);
    if (given.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['hashKeys'],
        message: 'is required: id=secret (32+ characters) for hashing phone numbers in Redis',
      });
    if (c.hashKeys !== undefined && c.hashKeysFile !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['hashKeysFile'],
        message: 'set it or SMSGW_HASH_KEYS, not both',
      });
    if (c.developmentClockOffsetMs !== 0 && !c.developmentMode)
      ctx.addIssue({
        code: 'custom',
        path: ['developmentClockOffsetMs'],
        message: "shifts compliance's clock: allowed only with SMSGW_DEVELOPMENT_MODE=1",
      });
    for (const problem of c.hashKeys === undefined ? [] : parseHashKeys(c.hashKeys).problems)
      ctx.addIssue({ code: 'custom', path: ['hashKeys'], message: problem });
  });

/** Validated compliance configuration. */
export type ComplianceConfig = Readonly<z.infer<typeof schema>>;

/** Env var behind each setting. */
export const COMPLIANCE_ENV = {
  kafkaBrokers: 'SMSGW_KAFKA_BROKERS',
  kafkaNamespace: 'SMSGW_KAFKA_NAMESPACE',
  redisUrl: 'SMSGW_REDIS_URL',
  redisAllowUnsafe: 'SMSGW_REDIS_ALLOW_UNSAFE',
  developmentMode: 'SMSGW_DEVELOPMENT_MODE',
  tenantsFile: 'SMSGW_TENANTS_FILE',
  hashKeys: 'SMSGW_HASH_KEYS',
  hashKeysFile: 'SMSGW_HASH_KEYS_FILE',
  hashSalt: 'SMSGW_HASH_SALT',
  deferredKey: 'SMSGW_COMPLIANCE_DEFERRED_KEY',
  grpcHost: 'SMSGW_COMPLIANCE_GRPC_HOST',
  grpcPort: 'SMSGW_COMPLIANCE_GRPC_PORT',
  metricsPort: 'SMSGW_COMPLIANCE_METRICS_PORT',
  metricsHost: 'SMSGW_COMPLIANCE_METRICS_HOST',
  partitionsConcurrently: 'SMSGW_COMPLIANCE_PARTITIONS_CONCURRENTLY',
  bloomExpectedItems: 'SMSGW_COMPLIANCE_BLOOM_EXPECTED_ITEMS',
  bloomFalsePositiveRate: 'SMSGW_COMPLIANCE_BLOOM_FALSE_POSITIVE_RATE',
  bloomRebuildHours: 'SMSGW_COMPLIANCE_BLOOM_REBUILD_HOURS',
  releaseIntervalMs: 'SMSGW_COMPLIANCE_RELEASE_INTERVAL_MS',
  developmentClockOffsetMs: 'SMSGW_DEVELOPMENT_CLOCK_OFFSET_MS',
  auditRetentionDays: 'SMSGW_COMPLIANCE_AUDIT_RETENTION_DAYS',
  alphabet: 'SMSGW_COMPLIANCE_ALPHABET',
  longMessage: 'SMSGW_COMPLIANCE_LONG_MESSAGE',
  logLevel: 'SMSGW_LOG_LEVEL',
  ...SECURITY_ENV,
} as const;

/** Reads the compliance config from env vars; throws ConfigError naming every problem. */
export function loadComplianceConfig(env: Env): ComplianceConfig {
  return parseEnvConfig(schema, COMPLIANCE_ENV, env, 'compliance configuration');
}
