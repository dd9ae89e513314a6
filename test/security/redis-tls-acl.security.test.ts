import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTenantsFile } from '@smsgw/config';
import { createConsentClient, createMessagingClient } from '@smsgw/grpc';
import { startRedisServer, type RedisProcess } from '@smsgw/local-stack';
import {
  aclFileLine,
  createDispatchLedger,
  createRedis,
  redisKeys,
  type GatewayService,
  type Redis,
} from '@smsgw/redis';
import { createTestPki, uniqueName, waitFor } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessGateway } from '../support/in-process-gateway.js';
import { startSecurityIngress } from './ingress-fixture.js';

// Redis with TLS only (client certificates required) and an ACL user per service, built from the
// same rules operators deploy (serviceAcl): a real redis-server, real TLS handshakes.
const pki = createTestPki('redis');
const serverCert = pki.issue('redis');
const clientCert = pki.issue('smsgw');
const passwords: Record<GatewayService, string> = {
  ingress: uniqueName('pw-ingress'),
  compliance: uniqueName('pw-compliance'),
  dispatcher: uniqueName('pw-dispatcher'),
};
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
let redis: RedisProcess;
const clients: Redis[] = [];
const connectionErrors: string[] = [];

const TENANTS = new URL('../../deploy/local/tenants.json', import.meta.url).pathname;

/** A service's SMSGW_REDIS_* settings: TLS with a client certificate, its own user. */
function redisSettings(service: GatewayService): Record<string, string> {
  const passwordFile = join(pki.dir, `${service}.password`);
  writeFileSync(passwordFile, `${passwords[service]}\n`);
  return {
    SMSGW_REDIS_URL: redis.url,
    SMSGW_REDIS_ALLOW_UNSAFE: '0',
    SMSGW_REDIS_USERNAME: `smsgw-${service}`,
    SMSGW_REDIS_PASSWORD_FILE: passwordFile,
    SMSGW_REDIS_TLS_CA_FILE: pki.caFile,
    SMSGW_REDIS_TLS_CERT_FILE: clientCert.certFile,
    SMSGW_REDIS_TLS_KEY_FILE: clientCert.keyFile,
  };
}

async function connectAs(service: GatewayService | undefined, password?: string): Promise<Redis> {
  const client = createRedis({
    url: redis.url,
    connectionName: `acl-test-${service ?? 'anonymous'}`,
    maxRetriesPerRequest: 0,
    onError: (err) => connectionErrors.push(err.message),
    username: service ? `smsgw-${service}` : undefined,
    password: password ?? (service ? passwords[service] : undefined),
    tls: { caFile: pki.caFile, certFile: clientCert.certFile, keyFile: clientCert.keyFile },
  });
  client.options.retryStrategy = () => null; // a refused connection is an answer here
  clients.push(client);
  await client.connect();
  return client;
}

beforeAll(async () => {
  const aclFile = join(pki.dir, 'users.acl');
  writeFileSync(
    aclFile,
    [
      'user default off',
      ...(['ingress', 'compliance', 'dispatcher'] as const).map((s) =>
        aclFileLine(`smsgw-${s}`, s, sha256(passwords[s])),
      ),
    ].join('\n') + '\n',
  );
  redis = await startRedisServer({
    appendOnly: true,
    aclFile,
    tls: { ...serverCert, caFile: pki.caFile, client: clientCert },
  });
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await redis?.stop();
});

