/** Tenant token scopes (COMPLIANCE.md, Security): what a tenant's service may do for it. */
export const SCOPES = [
  'messages:send',
  'messages:send-emergency',
  'messages:read',
  'consent:write',
  'consent:read',
] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * Operator token scopes: the gateway's own operators (carriers, binds). Kept apart from tenant
 * scopes on purpose: an operator token never acts for a tenant, a tenant token never sees carriers.
 */
export const OPERATOR_SCOPES = ['admin'] as const;
export type OperatorScope = (typeof OPERATOR_SCOPES)[number];

import type { TenantPolicy } from './policy.js';

/** What the gateway knows of a tenant. */
export interface Tenant {
  id: string;
  name: string;
  /** Sender ids (alphanumeric, short codes, E.164 numbers) registered to this tenant. */
  senders: ReadonlySet<string>;
  policy: TenantPolicy;
}

/** The caller of a request, once its bearer token has been checked. */
export interface Principal {
  tenant: Tenant;
  scopes: ReadonlySet<Scope>;
}

/** One of the gateway's operators (who runs it), never a tenant. */
export interface OperatorPrincipal {
  operator: { id: string; name: string };
  scopes: ReadonlySet<OperatorScope>;
}

/** What a bearer token stands for: a tenant's caller, an operator, or nobody (and why). */
export type Authentication =
  | { kind: 'tenant'; principal: Principal }
  | { kind: 'operator'; principal: OperatorPrincipal }
  | { kind: 'refused'; why: string };

/** True when the principal holds `scope`; no scope implies another. */
export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.scopes.has(scope);
}
