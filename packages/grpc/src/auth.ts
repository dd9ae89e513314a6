import type { Metadata } from '@grpc/grpc-js';
import {
  GatewayError,
  hasScope,
  type Authentication,
  type OperatorPrincipal,
  type OperatorScope,
  type Principal,
  type Scope,
} from '@smsgw/core';

/** Resolves a bearer token (the tenants directory, reloaded as its file changes). */
export interface Authenticator {
  authenticate(token: string): Authentication;
}

/** The tenant principal of a call from its `authorization: Bearer …` header, with `scope` required. */
export function authorize(
  metadata: Metadata,
  authenticator: Authenticator,
  scope: Scope,
): Principal {
  const found = authenticateCall(metadata, authenticator);
  if (found.kind === 'operator')
    throw new GatewayError('PERMISSION_DENIED', 'an operator token cannot act for a tenant');
  if (!hasScope(found.principal, scope))
    throw new GatewayError('PERMISSION_DENIED', `token lacks the ${scope} scope`);
  return found.principal;
}

/** The operator principal of a call, with `scope` required; tenant tokens are refused. */
export function authorizeOperator(
  metadata: Metadata,
  authenticator: Authenticator,
  scope: OperatorScope,
): OperatorPrincipal {
  const found = authenticateCall(metadata, authenticator);
  if (found.kind === 'tenant')
    throw new GatewayError('PERMISSION_DENIED', 'this API is for operator tokens only');
  if (!found.principal.scopes.has(scope))
    throw new GatewayError('PERMISSION_DENIED', `token lacks the ${scope} scope`);
  return found.principal;
}

function authenticateCall(
  metadata: Metadata,
  authenticator: Authenticator,
): Exclude<Authentication, { kind: 'refused' }> {
  const header = metadata.get('authorization')[0];
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match?.[1]) throw new GatewayError('UNAUTHENTICATED', 'missing bearer token');
  const found = authenticator.authenticate(match[1]);
  if (found.kind === 'refused') throw new GatewayError('UNAUTHENTICATED', found.why);
  return found;
}
