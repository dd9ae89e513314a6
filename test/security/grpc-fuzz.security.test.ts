import { Writable } from 'node:stream';
import { Client, credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { startCompliance, type Compliance } from '@smsgw/compliance/app';
import { loadComplianceConfig } from '@smsgw/compliance/config';
import { loadTenantsFile } from '@smsgw/config';
import { startDispatcher, type Dispatcher } from '@smsgw/dispatcher/app';
import { loadDispatcherConfig } from '@smsgw/dispatcher/config';
import { callRaw, callRawClientStream, createHealthClient, GrpcStatus } from '@smsgw/grpc';
import { startIngress, type Ingress } from '@smsgw/ingress/app';
import { loadIngressConfig } from '@smsgw/ingress/config';
import { createKafka, ensureTopics, gatewayTopics } from '@smsgw/kafka';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { startSmscSimulator, type SmscSimulator } from '@smsgw/smpp';
import { uniqueName } from '@smsgw/testkit';
import type protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadApi, requestBytes } from './grpc-fuzz-generator.js';
import { rng } from './smpp-fuzz-generator.js';

// Fuzzed requests against every RPC of every service, over real gRPC: random and boundary values
// for every field, and bytes that are no message at all, under every kind of token. Each call
// must end with a status; none may reach the services' "unexpected error" path; every service
// must stay healthy. SMSGW_GRPC_FUZZ_PER_METHOD varies how many.
const PER_METHOD = Number(process.env.SMSGW_GRPC_FUZZ_PER_METHOD ?? 200);
const SEED = Number(process.env.SMSGW_FUZZ_SEED ?? 20261201);
const TENANTS = new URL('../../deploy/local/tenants.json', import.meta.url).pathname;
const TOKENS = [
  'dev-acme-token',
  'dev-acme-readonly',
  'dev-globex-token',
  'dev-ops-token',
  'forged',
  '',
];
const unexpected: string[] = [];
const internals = new Set<string>();
const capture = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split('\n'))
      if (line.includes('"level":50') || line.includes('"level":60')) unexpected.push(line);
    done();
  },
});
const logger = createLogger({ service: 'grpc-fuzz', level: 'error', destination: capture });
let ingress: Ingress;
let compliance: Compliance;
let dispatcher: Dispatcher;
let simulator: SmscSimulator;

beforeAll(async () => {
  const namespace = uniqueName('grpc-fuzz');
  const kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'grpc-fuzz', logger });
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
    { logger, registry: createMetricsRegistry('fuzz-ingress'), tenants: tenants() },
  );
  compliance = await startCompliance(
    loadComplianceConfig({
      ...common,
      SMSGW_HASH_SALT: uniqueName('salt'),
      SMSGW_COMPLIANCE_GRPC_PORT: '0',
      SMSGW_COMPLIANCE_METRICS_PORT: '0',
    }),
    { logger, registry: createMetricsRegistry('fuzz-compliance'), tenants: tenants() },
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
    { logger, registry: createMetricsRegistry('fuzz-dispatcher') },
  );
}, 120_000);

afterAll(async () => {
  await dispatcher?.stop();
  await simulator?.close();
  await compliance?.stop();
  await ingress?.stop();
});

function serverStream(
  address: string,
  token: string,
  path: string,
  request: Buffer,
): Promise<void> {
  const client = new Client(address, credentials.createInsecure());
  const metadata = new Metadata();
  if (token) metadata.set('authorization', `Bearer ${token}`);
  return new Promise<void>((resolve, reject) => {
    const call = client.makeServerStreamRequest(
      path,
      (b: Buffer) => b,
      (b: Buffer) => b,
      request,
      metadata,
    );
    call.on('data', () => undefined);
    call.on('error', reject);
    call.on('end', resolve);
  }).finally(() => client.close());
}

/** The status a call ended with (OK included): it must end with one. */
async function statusOf(call: Promise<unknown>): Promise<GrpcStatus> {
  try {
    await call;
    return GrpcStatus.OK;
  } catch (err) {
    const code = (err as ServiceError).code;
    if (typeof code !== 'number') throw err;
    if (code === GrpcStatus.INTERNAL) internals.add((err as ServiceError).details);
    return code;
  }
}

describe('fuzzed requests on every RPC', () => {
  const api = loadApi();
  const services: [string, () => string][] = [
    ['smsgw.v1.MessagingService', () => `127.0.0.1:${ingress.grpcPort}`],
    ['smsgw.v1.ConsentService', () => `127.0.0.1:${compliance.grpcPort}`],
    ['smsgw.v1.ComplianceService', () => `127.0.0.1:${compliance.grpcPort}`],
    ['smsgw.v1.DispatcherAdmin', () => `127.0.0.1:${dispatcher.adminPort ?? 0}`],
  ];
  const methods = services.flatMap(([name, address]) =>
    Object.values(api.lookupService(name).methods).map((m) => ({
      service: name,
      method: m,
      address,
    })),
  );

  it.each(methods.map((m) => [`${m.service.split('.').pop()}/${m.method.name}`, m] as const))(
    '%s answers every fuzzed request with a status and no unexpected error',
    async (_name, { service, method, address }) => {
      const r = rng(SEED + method.name.length * 7919 + service.length);
      const type = method.resolvedRequestType as protobuf.Type;
      const path = `/${service}/${method.name}`;
      const codes = new Map<string, number>();
      for (let i = 0; i < PER_METHOD; i++) {
        const token = TOKENS[i % TOKENS.length] as string;
        const call = method.requestStream
          ? callRawClientStream(
              address(),
              token,
              path,
              Array.from({ length: i % 4 }, () => requestBytes(r, type)),
            )
          : method.responseStream
            ? serverStream(address(), token, path, requestBytes(r, type))
            : callRaw(address(), token, path, requestBytes(r, type));
        const code = GrpcStatus[await statusOf(call)] ?? 'unknown';
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
      expect(unexpected).toEqual([]);
      expect(codes.has('UNKNOWN')).toBe(false);
      process.stdout.write(
        `${path}: ${PER_METHOD} fuzzed → ${JSON.stringify(Object.fromEntries(codes))}\n`,
      );
    },
  );

  it('leaves every service healthy and serving', async () => {
    process.stdout.write(`INTERNAL details: ${JSON.stringify([...internals])}\n`);
    for (const [, address] of services) {
      const health = createHealthClient(address());
      expect(await health.check()).toBe('SERVING');
      health.close();
    }
  });
});
