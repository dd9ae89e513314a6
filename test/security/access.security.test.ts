import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashToken, watchTenantsFile, type WatchedTenantDirectory } from '@smsgw/config';
import { createMessagingClient, GrpcStatus, type ServiceError } from '@smsgw/grpc';
import type { Ingress } from '@smsgw/ingress/app';
import { waitFor } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecurityIngress } from './ingress-fixture.js';

// Access control over real gRPC, a real ingress in production mode (no SMSGW_DEVELOPMENT_MODE)
// and a tenants file on disk that the test edits while the service runs.
const dir = mkdtempSync(join(tmpdir(), 'access-'));
const path = join(dir, 'tenants.json');
const tenantsFile = (acmeTokens: string[]) =>
  JSON.stringify({
    defaults: { contact: '+1 800 555 0100' },
    tenants: [
      {
        id: 'acme',
        name: 'Acme',
        senders: ['Acme'],
        tokens: [
          ...acmeTokens.map((t) => ({ sha256: hashToken(t), scopes: ['messages:send'] })),
          {
            sha256: hashToken('expired'),
            scopes: ['messages:send'],
            expiresAt: '2026-01-01T00:00:00Z',
          },
          // The repository publishes this one; a copied file that forgot its mark.
          { sha256: hashToken('dev-acme-token'), scopes: ['messages:send'] },
        ],
      },
    ],
    operators: [
      { id: 'ops', name: 'Ops', tokens: [{ sha256: hashToken('ops-live'), scopes: ['admin'] }] },
    ],
  });

let ingress: Ingress;
let tenants: WatchedTenantDirectory;
const message = {
  to: '+14155551234',
  from: 'Acme',
  body: 'Acme: your code is 1',
  category: 'TRANSACTIONAL' as const,
};

async function send(token: string): Promise<{ code: GrpcStatus; details: string }> {
  const client = createMessagingClient(`127.0.0.1:${ingress.grpcPort}`, token);
  try {
    await client.sendMessage(message);
    return { code: GrpcStatus.OK, details: '' };
  } catch (err) {
    return { code: (err as ServiceError).code, details: (err as ServiceError).details };
  } finally {
    client.close();
  }
}

beforeAll(async () => {
  writeFileSync(path, tenantsFile(['acme-live', 'acme-revoked']));
  tenants = watchTenantsFile(path, { intervalMs: 100 });
  ingress = await startSecurityIngress({ SMSGW_TENANTS_FILE: path }, tenants);
});

afterAll(async () => {
  tenants?.close();
  await ingress?.stop();
});

describe('who may call the messaging API', () => {
  it('accepts a live tenant token', async () => {
    expect(await send('acme-live')).toEqual({ code: GrpcStatus.OK, details: '' });
  });

  it('refuses an operator token: an operator cannot send as a tenant', async () => {
    expect(await send('ops-live')).toEqual({
      code: GrpcStatus.PERMISSION_DENIED,
      details: expect.stringContaining('an operator token cannot act for a tenant') as string,
    });
  });

  it('refuses an expired token, saying so', async () => {
    expect(await send('expired')).toMatchObject({
      code: GrpcStatus.UNAUTHENTICATED,
      details: expect.stringContaining('bearer token expired') as string,
    });
  });

  it('refuses the published development tokens outside development mode', async () => {
    expect(await send('dev-acme-token')).toMatchObject({
      code: GrpcStatus.UNAUTHENTICATED,
      details: expect.stringContaining('development token is refused') as string,
    });
  });

  it('stops a token revoked in the tenants file, without a restart', async () => {
    expect((await send('acme-revoked')).code).toBe(GrpcStatus.OK);
    writeFileSync(`${path}.next`, tenantsFile(['acme-live']));
    renameSync(`${path}.next`, path);
    await waitFor(async () => (await send('acme-revoked')).code === GrpcStatus.UNAUTHENTICATED, {
      what: 'the revoked token refused',
    });
    expect((await send('acme-live')).code).toBe(GrpcStatus.OK);
  });
});