describe('Redis ACL users, one per service', () => {
  it('lets the dispatcher use its ledger (Lua scripts included) and nothing of compliance or ingress', async () => {
    const dispatcher = await connectAs('dispatcher');
    const ledger = createDispatchLedger(dispatcher, 60_000);
    expect(await ledger.claim(['01ACLTEST000000000000000001'], 'me', 1)).toEqual([
      { kind: 'claimed' },
    ]);
    await expect(dispatcher.hset(redisKeys.consent('acme', 'h'), 'optout', '1')).rejects.toThrow(
      /NOPERM/,
    );
    await expect(dispatcher.set(redisKeys.idempotency('acme', 'k'), 'x')).rejects.toThrow(/NOPERM/);
    // It reads the status projection, and cannot write it.
    expect(await dispatcher.lrange(redisKeys.statusHistory('acme', 'm'), 0, -1)).toEqual([]);
    await expect(dispatcher.rpush(redisKeys.statusHistory('acme', 'm'), 'forged')).rejects.toThrow(
      /NOPERM/,
    );
  });

  it('refuses administration and key scans to every service user', async () => {
    for (const service of ['ingress', 'compliance', 'dispatcher'] as const) {
      const client = await connectAs(service);
      await expect(client.flushall()).rejects.toThrow(/NOPERM/);
      await expect(client.config('SET', 'appendonly', 'no')).rejects.toThrow(/NOPERM/);
      await expect(client.keys('*')).rejects.toThrow(/NOPERM/);
      expect(await client.info('persistence')).toMatch(/aof_enabled:1/); // the boot check reads it
    }
  });

  it('refuses a wrong password and the default user', async () => {
    await expect(connectAs('ingress', 'not-the-password')).rejects.toThrow();
    expect(connectionErrors.join('\n')).toMatch(/WRONGPASS/);
    const failure = await connectAs(undefined)
      .then((c) => c.ping())
      .then(
        () => 'answered',
        (e: Error) => e.message,
      );
    expect(`${failure}\n${connectionErrors.join('\n')}`).toMatch(/NOAUTH/);
  });

  it('refuses a client without a certificate (tls-auth-clients yes)', async () => {
    const client = createRedis({
      url: redis.url,
      connectionName: 'no-cert',
      maxRetriesPerRequest: 0,
      username: 'smsgw-ingress',
      password: passwords.ingress,
      tls: { caFile: pki.caFile },
    });
    client.options.retryStrategy = () => null;
    clients.push(client);
    await expect(client.connect().then(() => client.ping())).rejects.toThrow();
  });

  it('runs ingress on it from the SMSGW_REDIS_* settings: a message is accepted over TLS as smsgw-ingress', async () => {
    const ingress = await startSecurityIngress(
      { ...redisSettings('ingress'), SMSGW_TENANTS_FILE: TENANTS },
      loadTenantsFile(TENANTS, { developmentMode: true }),
    );
    try {
      const messaging = createMessagingClient(`127.0.0.1:${ingress.grpcPort}`, 'dev-acme-token');
      const sent = await messaging.sendMessage({
        to: '+14155551234',
        from: 'Acme',
        body: 'Acme: over Redis TLS',
        category: 'TRANSACTIONAL',
        idempotencyKey: uniqueName('idem'), // written to Redis as smsgw-ingress
      });
      expect(sent.messageId).toMatch(/^[0-9A-Z]{26}$/);
      messaging.close();
    } finally {
      await ingress.stop();
    }
  });

  it('runs the whole gateway on it, each service as its own user: consent, a STOP by MO, a delivery', async () => {
    const gateway = await startInProcessGateway('redis-acl', {
      env: {
        ingress: redisSettings('ingress'),
        compliance: redisSettings('compliance'),
        dispatcher: redisSettings('dispatcher'),
      },
    });
    const { simulator } = gateway;
    const messaging = createMessagingClient(gateway.addresses.ingress, 'dev-acme-token');
    const consent = createConsentClient(gateway.addresses.compliance, 'dev-acme-token');
    try {
      const to = '+14155550177';
      await consent.recordConsent(to, 'PURPOSE_MARKETING', 'checkout');
      const sent = await messaging.sendMessage({
        to,
        from: 'Acme',
        body: 'Acme: your parcel is on its way',
        category: 'TRANSACTIONAL',
      });
      // Compliance's consent and caps, the dispatcher's ledger and carrier map, the receipt, and
      // ingress's status projection: every store, each written by its own user.
      await waitFor(
        async () => (await messaging.getMessage(sent.messageId)).state === 'DELIVERED',
        { what: 'DELIVERED read back through ingress', timeoutMs: 60_000 },
      );
      expect(await simulator.sendMo({ from: to, to: '12345', text: 'STOP' })).toEqual([0]);
      await waitFor(async () => (await consent.getConsent(to)).optedOut, {
        what: 'the opt-out recorded by compliance',
        timeoutMs: 60_000,
      });
    } finally {
      messaging.close();
      consent.close();
      await gateway.stop();
    }
  });
});
