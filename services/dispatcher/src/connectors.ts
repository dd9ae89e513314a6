import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError, intSchema, parseConfig, portSchema, z, type Env } from '@smsgw/config';

/** A connector's name (status events, metrics labels). */
export const connectorNameSchema = z
  .string()
  .regex(/^[a-z0-9-]{1,40}$/, 'lowercase letters, digits and dashes');

/**
 * How a connector binds, submits and encodes: the settings a connectors-file entry and the
 * single env-var connector (config.ts) share, with one set of ranges and defaults.
 */
export const CONNECTOR_SETTINGS = {
  /** `tx+rx`: `binds` transmitters for submits plus one receiver for receipts and MO. */
  bindType: z.enum(['transceiver', 'transmitter', 'tx+rx']).default('transceiver'),
  binds: intSchema(1, 32).default(1),
  windowSize: intSchema(1, 1000).default(100),
  /** submit_sm per second per bind; 0 = unlimited. */
  throughputPerBind: intSchema(0, 100_000).default(0),
  responseTimeoutMs: intSchema(100, 120_000).default(10_000),
  enquireLinkIntervalMs: intSchema(0, 600_000).default(30_000),
  reconnectMinMs: intSchema(10, 60_000).default(250),
  reconnectMaxMs: intSchema(100, 600_000).default(30_000),
  dlrIdFormat: z.enum(['as-submitted', 'decimal', 'hex']).default('as-submitted'),
  /** Preferred alphabet before UCS-2: GSM 03.38 (default), Latin-1 (data_coding 3), or always UCS-2. */
  alphabet: z.enum(['gsm7', 'latin1', 'ucs2']).default('gsm7'),
  /** How long messages travel: concatenation UDH (8- or 16-bit reference), SAR TLVs, or one message_payload. */
  longMessage: z.enum(['udh8', 'udh16', 'sar', 'payload']).default('udh8'),
  inDoubtPolicy: z.enum(['report', 'resend']).default('report'),
  retryableAttempts: intSchema(1, 20).default(3),
};

/**
 * Carriers as data (ARCHITECTURE.md, SMPP dispatcher): one entry per connector. Credentials come
 * from an env var or a file, never from the connectors file itself, and are never logged.
 */
const baseSchema = z.object({
  name: connectorNameSchema,
  host: z.string().min(1),
  port: portSchema.refine((p) => p > 0, 'must be a port number'),
  systemId: z.string().min(1).max(15),
  /** Bind over TLS (ssmpp). The certificate is verified (against `caFile`, else the system CAs). */
  tls: z
    .object({
      caFile: z.string().min(1).optional(),
      rejectUnauthorized: z.boolean().default(true),
      servername: z.string().min(1).optional(),
      /** A client certificate and its key (PEM files), for carriers that authenticate the ESME. */
      certFile: z.string().min(1).optional(),
      keyFile: z.string().min(1).optional(),
    })
    .strict()
    .refine((t) => (t.certFile === undefined) === (t.keyFile === undefined), {
      message: 'certFile and keyFile go together',
    })
    .optional(),
  ...CONNECTOR_SETTINGS,
  /** E.164 prefixes this connector serves ("+44", "+1415"); empty: every destination. */
  prefixes: z.array(z.string().regex(/^\+\d{0,14}$/, 'a "+" and digits')).default([]),
  /** Lower first; connectors of equal priority are tried in file order. */
  priority: intSchema(0, 1000).default(100),
  breaker: z
    .object({
      /** Failures (bind down, no response, SMSC system errors) in the rolling window that open it. */
      errorThresholdPercentage: intSchema(1, 100).default(50),
      /** Fewer calls than this in the window never open it. */
      volumeThreshold: intSchema(1, 10_000).default(20),
      rollingWindowMs: intSchema(1000, 600_000).default(10_000),
      /** How long it stays open before letting one trial submit through (half-open). */
      resetTimeoutMs: intSchema(100, 600_000).default(5000),
    })
    .prefault({}),
});

const connectorSchema = baseSchema
  .extend({
    /** Name of the env var holding the password. */
    passwordEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'an env var name')
      .optional(),
    passwordFile: z.string().min(1).optional(),
  })
  .strict()
  .refine((c) => (c.passwordEnv === undefined) !== (c.passwordFile === undefined), {
    message: 'set exactly one of passwordEnv and passwordFile',
    path: ['passwordEnv'],
  })
  .refine((c) => c.reconnectMinMs <= c.reconnectMaxMs, {
    message: 'reconnectMinMs must not exceed reconnectMaxMs',
    path: ['reconnectMinMs'],
  });

const fileSchema = z
  .object({ connectors: z.array(connectorSchema).min(1, 'at least one connector') })
  .strict()
  .refine((f) => new Set(f.connectors.map((c) => c.name)).size === f.connectors.length, {
    message: 'connector names must be unique',
    path: ['connectors'],
  });

/** A validated connector with its password (and TLS CA, when a file is named) resolved. */
export type ConnectorConfig = Readonly<
  z.infer<typeof baseSchema> & {
    password: string;
    tlsCa?: string;
    tlsClient?: { cert: string; key: string };
  }
>;

/** A connector from settings given in code (the env-var connector, tests): defaults applied, validated. */
export function connectorWithDefaults(
  entry: z.input<typeof baseSchema> & { password: string },
  source = 'connector',
): ConnectorConfig {
  const { password, ...rest } = entry;
  return Object.freeze({ ...parseConfig(baseSchema, rest, source), password });
}

/** Parses a connectors document; throws ConfigError naming every problem. */
export function parseConnectors(
  document: unknown,
  env: Env,
  source = 'connectors file',
): ConnectorConfig[] {
  const parsed = parseConfig(fileSchema, document, source);
  const problems: string[] = [];
  const connectors = parsed.connectors.map((c, i) => {
    const { passwordEnv, passwordFile, ...rest } = c;
    const password =
      passwordEnv !== undefined
        ? env[passwordEnv]
        : readSecret(passwordFile ?? '', `connectors.${i}.passwordFile`, problems);
    if (password === undefined || password === '')
      problems.push(`connectors.${i}.passwordEnv: ${passwordEnv} is not set`);
    else if (password.length > 8)
      problems.push(`connectors.${i}: the password is longer than SMPP allows (8)`);
    const tlsCa =
      rest.tls?.caFile !== undefined
        ? readSecret(rest.tls.caFile, `connectors.${i}.tls.caFile`, problems)
        : undefined;
    const { certFile, keyFile } = rest.tls ?? {};
    const cert = certFile && readSecret(certFile, `connectors.${i}.tls.certFile`, problems);
    const key = keyFile && readSecret(keyFile, `connectors.${i}.tls.keyFile`, problems);
    return Object.freeze({
      ...rest,
      password: password ?? '',
      ...(tlsCa !== undefined ? { tlsCa } : {}),
      ...(cert && key ? { tlsClient: { cert, key } } : {}),
    });
  });
  if (problems.length > 0) throw new ConfigError(source, problems);
  return connectors;
}

/** Reads and parses a connectors file: YAML when it ends in .yaml/.yml, else JSON. */
export function loadConnectorsFile(path: string, env: Env): ConnectorConfig[] {
  let document: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    document = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new ConfigError(path, [`cannot read connectors file: ${(err as Error).message}`]);
  }
  return parseConnectors(document, env, path);
}

function readSecret(path: string, label: string, problems: string[]): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    problems.push(
      `${label}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    );
    return undefined;
  }
}
