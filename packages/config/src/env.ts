import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './parse-config.js';

/** Env vars as passed to config loaders; only main.ts reads process.env. */
export type Env = Readonly<Record<string, string | undefined>>;

/** A comma-separated `host:port` list. */
export const brokerListSchema = z
  .string({ error: 'is required (comma-separated host:port list)' })
  .transform((s) =>
    s
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^[^:\s]+:\d{1,5}$/, 'each broker must be host:port'))
      .min(1, 'names no broker'),
  );

/** A TCP port; 0 lets the OS choose (tests). */
export const portSchema = z.coerce.number().int().min(0).max(65535);

/** A positive integer in the given range, from a string env var. */
export function intSchema(min: number, max: number): z.ZodCoercedNumber<unknown> {
  return z.coerce.number().int().min(min).max(max);
}

/** A redis:// or rediss:// URL. */
export const redisUrlSchema = z
  .string({ error: 'is required (redis://host:port)' })
  .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://');

/** Log levels pino understands. */
export const logLevelSchema = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');

/** SMSGW_KAFKA_NAMESPACE: prefixes topics, groups and transactional ids (empty in production). */
export const kafkaNamespaceSchema = z
  .string()
  .regex(/^[a-zA-Z0-9._-]{0,100}$/, 'letters, digits, dots, dashes and underscores')
  .default('');

/** A yes/no switch: 1/true or 0/false (default off). */
export const flagSchema = z
  .enum(['0', '1', 'true', 'false'], { error: 'must be 1, 0, true or false' })
  .default('0')
  .transform((v) => v === '1' || v === 'true');

/** An optional non-empty setting (a path, a user name). */
const optionalSetting = z.string().min(1).optional();

/**
 * TLS of a service's gRPC server (PEM files, re-read while it runs). A client CA turns on mTLS:
 * a client without a certificate signed by it is refused during the handshake.
 */
export const grpcTlsSettings = {
  grpcTlsCertFile: optionalSetting,
  grpcTlsKeyFile: optionalSetting,
  grpcTlsClientCaFile: optionalSetting,
};

/** Env vars behind {@link grpcTlsSettings}, shared by every gRPC server of a process. */
export const GRPC_TLS_ENV = {
  grpcTlsCertFile: 'SMSGW_GRPC_TLS_CERT_FILE',
  grpcTlsKeyFile: 'SMSGW_GRPC_TLS_KEY_FILE',
  grpcTlsClientCaFile: 'SMSGW_GRPC_TLS_CLIENT_CA_FILE',
} as const;

type GrpcTlsInput = {
  grpcTlsCertFile?: string;
  grpcTlsKeyFile?: string;
  grpcTlsClientCaFile?: string;
};

/** Cross-field rule of the TLS settings: a certificate needs its key, mTLS needs a certificate. */
export function checkGrpcTls(c: GrpcTlsInput, ctx: z.RefinementCtx): void {
  if ((c.grpcTlsCertFile === undefined) !== (c.grpcTlsKeyFile === undefined))
    ctx.addIssue({
      code: 'custom',
      path: [c.grpcTlsCertFile === undefined ? 'grpcTlsCertFile' : 'grpcTlsKeyFile'],
      message: 'a TLS certificate and its key go together',
    });
  if (c.grpcTlsClientCaFile !== undefined && c.grpcTlsCertFile === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['grpcTlsClientCaFile'],
      message: 'mTLS needs the server certificate too (SMSGW_GRPC_TLS_CERT_FILE and _KEY_FILE)',
    });
}

/** The gRPC server TLS of a validated config, or undefined for plaintext. */
export function grpcServerTls(
  c: GrpcTlsInput,
): { certFile: string; keyFile: string; clientCaFile?: string | undefined } | undefined {
  if (c.grpcTlsCertFile === undefined || c.grpcTlsKeyFile === undefined) return undefined;
  return {
    certFile: c.grpcTlsCertFile,
    keyFile: c.grpcTlsKeyFile,
    clientCaFile: c.grpcTlsClientCaFile,
  };
}

/**
 * How a service authenticates to Redis: its own ACL user (password read from a file, never an
 * env var or the URL), and TLS with the CA that signed Redis (a client certificate when Redis
 * has `tls-auth-clients yes`).
 */
export const redisSecuritySettings = {
  redisUsername: optionalSetting,
  redisPasswordFile: optionalSetting,
  redisTlsCaFile: optionalSetting,
  redisTlsCertFile: optionalSetting,
  redisTlsKeyFile: optionalSetting,
};

