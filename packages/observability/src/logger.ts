import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * Paths never logged in clear: phone numbers, bodies, secrets. Callers log hashed
 * numbers (`hashMsisdn`) instead; this is the safety net if one slips through.
 */
export const REDACT_PATHS = [
  'to',
  'from',
  'body',
  'msisdn',
  'destination',
  'destinationAddr',
  'destination_addr',
  'shortMessage',
  'short_message',
  'password',
  'token',
  'authorization',
  'secret',
  '*.to',
  '*.from',
  '*.body',
  '*.msisdn',
  '*.destination',
  '*.password',
  '*.token',
  '*.authorization',
  '*.secret',
  '*.shortMessage',
  '*.short_message',
  '*.destination_addr',
];

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  service: string;
  level: LoggerOptions['level'];
  /** Where to write; defaults to stdout. */
  destination?: NodeJS.WritableStream;
}

/**
 * An error as logged: pino's serializer, without the command arguments that clients attach to
 * their errors (ioredis puts every argument of the failed command, numbers and bodies among
 * them, on `command.args`; so do its `previousErrors`).
 */
export function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  return withoutArgs(pino.stdSerializers.err(err), 0);
}

function withoutArgs(value: unknown, depth: number): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => withoutArgs(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'args' || key === 'argv') out[key] = '[redacted]';
    else out[key] = withoutArgs(v instanceof Error ? pino.stdSerializers.err(v) : v, depth + 1);
  }
  return out;
}

/** A JSON logger for one service with redaction of numbers, bodies and secrets. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
