import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { GatewayError, isGatewayError, toGatewayError, type ErrorCode } from '@smsgw/core';
import { toServiceError } from './status-table.js';
import { invalidUtf8Field } from './strict-utf8.js';

/** Refuses a request whose strings held invalid UTF-8 (a service added with strictUtf8). */
function refuseInvalidUtf8(request: unknown): void {
  const field = invalidUtf8Field(request);
  if (field === undefined) return;
  const code = /(^|\.)body$/.test(field) ? 'INVALID_BODY_ENCODING' : 'INVALID_STRING_ENCODING';
  const message = `${field} is not valid UTF-8`;
  throw new GatewayError('INVALID_ARGUMENT', message, { reasons: [{ code, field, message }] });
}

/** Observers of every unary call. */
export interface UnaryHooks {
  /** Errors that are not GatewayErrors (bugs, unexpected failures), before they become INTERNAL. */
  onUnexpected(err: unknown, method: string): void;
  /** Every completed call with its outcome (`OK` or an error code). */
  onDone?(method: string, code: ErrorCode | 'OK'): void;
}

/** Adapts an async handler to grpc-js's callback style, mapping errors through the status table. */
export function unary<Req, Res>(
  method: string,
  handler: (call: ServerUnaryCall<Req, Res>) => Promise<Res>,
  hooks: UnaryHooks,
): (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void {
  return (call, callback) => {
    // Through a promise so a handler that throws before its first await is mapped too.
    Promise.resolve()
      .then(() => {
        refuseInvalidUtf8(call.request);
        return handler(call);
      })
      .then(
        (response) => {
          hooks.onDone?.(method, 'OK');
          callback(null, response);
        },
        (err: unknown) => {
          if (!isGatewayError(err) || err.code === 'INTERNAL') hooks.onUnexpected(err, method);
          hooks.onDone?.(method, toGatewayError(err).code);
          callback(toServiceError(err));
        },
      );
  };
}
