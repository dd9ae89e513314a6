import { status, type ServiceError } from '@grpc/grpc-js';
import { GatewayError } from '@smsgw/core';
import { describe, expect, it } from 'vitest';
import { readErrorReasons, toServiceError } from './status-table.js';

describe('error to gRPC status', () => {
  it('maps codes through the table and carries every reason in the trailer', () => {
    const err = new GatewayError('INVALID_ARGUMENT', 'message refused', {
      reasons: [
        { code: 'INVALID_NUMBER', message: 'bad', field: 'to', index: 2 },
        { code: 'EMPTY_BODY', message: 'empty', field: 'body' },
      ],
    });
    const mapped = toServiceError(err);
    expect(mapped.code).toBe(status.INVALID_ARGUMENT);
    expect(mapped.details).toBe('message refused [INVALID_NUMBER, EMPTY_BODY]');
    const reasons = readErrorReasons(mapped as ServiceError);
    expect(reasons.map((r) => [r.code, r.field, r.index])).toEqual([
      ['INVALID_NUMBER', 'to', 2],
      ['EMPTY_BODY', 'body', 0],
    ]);
  });

  it('hides the message of unknown errors behind INTERNAL', () => {
    const mapped = toServiceError(new TypeError('cannot read x of undefined at secret.ts:12'));
    expect(mapped.code).toBe(status.INTERNAL);
    expect(mapped.details).toBe('internal error');
  });

  it('maps UNAVAILABLE so clients know to retry', () => {
    expect(toServiceError(new GatewayError('UNAVAILABLE', 'message broker unavailable')).code).toBe(
      status.UNAVAILABLE,
    );
  });
});
