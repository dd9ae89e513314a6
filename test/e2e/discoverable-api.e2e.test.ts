import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { credentials, loadPackageDefinition, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { startCompliance, type Compliance } from '@smsgw/compliance/app';
import { loadComplianceConfig } from '@smsgw/compliance/config';
import { loadTenantsFile } from '@smsgw/config';
import { startDispatcher, type Dispatcher } from '@smsgw/dispatcher/app';
import { loadDispatcherConfig } from '@smsgw/dispatcher/config';
import { createHealthClient } from '@smsgw/grpc';
import { startIngress, type Ingress } from '@smsgw/ingress/app';
import { loadIngressConfig } from '@smsgw/ingress/config';
import { createKafka, ensureTopics, gatewayTopics } from '@smsgw/kafka';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { startSmscSimulator, type SmscSimulator } from '@smsgw/smpp';
import { uniqueName, waitFor } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// What `grpcurl list` and `grpcurl describe` do: the standard reflection service (v1) on every
// server, read with a client that has none of the gateway's protos.
const logger = createLogger({ service: 'discoverable-api', level: 'silent' });
const TENANTS = new URL('../../deploy/local/tenants.json', import.meta.url).pathname;
let ingress: Ingress;
let compliance: Compliance;
let dispatcher: Dispatcher;
let simulator: SmscSimulator;

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
  const namespace = uniqueName('reflection');
  const kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'reflection', logger });
  await ensureTopics(kafka, gatewayTopics(1, namespace));
  const common = {
    SMSGW_KAFKA_BROKERS: inject('kafkaBrokers').join(','),
    SMSGW_KAFKA_NAMESPACE: namespace,
    SMSGW_REDIS_URL: inject('redisUrl'),
    SMSGW_REDIS_ALLOW_UNSAFE: '1',
    SMSGW_TENANTS_FILE: TENANTS,
    SMSGW_DEVELOPMENT_MODE: '1',
  };
  const tenants = () => loadTenantsFile(TENANTS, { developmentMode: true });
  ingress = await startIngress(
    loadIngressConfig({ ...common, SMSGW_INGRESS_GRPC_PORT: '0', SMSGW_INGRESS_METRICS_PORT: '0' }),
    { logger, registry: createMetricsRegistry('r-ingress'), tenants: tenants() },
  );
  compliance = await startCompliance(
    loadComplianceConfig({
      ...common,
      SMSGW_HASH_KEYS: `reflect=${uniqueName('hash-key').padEnd(32, '0')}`,
      SMSGW_COMPLIANCE_GRPC_PORT: '0',
      SMSGW_COMPLIANCE_METRICS_PORT: '0',
    }),
    { logger, registry: createMetricsRegistry('r-compliance'), tenants: tenants() },
  );
  simulator = await startSmscSimulator({ credentials: { systemId: 'gw', password: 'pw' } });
  dispatcher = await startDispatcher(
    loadDispatcherConfig({
      ...common,
      SMSGW_DISPATCHER_SMSC_HOST: '127.0.0.1',
      SMSGW_DISPATCHER_SMSC_PORT: String(simulator.port),
      SMSGW_DISPATCHER_SMSC_SYSTEM_ID: 'gw',
      SMSGW_DISPATCHER_SMSC_PASSWORD: 'pw',
      SMSGW_DISPATCHER_METRICS_PORT: '0',
      SMSGW_DISPATCHER_ADMIN_PORT: '0',
    }),
    { logger, registry: createMetricsRegistry('r-dispatcher') },
  );
}, 120_000);

afterAll(async () => {
  await dispatcher?.stop();
  await simulator?.close();
  await compliance?.stop();
  await ingress?.stop();
});

describe('a discoverable API (gRPC server reflection and health on every server)', () => {
  const servers: [string, () => string, string[]][] = [
    ['ingress', () => `127.0.0.1:${ingress.grpcPort}`, ['smsgw.v1.MessagingService']],
    [
      'compliance',
      () => `127.0.0.1:${compliance.grpcPort}`,
      ['smsgw.v1.ComplianceService', 'smsgw.v1.ConsentService'],
    ],
    ['dispatcher', () => `127.0.0.1:${dispatcher.adminPort ?? 0}`, ['smsgw.v1.DispatcherAdmin']],
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
