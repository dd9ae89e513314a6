import { Writable } from 'node:stream';
import { Client, credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { callRaw, callRawClientStream, createHealthClient, GrpcStatus } from '@smsgw/grpc';
import { createLogger } from '@smsgw/observability';
import type protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessGateway, type InProcessGateway } from '../support/in-process-gateway.js';
import { loadApi, requestBytes } from './grpc-fuzz-generator.js';
import { rng } from './smpp-fuzz-generator.js';

// Fuzzed requests against every RPC of every service, over real gRPC: random and boundary values
// for every field, and bytes that are no message at all, under every kind of token. Each call
// must end with a status; none may reach the services' "unexpected error" path; every service
// must stay healthy. SMSGW_GRPC_FUZZ_PER_METHOD varies how many.
const PER_METHOD = Number(process.env.SMSGW_GRPC_FUZZ_PER_METHOD ?? 200);
const SEED = Number(process.env.SMSGW_FUZZ_SEED ?? 20261201);
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
let gateway: InProcessGateway;

beforeAll(async () => {
  gateway = await startInProcessGateway('grpc-fuzz', { logger });
}, 120_000);

afterAll(() => gateway?.stop());

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
    ['smsgw.v1.MessagingService', () => gateway.addresses.ingress],
    ['smsgw.v1.ConsentService', () => gateway.addresses.compliance],
    ['smsgw.v1.ComplianceService', () => gateway.addresses.compliance],
    ['smsgw.v1.DispatcherAdmin', () => gateway.addresses.admin],
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
