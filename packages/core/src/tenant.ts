/** Token scopes (COMPLIANCE.md, Security). */
export const SCOPES = [
  'messages:send',
  'messages:send-emergency',
  'messages:read',
  'consent:write',
  'consent:read',
  'admin',
] as const;
export type Scope = (typeof SCOPES)[number];

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

/** True when the principal holds `scope` (or `admin`). */
export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.scopes.has(scope) || principal.scopes.has('admin');
}
