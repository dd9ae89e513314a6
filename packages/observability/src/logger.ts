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

/** A JSON logger for one service with redaction of numbers, bodies and secrets. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
