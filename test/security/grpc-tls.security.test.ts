import { copyFileSync } from 'node:fs';
import {
  addHealthService,
  bindGrpcServer,
  createGrpcServer,
  createHealthClient,
  createMessagingClient,
  GrpcStatus,
  shutdownGrpcServer,
  type ClientTls,
  type Server,
  type ServiceError,
} from '@smsgw/grpc';
import { ConfigError, loadTenantsFile } from '@smsgw/config';
import { loadIngressConfig } from '@smsgw/ingress/config';
import { createTestPki, waitFor } from '@smsgw/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { startSecurityIngress } from './ingress-fixture.js';

// TLS and mTLS on the gRPC servers, over loopback with a real handshake: a server bound the
// way every service binds its API (bindGrpcServer), certificates from a throwaway CA.
const pki = createTestPki('grpc');
const server = pki.issue('server');
const client = pki.issue('client');
const stranger = createTestPki('stranger');
const strangerClient = stranger.issue('client');
const servers: Server[] = [];

async function start(tls: Parameters<typeof bindGrpcServer>[3]): Promise<string> {
  const s = createGrpcServer();
  addHealthService(s, []).setStatus('', 'SERVING');
  servers.push(s);
  return `127.0.0.1:${await bindGrpcServer(s, '127.0.0.1', 0, tls)}`;
}

async function check(address: string, tls?: ClientTls): Promise<string | number> {
  const health = createHealthClient(address, tls && { serverName: 'localhost', ...tls });
  try {
    return await health.check();
  } catch (err) {
    return (err as ServiceError).code;
  } finally {
    health.close();
  }
}

afterAll(async () => {
  for (const s of servers) await shutdownGrpcServer(s, 100);
});

describe('gRPC with mTLS', () => {
  const serverTls = {
    certFile: server.certFile,
    keyFile: server.keyFile,
    clientCaFile: pki.caFile,
  };

  it('serves a client whose certificate the client CA signed', async () => {
    const address = await start(serverTls);
    expect(await check(address, { caFile: pki.caFile, ...client })).toBe('SERVING');
  });

  it('refuses a client without a certificate, one signed by another CA, and plaintext', async () => {
    const address = await start(serverTls);
    expect(await check(address, { caFile: pki.caFile })).toBe(GrpcStatus.UNAVAILABLE);
    expect(
      await check(address, {
        caFile: pki.caFile,
        certFile: strangerClient.certFile,
        keyFile: strangerClient.keyFile,
      }),
    ).toBe(GrpcStatus.UNAVAILABLE);
    expect(await check(address)).toBe(GrpcStatus.UNAVAILABLE);
  });

  it('refuses a bearer call before authentication when the handshake fails (no token reaches the service)', async () => {
    const address = await start(serverTls);
    const messaging = createMessagingClient(address, 'any-token', { caFile: pki.caFile });
    await expect(messaging.getMessage('x')).rejects.toMatchObject({ code: GrpcStatus.UNAVAILABLE });
    messaging.close();
  });
});

describe('gRPC with TLS only', () => {
  it('serves any client that trusts the server, and a client that does not trust it is refused', async () => {
    const address = await start({ certFile: server.certFile, keyFile: server.keyFile });
    expect(await check(address, { caFile: pki.caFile })).toBe('SERVING');
    expect(await check(address, { caFile: stranger.caFile })).toBe(GrpcStatus.UNAVAILABLE);
  });

  it('takes a renewed certificate from its files without a restart', async () => {
    // The server's files are copies that the "renewal" overwrites in place.
    const live = { certFile: `${pki.dir}/live.cert.pem`, keyFile: `${pki.dir}/live.key.pem` };
    copyFileSync(server.certFile, live.certFile);
    copyFileSync(server.keyFile, live.keyFile);
    const address = await start({ ...live, reloadIntervalMs: 100 });
    expect(await check(address, { caFile: pki.caFile })).toBe('SERVING');
    const renewed = stranger.issue('server');
    copyFileSync(renewed.certFile, live.certFile);
    copyFileSync(renewed.keyFile, live.keyFile);
    await waitFor(async () => (await check(address, { caFile: stranger.caFile })) === 'SERVING', {
      what: 'the renewed certificate served',
    });
    expect(await check(address, { caFile: pki.caFile })).toBe(GrpcStatus.UNAVAILABLE);
  });
});

describe('TLS settings of a service', () => {
  it('refuses at boot a certificate whose key is not its own (a config error naming the files)', async () => {
    const s = createGrpcServer();
    servers.push(s);
    await expect(
      bindGrpcServer(s, '127.0.0.1', 0, { certFile: server.certFile, keyFile: client.keyFile }),
    ).rejects.toThrow(ConfigError);
  });

  it('refuses a certificate without its key, and mTLS without a server certificate', () => {
    const base = {
      SMSGW_KAFKA_BROKERS: '127.0.0.1:9092',
      SMSGW_REDIS_URL: 'redis://127.0.0.1:6379',
      SMSGW_TENANTS_FILE: 'tenants.json',
    };
    expect(() => loadIngressConfig({ ...base, SMSGW_GRPC_TLS_CERT_FILE: server.certFile })).toThrow(
      /SMSGW_GRPC_TLS_KEY_FILE: a TLS certificate and its key go together/,
    );
    expect(() => loadIngressConfig({ ...base, SMSGW_GRPC_TLS_CLIENT_CA_FILE: pki.caFile })).toThrow(
      /SMSGW_GRPC_TLS_CLIENT_CA_FILE: mTLS needs the server certificate too/,
    );
  });

  it('serves the messaging API over mTLS when the SMSGW_GRPC_TLS_* settings are set (ingress)', async () => {
    const tenantsFile = new URL('../../deploy/local/tenants.json', import.meta.url).pathname;
    const ingress = await startSecurityIngress(
      {
        SMSGW_TENANTS_FILE: tenantsFile,
        SMSGW_GRPC_TLS_CERT_FILE: server.certFile,
        SMSGW_GRPC_TLS_KEY_FILE: server.keyFile,
        SMSGW_GRPC_TLS_CLIENT_CA_FILE: pki.caFile,
      },
      loadTenantsFile(tenantsFile, { developmentMode: true }),
    );
    try {
      const address = `127.0.0.1:${ingress.grpcPort}`;
      const tls = { caFile: pki.caFile, serverName: 'localhost', ...client };
      const messaging = createMessagingClient(address, 'dev-acme-token', tls);
      const sent = await messaging.sendMessage({
        to: '+14155551234',
        from: 'Acme',
        body: 'Acme: over mTLS',
        category: 'TRANSACTIONAL',
      });
      expect(sent.messageId).toMatch(/^[0-9A-Z]{26}$/);
      messaging.close();
      const plain = createMessagingClient(address, 'dev-acme-token');
      await expect(plain.getMessage(sent.messageId)).rejects.toMatchObject({
        code: GrpcStatus.UNAVAILABLE,
      });
      plain.close();
    } finally {
      await ingress.stop();
    }
  });
});
