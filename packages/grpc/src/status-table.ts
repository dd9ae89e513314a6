import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { toGatewayError, type ErrorCode } from '@smsgw/core';
import { errorDetailsCodec } from '@smsgw/proto';

/** The one table from gateway error codes to gRPC status codes. */
export const GRPC_STATUS: Record<ErrorCode, status> = {
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
  NOT_FOUND: status.NOT_FOUND,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  UNAVAILABLE: status.UNAVAILABLE,
  DEADLINE_EXCEEDED: status.DEADLINE_EXCEEDED,
  RESOURCE_EXHAUSTED: status.RESOURCE_EXHAUSTED,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  CONFIG_INVALID: status.INTERNAL,
  PROTOCOL_ERROR: status.INTERNAL,
  INTERNAL: status.INTERNAL,
};

/** Trailer carrying every reason of a failed call as an encoded smsgw.v1.ErrorDetails. */
export const ERROR_DETAILS_TRAILER = 'smsgw-error-details-bin';

/**
 * Turns anything thrown by a handler into a gRPC error. Gateway errors keep their message and
 * reasons; anything else becomes INTERNAL without leaking its message.
 */
export function toServiceError(err: unknown): Partial<ServiceError> {
  const error = toGatewayError(err);
  const metadata = new Metadata();
  if (error.reasons.length > 0) {
    metadata.set(
      ERROR_DETAILS_TRAILER,
      errorDetailsCodec().encode({ reasons: error.reasons.map((r) => ({ ...r })) }),
    );
  }
  const codes = [...new Set(error.reasons.map((r) => r.code))];
  const details = codes.length > 0 ? `${error.message} [${codes.join(', ')}]` : error.message;
  return { code: GRPC_STATUS[error.code], details, metadata };
}

/** Reads the reasons a failed call carried (for clients and tests). */
export function readErrorReasons(err: ServiceError) {
  const raw = err.metadata?.get(ERROR_DETAILS_TRAILER)[0];
  return raw ? errorDetailsCodec().decode(raw as Buffer).reasons : [];
}
