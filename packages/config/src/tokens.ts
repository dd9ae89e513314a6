import { createHash } from 'node:crypto';
import type { Authentication } from '@smsgw/core';
import { z } from 'zod';

/** sha256 hex of a bearer token, as stored in the tenants file. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The tokens `deploy/local/tenants.json` publishes in clear (README, scripts). Refused outside
 * development mode even when a copied file forgets to mark them `development`: anyone who has read
 * the repository holds them.
 */
const PUBLISHED_TOKENS: ReadonlySet<string> = new Set(
  ['dev-acme-token', 'dev-acme-readonly', 'dev-ops-token', 'dev-globex-token'].map(hashToken),
);

/** One token of the file: hashed, scoped, optionally expiring or for development only. */
export function tokenSchema<S extends z.ZodType<string>>(scope: S) {
  return z.object({
    /** sha256 of the bearer token, hex. Tokens are never stored in clear. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex sha256'),
    scopes: z.array(scope).min(1),
    description: z.string().max(200).optional(),
    /** After this instant the token is refused (ISO 8601 with an offset). */
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    /** Accepted only by a process in development mode (SMSGW_DEVELOPMENT_MODE=1). */
    development: z.boolean().optional(),
  });
}

type TokenEntry = z.infer<ReturnType<typeof tokenSchema>>;

/** Options of the token index. */
export interface TokenOptions {
  /** SMSGW_DEVELOPMENT_MODE: development tokens are accepted (never in production). */
  developmentMode?: boolean;
  /** Clock for expiry (tests). */
  nowMs?: () => number;
}

/** Hash → what the token stands for, with its expiry and development marks. */
export function createTokenIndex(options: TokenOptions) {
  const now = options.nowMs ?? Date.now;
  const byHash = new Map<
    string,
    { found: Exclude<Authentication, { kind: 'refused' }>; expiresAtMs: number; dev: boolean }
  >();
  const unknown: Authentication = { kind: 'refused', why: 'invalid bearer token' };
  return {
    add(entry: TokenEntry, found: Exclude<Authentication, { kind: 'refused' }>): void {
      byHash.set(entry.sha256, {
        found,
        expiresAtMs: entry.expiresAt ? Date.parse(entry.expiresAt) : Infinity,
        dev: entry.development === true || PUBLISHED_TOKENS.has(entry.sha256),
      });
    },
    /** Development tokens this process refuses (for a warning at boot). */
    refusedDevelopmentTokens(): number {
      if (options.developmentMode) return 0;
      return [...byHash.values()].filter((t) => t.dev).length;
    },
    authenticate(token: string): Authentication {
      const entry = byHash.get(hashToken(token));
      if (!entry) return unknown;
      if (entry.dev && !options.developmentMode)
        return {
          kind: 'refused',
          why: 'a development token is refused outside development mode (SMSGW_DEVELOPMENT_MODE)',
        };
      if (now() >= entry.expiresAtMs) return { kind: 'refused', why: 'bearer token expired' };
      return entry.found;
    },
  };
}
