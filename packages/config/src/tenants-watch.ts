import { unwatchFile, watchFile } from 'node:fs';
import type { Tenant } from '@smsgw/core';
import { loadTenantsFile, type TenantDirectory } from './tenants.js';
import type { TokenOptions } from './tokens.js';

/** What a reload of the tenants file did (for the log: never the tokens themselves). */
export type TenantsReload =
  { ok: true; tenants: number; refusedDevelopmentTokens: number } | { ok: false; error: Error };

/** Options of {@link watchTenantsFile}. */
export interface WatchTenantsOptions extends TokenOptions {
  /** How often the file's mtime is checked (default 1 s). */
  intervalMs?: number;
  onReload?: (result: TenantsReload) => void;
}

/** A tenants directory that follows its file until closed. */
export interface WatchedTenantDirectory extends TenantDirectory {
  close(): void;
}

/**
 * Loads the tenants file (throwing ConfigError at boot) and reloads it whenever it changes, so a
 * revoked or added token takes effect within a second without a restart. A file that no longer
 * parses is reported and ignored: the last good directory stays in force, never an empty one.
 * Polled (stat) rather than `fs.watch`, so a file replaced by rename or a Kubernetes ConfigMap
 * symlink swap is seen too. Tenant policies read once at boot (compliance) still need a restart.
 */
export function watchTenantsFile(
  path: string,
  options: WatchTenantsOptions = {},
): WatchedTenantDirectory {
  let current = loadTenantsFile(path, options);
  const reload = (): void => {
    try {
      current = loadTenantsFile(path, options);
      options.onReload?.({
        ok: true,
        tenants: current.tenants().length,
        refusedDevelopmentTokens: current.refusedDevelopmentTokens(),
      });
    } catch (error) {
      options.onReload?.({ ok: false, error: error as Error });
    }
  };
  const listener = (now: { mtimeMs: number; size: number }, before: typeof now) => {
    if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) reload();
  };
  watchFile(path, { interval: options.intervalMs ?? 1000, persistent: false }, listener);
  return {
    authenticate: (token) => current.authenticate(token),
    tenants: (): readonly Tenant[] => current.tenants(),
    refusedDevelopmentTokens: () => current.refusedDevelopmentTokens(),
    close: () => unwatchFile(path, listener),
  };
}
