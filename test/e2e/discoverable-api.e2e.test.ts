import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { credentials, loadPackageDefinition, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { createHealthClient } from '@smsgw/grpc';
import { waitFor } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessGateway, type InProcessGateway } from '../support/in-process-gateway.js';

// What `grpcurl list` and `grpcurl describe` do: the standard reflection service (v1) on every
// server, read with a client that has none of the gateway's protos.
let gateway: InProcessGateway;

interface ReflectionAnswer {
  listServicesResponse?: { service: { name: string }[] };
  fileDescriptorResponse?: { fileDescriptorProto: Buffer[] };
  errorResponse?: { errorCode: number; errorMessage: string };
}
type ReflectionCall = {
  write(request: object): void;
  end(): void;
  on(event: 'data', listener: (answer: ReflectionAnswer) => void): void;
  on(event: 'error', listener: (err: ServiceError) => void): void;
};
type ReflectionClient = { serverReflectionInfo(): ReflectionCall; close(): void };

function reflectionClient(address: string): ReflectionClient {
  const root = dirname(createRequire(import.meta.url).resolve('@grpc/reflection/package.json'));
  const file = join(root, 'build/proto/grpc/reflection/v1/reflection.proto');
  const loaded = loadPackageDefinition(loadSync(file, { keepCase: false })) as unknown as {
    grpc: {
      reflection: { v1: { ServerReflection: new (a: string, c: unknown) => ReflectionClient } };
    };
  };
  return new loaded.grpc.reflection.v1.ServerReflection(address, credentials.createInsecure());
}

/** One reflection request, its one answer. */
async function reflect(address: string, request: object): Promise<ReflectionAnswer> {
  const client = reflectionClient(address);
  try {
    return await new Promise<ReflectionAnswer>((resolve, reject) => {
      const call = client.serverReflectionInfo();
      call.on('data', (answer) => {
        resolve(answer);
        call.end();
      });
      call.on('error', reject);
      call.write(request);
    });
  } finally {
    client.close();
  }
}

beforeAll(async () => {
  gateway = await startInProcessGateway('reflection');
}, 120_000);

afterAll(() => gateway?.stop());

describe('a discoverable API (gRPC server reflection and health on every server)', () => {
  const servers: [string, () => string, string[]][] = [
    ['ingress', () => gateway.addresses.ingress, ['smsgw.v1.MessagingService']],
    [
      'compliance',
      () => gateway.addresses.compliance,
      ['smsgw.v1.ComplianceService', 'smsgw.v1.ConsentService'],
    ],
    ['dispatcher', () => gateway.addresses.admin, ['smsgw.v1.DispatcherAdmin']],
  ];

  it.each(servers)('%s lists its services, health included', async (_name, address, own) => {
    const answer = await reflect(address(), { listServices: '' });
    const names = answer.listServicesResponse?.service.map((s) => s.name) ?? [];
    for (const service of [...own, 'grpc.health.v1.Health']) expect(names).toContain(service);
  });

  it.each(servers)(
    '%s describes its services (the file descriptor of each)',
    async (_n, address, own) => {
      for (const service of own) {
        const answer = await reflect(address(), { fileContainingSymbol: service });
        const files = answer.fileDescriptorResponse?.fileDescriptorProto ?? [];
        expect(files.length, service).toBeGreaterThan(0);
        // The descriptor names the service's methods (what `grpcurl describe` prints).
        expect(Buffer.concat(files).toString('latin1')).toContain(service.split('.').pop());
      }
      const unknown = await reflect(address(), { fileContainingSymbol: 'smsgw.v1.NoSuchService' });
      expect(unknown.errorResponse?.errorCode).toBe(5); // NOT_FOUND
    },
  );

  it.each(servers)('%s answers the standard health check', async (_name, address, own) => {
    const health = createHealthClient(address());
    try {
      // Health follows readiness (Kafka, Redis, a bind): wait for it rather than race it.
      for (const service of ['', ...own])
        await waitFor(async () => (await health.check(service)) === 'SERVING', {
          what: `${service || 'the server'} SERVING`,
          timeoutMs: 30_000,
        });
    } finally {
      health.close();
    }
  });
});