/** Env vars behind {@link redisSecuritySettings}. */
export const REDIS_SECURITY_ENV = {
  redisUsername: 'SMSGW_REDIS_USERNAME',
  redisPasswordFile: 'SMSGW_REDIS_PASSWORD_FILE',
  redisTlsCaFile: 'SMSGW_REDIS_TLS_CA_FILE',
  redisTlsCertFile: 'SMSGW_REDIS_TLS_CERT_FILE',
  redisTlsKeyFile: 'SMSGW_REDIS_TLS_KEY_FILE',
} as const;

type RedisSecurityInput = Partial<Record<keyof typeof REDIS_SECURITY_ENV, string>>;

/** The Redis client options of a validated config; reads the password file (ConfigError if not). */
export function redisSecurity(c: RedisSecurityInput): {
  username?: string | undefined;
  password?: string | undefined;
  tls?: { caFile: string; certFile?: string | undefined; keyFile?: string | undefined } | undefined;
} {
  const password =
    c.redisPasswordFile === undefined
      ? undefined
      : readSecret(c.redisPasswordFile, 'SMSGW_REDIS_PASSWORD_FILE');
  return {
    username: c.redisUsername,
    password,
    tls: c.redisTlsCaFile
      ? { caFile: c.redisTlsCaFile, certFile: c.redisTlsCertFile, keyFile: c.redisTlsKeyFile }
      : undefined,
  };
}

/** How a service reaches a secured Kafka: TLS (CA, client certificate) and SASL SCRAM. */
export const kafkaSecuritySettings = {
  kafkaTlsCaFile: optionalSetting,
  kafkaTlsCertFile: optionalSetting,
  kafkaTlsKeyFile: optionalSetting,
  kafkaSaslMechanism: z.enum(['scram-sha-256', 'scram-sha-512']).optional(),
  kafkaSaslUsername: optionalSetting,
  kafkaSaslPasswordFile: optionalSetting,
};

/** Env vars behind {@link kafkaSecuritySettings}. */
export const KAFKA_SECURITY_ENV = {
  kafkaTlsCaFile: 'SMSGW_KAFKA_TLS_CA_FILE',
  kafkaTlsCertFile: 'SMSGW_KAFKA_TLS_CERT_FILE',
  kafkaTlsKeyFile: 'SMSGW_KAFKA_TLS_KEY_FILE',
  kafkaSaslMechanism: 'SMSGW_KAFKA_SASL_MECHANISM',
  kafkaSaslUsername: 'SMSGW_KAFKA_SASL_USERNAME',
  kafkaSaslPasswordFile: 'SMSGW_KAFKA_SASL_PASSWORD_FILE',
} as const;

type KafkaSecurityInput = {
  kafkaTlsCaFile?: string | undefined;
  kafkaTlsCertFile?: string | undefined;
  kafkaTlsKeyFile?: string | undefined;
  kafkaSaslMechanism?: 'scram-sha-256' | 'scram-sha-512' | undefined;
  kafkaSaslUsername?: string | undefined;
  kafkaSaslPasswordFile?: string | undefined;
};

/** The Kafka security of a validated config; reads the password file (ConfigError if not). */
export function kafkaSecurity(c: KafkaSecurityInput) {
  const tls = c.kafkaTlsCaFile
    ? { caFile: c.kafkaTlsCaFile, certFile: c.kafkaTlsCertFile, keyFile: c.kafkaTlsKeyFile }
    : undefined;
  if (!c.kafkaSaslMechanism) return { tls };
  if (!c.kafkaSaslUsername || !c.kafkaSaslPasswordFile)
    throw new ConfigError('Kafka credentials', [
      'SMSGW_KAFKA_SASL_MECHANISM needs SMSGW_KAFKA_SASL_USERNAME and SMSGW_KAFKA_SASL_PASSWORD_FILE',
    ]);
  return {
    tls,
    sasl: {
      mechanism: c.kafkaSaslMechanism,
      username: c.kafkaSaslUsername,
      password: readSecret(c.kafkaSaslPasswordFile, 'SMSGW_KAFKA_SASL_PASSWORD_FILE'),
    },
  };
}

/** A secret from a file (trimmed); a ConfigError naming the setting when it cannot be read. */
export function readSecret(file: string, setting: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new ConfigError('secrets', [`${setting}: cannot read: ${(err as Error).message}`]);
  }
}

/** Every transport-security setting a service takes: gRPC server TLS, Redis and Kafka access. */
export const securitySettings = {
  ...grpcTlsSettings,
  ...redisSecuritySettings,
  ...kafkaSecuritySettings,
};

/** Env vars behind {@link securitySettings}. */
export const SECURITY_ENV = {
  ...GRPC_TLS_ENV,
  ...REDIS_SECURITY_ENV,
  ...KAFKA_SECURITY_ENV,
} as const;
