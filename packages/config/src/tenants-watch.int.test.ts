import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@smsgw/testkit';
import { describe, expect, it } from 'vitest';
import { watchTenantsFile, type TenantsReload } from './tenants-watch.js';
import { hashToken } from './tokens.js';

const file = (tokens: string[]) =>
  JSON.stringify({
    defaults: { contact: '+1 800 555 0100' },
    tenants: [
      {
        id: 'acme',
        name: 'Acme',
        senders: ['Acme'],
        tokens: tokens.map((t) => ({ sha256: hashToken(t), scopes: ['messages:send'] })),
      },
    ],
  });

describe('the tenants file, followed while the service runs (real files)', () => {
  it('stops a revoked token and accepts a new one without a restart; a broken file leaves the last good one in force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenants-'));
    const path = join(dir, 'tenants.json');
    writeFileSync(path, file(['kept', 'revoked']));
    const reloads: TenantsReload[] = [];
    const directory = watchTenantsFile(path, { intervalMs: 50, onReload: (r) => reloads.push(r) });
    try {
      expect(directory.authenticate('revoked').kind).toBe('tenant');
      // Replaced by rename, as editors and ConfigMap updates do.
      writeFileSync(`${path}.new`, file(['kept', 'added']));
      renameSync(`${path}.new`, path);
      await waitFor(() => directory.authenticate('revoked').kind === 'refused', {
        what: 'the revoked token refused',
      });
      expect(directory.authenticate('added').kind).toBe('tenant');
      expect(directory.authenticate('kept').kind).toBe('tenant');

      writeFileSync(path, '{ "tenants": [ broken');
      await waitFor(() => reloads.some((r) => !r.ok), { what: 'the broken file reported' });
      expect(directory.authenticate('kept').kind).toBe('tenant');
      expect(directory.authenticate('added').kind).toBe('tenant');
    } finally {
      directory.close();
    }
  });
});
