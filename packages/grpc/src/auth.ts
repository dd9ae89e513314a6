import type { Metadata } from '@grpc/grpc-js';
import { GatewayError, hasScope, type Principal, type Scope } from '@smsgw/core';

/** Resolves a bearer token to a principal (the tenants directory). */
export interface Authenticator {
  authenticate(token: string): Principal | undefined;
}

/** The principal of a call from its `authorization: Bearer …` header, with `scope` required. */
export function authorize(
  metadata: Metadata,
  authenticator: Authenticator,
  scope: Scope,
): Principal {
  const header = metadata.get('authorization')[0];
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match?.[1]) throw new GatewayError('UNAUTHENTICATED', 'missing bearer token');
  const principal = authenticator.authenticate(match[1]);
  if (!principal) throw new GatewayError('UNAUTHENTICATED', 'invalid bearer token');
  if (!hasScope(principal, scope))
    throw new GatewayError('PERMISSION_DENIED', `token lacks the ${scope} scope`);
  return principal;
}
