/** Stable error codes. Mapped to gRPC / SMPP statuses only at the edges, one table per protocol. */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'UNAVAILABLE'
  | 'DEADLINE_EXCEEDED'
  | 'RESOURCE_EXHAUSTED'
  | 'FAILED_PRECONDITION'
  | 'CONFIG_INVALID'
  | 'PROTOCOL_ERROR'
  | 'INTERNAL';

/** A machine-readable reason attached to a rejection or advisory. */
export interface Reason {
  code: string;
  message: string;
  /** Index in a batch request, when the reason is about one message of it. */
  index?: number;
  field?: string;
  retryAfterMs?: number;
}

/** Options for {@link GatewayError}. */
export interface GatewayErrorOptions {
  retryable?: boolean;
  reasons?: readonly Reason[];
  cause?: unknown;
}

/** The one error base of the gateway: a stable code, a retryable flag and optional reasons. */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly reasons: readonly Reason[];

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.reasons = options.reasons ?? [];
  }
}

/** True when `err` is a {@link GatewayError}. */
export function isGatewayError(err: unknown): err is GatewayError {
  return err instanceof GatewayError;
}

/** Wraps anything thrown into a GatewayError; unknown errors become INTERNAL. */
export function toGatewayError(err: unknown): GatewayError {
  if (isGatewayError(err)) return err;
  return new GatewayError('INTERNAL', 'internal error', { cause: err });
}
