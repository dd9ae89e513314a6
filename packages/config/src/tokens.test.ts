import { describe, expect, it } from 'vitest';
import { parseTenants } from './tenants.js';
import { hashToken } from './tokens.js';

const document = (extra: object = {}) => ({
  defaults: { contact: '+1 800 555 0100' },
  tenants: [
    {
      id: 'acme',
      name: 'Acme',
      senders: ['Acme'],
      tokens: [
        { sha256: hashToken('tenant-token'), scopes: ['messages:send', 'consent:read'] },
        {
          sha256: hashToken('old-token'),
          scopes: ['messages:send'],
          expiresAt: '2026-06-01T00:00:00Z',
        },
        { sha256: hashToken('marked-dev'), scopes: ['messages:send'], development: true },
        // A published token of deploy/local, copied without its development mark.
        { sha256: hashToken('dev-acme-token'), scopes: ['messages:send'] },
      ],
    },
  ],
  operators: [
    { id: 'ops', name: 'Ops', tokens: [{ sha256: hashToken('ops-token'), scopes: ['admin'] }] },
  ],
  ...extra,
});

describe('tenant and operator tokens', () => {
  it('keeps operators apart from tenants: an operator principal names no tenant and holds no tenant scope', () => {
    const directory = parseTenants(document());
    const operator = directory.authenticate('ops-token');
    expect(operator.kind).toBe('operator');
    expect(operator.kind === 'operator' && [...operator.principal.scopes]).toEqual(['admin']);
    expect(operator).not.toHaveProperty('principal.tenant');
    const tenant = directory.authenticate('tenant-token');
    expect(tenant.kind === 'tenant' && [...tenant.principal.scopes]).toEqual([
      'messages:send',
      'consent:read',
    ]);
  });

  it('refuses operator scopes on tenant tokens and tenant scopes on operator tokens, at boot', () => {
    const mixed = document({
      operators: [
        { id: 'ops', name: 'Ops', tokens: [{ sha256: hashToken('x'), scopes: ['messages:send'] }] },
      ],
    });
    expect(() => parseTenants(mixed)).toThrow(
      /operators\.0\.tokens\.0\.scopes\.0: operator scopes are admin/,
    );
  });

  it('refuses an expired token (with why), and accepts it before its expiry', () => {
    const before = parseTenants(document(), 'f', {
      nowMs: () => Date.parse('2026-05-31T23:59:59Z'),
    });
    expect(before.authenticate('old-token').kind).toBe('tenant');
    const after = parseTenants(document(), 'f', {
      nowMs: () => Date.parse('2026-06-01T00:00:00Z'),
    });
    expect(after.authenticate('old-token')).toEqual({
      kind: 'refused',
      why: 'bearer token expired',
    });
  });

  it('refuses development tokens (marked, or published in the repository) unless in development mode', () => {
    const production = parseTenants(document());
    for (const token of ['marked-dev', 'dev-acme-token'])
      expect(production.authenticate(token)).toMatchObject({
        kind: 'refused',
        why: expect.stringMatching(
          /development token is refused outside development mode/,
        ) as string,
      });
    expect(production.refusedDevelopmentTokens()).toBe(2);
    const development = parseTenants(document(), 'f', { developmentMode: true });
    expect(development.authenticate('marked-dev').kind).toBe('tenant');
    expect(development.authenticate('dev-acme-token').kind).toBe('tenant');
    expect(development.refusedDevelopmentTokens()).toBe(0);
  });

  it('refuses an expiry that is not an ISO 8601 instant with an offset', () => {
    const bad = document();
    (bad.tenants[0]!.tokens[1] as { expiresAt: string }).expiresAt = 'next tuesday';
    expect(() => parseTenants(bad)).toThrow(/tenants\.0\.tokens\.1\.expiresAt/);
  });
});
