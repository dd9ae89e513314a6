import { readFileSync } from 'node:fs';
import { parseTenants } from '@smsgw/config';
import {
  callRawClientStream,
  createConsentClient,
  GrpcStatus,
  readErrorReasons,
  type ConsentClient,
  type ServiceError,
} from '@smsgw/grpc';
import { createKafka, ensureTopics, gatewayTopics } from '@smsgw/kafka';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { complianceProto } from '@smsgw/proto';
import { CONSENT_HISTORY_CAP } from '@smsgw/redis';
import { lengthDelimited, smallVarint, uniqueName } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCompliance, type Compliance } from './app.js';
import { loadComplianceConfig } from './config.js';

const TENANTS_FILE = new URL('../../../deploy/local/tenants.json', import.meta.url).pathname;
const namespace = uniqueName('compliance-api');
const logger = createLogger({ service: 'api-test', level: 'silent' });
// A Wednesday afternoon in New York, so quiet hours do not interfere.
const clock = { nowMs: () => Date.parse('2026-06-10T15:00:00Z') };
let compliance: Compliance;
let acme: ConsentClient;
let globex: ConsentClient;
let readonly: ConsentClient;

beforeAll(async () => {
  await ensureTopics(
    createKafka({ brokers: inject('kafkaBrokers'), clientId: 'api-test', logger }),
    gatewayTopics(1, namespace),
  );
  compliance = await startCompliance(
    loadComplianceConfig({
      SMSGW_KAFKA_BROKERS: inject('kafkaBrokers').join(','),
      SMSGW_KAFKA_NAMESPACE: namespace,
      SMSGW_REDIS_URL: inject('redisUrl'),
      SMSGW_REDIS_ALLOW_UNSAFE: '1', // the test Redis keeps nothing on disk
      SMSGW_TENANTS_FILE: TENANTS_FILE,
      SMSGW_HASH_SALT: uniqueName('salt-for-api-tests'),
      SMSGW_COMPLIANCE_GRPC_HOST: '127.0.0.1',
      SMSGW_COMPLIANCE_GRPC_PORT: '0',
      SMSGW_COMPLIANCE_METRICS_PORT: '0',
    }),
    {
      logger,
      registry: createMetricsRegistry('compliance'),
      tenants: parseTenants(JSON.parse(readFileSync(TENANTS_FILE, 'utf8')), TENANTS_FILE, {
        developmentMode: true,
      }),
      clock,
    },
  );
  const address = `127.0.0.1:${compliance.grpcPort}`;
  acme = createConsentClient(address, 'dev-acme-token');
  globex = createConsentClient(address, 'dev-globex-token');
  readonly = createConsentClient(address, 'dev-acme-readonly');
});

afterAll(async () => {
  for (const c of [acme, globex, readonly]) c?.close();
  await compliance?.stop();
});

const failure = async (p: Promise<unknown>): Promise<ServiceError> =>
  (await p.then(
    () => expect.unreachable('call succeeded'),
    (e: unknown) => e,
  )) as ServiceError;

describe('ConsentService over gRPC', () => {
  it('records consent with evidence, per tenant, and exports the history', async () => {
    const to = '+12125550160';
    await acme.recordConsent(to, 'PURPOSE_MARKETING', 'checkout');
    expect((await acme.getConsent(to)).records).toEqual([
      expect.objectContaining({ purpose: 'PURPOSE_MARKETING', granted: true }),
    ]);
    expect((await globex.getConsent(to)).records).toEqual([]);
    await acme.revokeConsent(to, 'PURPOSE_MARKETING', 'preference_center');
    const history = await acme.exportEvidence(to);
    expect(history.map((h) => [h.action, h.purpose, h.evidence?.source])).toEqual([
      ['GRANT', 'PURPOSE_MARKETING', 'checkout'],
      ['REVOKE', 'PURPOSE_MARKETING', 'preference_center'],
    ]);
  });

  it('refuses consent without evidence, a bad number, or a token without consent:write', async () => {
    const noEvidence = await failure(acme.recordConsent('+12125550161', 'PURPOSE_MARKETING', ''));
    expect(readErrorReasons(noEvidence).map((r) => r.code)).toEqual(['EVIDENCE_REQUIRED']);
    expect(
      readErrorReasons(await failure(acme.recordConsent('12', 'PURPOSE_MARKETING', 'web'))).map(
        (r) => r.code,
      ),
    ).toEqual(['INVALID_NUMBER']);
    expect(
      (await failure(readonly.recordConsent('+12125550161', 'PURPOSE_MARKETING', 'web'))).code,
    ).toBe(GrpcStatus.PERMISSION_DENIED);
  });

  it('imports a stream of rows, counting and reporting the bad ones by index', async () => {
    type Row = {
      recipient: string;
      purpose: 'PURPOSE_MARKETING' | 'CONSENT_PURPOSE_UNSPECIFIED';
      evidence: { source: string };
    };
    const rows: Row[] = Array.from({ length: 2500 }, (_, i) => ({
      recipient: `+1212300${String(1000 + i).padStart(4, '0')}`,
      purpose: 'PURPOSE_MARKETING',
      evidence: { source: 'import' },
    }));
    rows[7] = {
      recipient: 'not-a-number',
      purpose: 'PURPOSE_MARKETING',
      evidence: { source: 'import' },
    };
    rows[9] = {
      recipient: '+12123009999',
      purpose: 'CONSENT_PURPOSE_UNSPECIFIED',
      evidence: { source: 'import' },
    };
    const result = await acme.importConsents(rows);
    expect(result).toMatchObject({ imported: 2498, refused: 2 });
    expect(result.reasons.map((r) => [r.code, r.index])).toEqual([
      ['INVALID_NUMBER', 7],
      ['INVALID_PURPOSE', 9],
    ]);
    expect((await acme.getConsent(rows[2000]?.recipient ?? '')).records).toEqual([
      expect.objectContaining({ granted: true }),
    ]);
  });

  it('refuses an imported row whose evidence is not UTF-8, and imports the others', async () => {
    const row = (recipient: string, proof: Buffer): Buffer =>
      Buffer.concat([
        lengthDelimited(1, Buffer.from(recipient)),
        smallVarint(2, 2), // PURPOSE_MARKETING
        lengthDelimited(
          3,
          Buffer.concat([lengthDelimited(1, Buffer.from('import')), lengthDelimited(4, proof)]),
        ),
      ]);
    const answer = await callRawClientStream(
      `127.0.0.1:${compliance.grpcPort}`,
      'dev-acme-token',
      '/smsgw.v1.ConsentService/ImportConsents',
      [
        row('+12123008001', Buffer.from('I agree')),
        row('+12123008002', Buffer.from([0x49, 0xff, 0x61])),
      ],
    );
    const method = complianceProto().smsgw.v1.ConsentService.service.ImportConsents;
    const result = method.responseDeserialize(answer) as {
      imported: number;
      refused: number;
      reasons: { code: string; index: number; field: string }[];
    };
    expect(result).toMatchObject({ imported: 1, refused: 1 });
    expect(result.reasons).toEqual([
      expect.objectContaining({
        code: 'INVALID_STRING_ENCODING',
        index: 1,
        field: 'evidence.proofText',
      }),
    ]);
  });

  it('forgets a recipient but keeps a hashed suppression when they had opted out', async () => {
    const to = '+12125550162';
    await acme.recordConsent(to, 'PURPOSE_MARKETING', 'web');
    expect(await acme.forgetRecipient(to)).toEqual({ suppressionKept: false, deferredDropped: 0 });
    expect(await acme.getConsent(to)).toEqual({ records: [], optedOut: false });
    expect(await acme.exportEvidence(to)).toEqual([]);
  });

  it('refuses consent evidence longer than its caps, naming each field', async () => {
    const err = await acme
      .recordConsent('+12125550165', 'PURPOSE_MARKETING', 'w'.repeat(101))
      .catch((e: unknown) => e);
    expect(readErrorReasons(err as ServiceError)).toEqual([
      expect.objectContaining({ code: 'FIELD_TOO_LONG', field: 'evidence.source' }),
    ]);
  });

  it('exports a history longer than one page whole and in order (read a page at a time), its newest 1,000 entries', async () => {
    const to = '+12125550166';
    const rows = Array.from({ length: 1201 }, (_, i) => ({
      recipient: to,
      purpose: 'PURPOSE_MARKETING' as const,
      evidence: { source: `import-${i}` },
    }));
    expect(await acme.importConsents(rows)).toMatchObject({ imported: 1201, refused: 0 });
    const history = await acme.exportEvidence(to);
    expect(history).toHaveLength(CONSENT_HISTORY_CAP);
    expect(history.map((h) => h.evidence?.source)).toEqual(
      rows.slice(-CONSENT_HISTORY_CAP).map((r) => r.evidence.source),
    );
  });

  // A refused export used to destroy its stream without a status: the caller hung until its
  // deadline (found by the gRPC fuzzer). It now ends with the status at once.
  it('ends a refused evidence export with its status (not a hang)', async () => {
    const refused = createConsentClient(`127.0.0.1:${compliance.grpcPort}`, 'forged-token');
    await expect(refused.exportEvidence('+12125550164')).rejects.toMatchObject({
      code: GrpcStatus.UNAUTHENTICATED,
    });
    refused.close();
    await expect(acme.exportEvidence('not a number')).rejects.toMatchObject({
      code: GrpcStatus.INVALID_ARGUMENT,
    });
  });
});

describe('ComplianceService.Evaluate (dry run)', () => {
  it('reports every reason and the body as it would be sent, without side effects', async () => {
    const to = '+12125550163';
    const refused = await acme.evaluate({
      to,
      from: 'Acme',
      body: 'Big sale at https://bit.ly/x',
      category: 'MARKETING',
    });
    expect(refused.decision).toBe('REJECT');
    expect(refused.reasons.map((r) => r.code).sort()).toEqual([
      'CONSENT_MISSING',
      'MISSING_IDENTIFICATION',
      'MISSING_OPT_OUT_INSTRUCTION',
      'URL_SHORTENER',
    ]);
    await acme.recordConsent(to, 'PURPOSE_MARKETING', 'web');
    const message = {
      to,
      from: 'Acme',
      body: 'Acme: 20% off. Reply STOP to opt out',
      category: 'MARKETING' as const,
    };
    // Twice in a row: a dry run never uses the hourly marketing budget.
    expect((await acme.evaluate(message)).decision).toBe('APPROVE');
    expect(await acme.evaluate(message)).toMatchObject({
      decision: 'APPROVE',
      segments: 1,
      encoding: 'GSM7',
      body: message.body,
    });
  });

  it('decides as if at the time asked: a night in New York holds marketing until the morning', async () => {
    const to = '+12125550167';
    await acme.recordConsent(to, 'PURPOSE_MARKETING', 'web');
    const message = {
      to,
      from: 'Acme',
      body: 'Acme: night deal. Reply STOP to opt out',
      category: 'MARKETING' as const,
    };
    const night = await acme.evaluate(message, Date.parse('2026-06-11T03:00:00Z')); // 23:00 EDT
    expect(night.decision).toBe('DEFER');
    expect(new Date(Number(night.releaseAtMs)).toISOString()).toBe('2026-06-11T12:00:00.000Z');
    const err = await failure(acme.evaluate(message, Date.parse('2046-06-11T03:00:00Z')));
    expect(readErrorReasons(err)).toEqual([
      expect.objectContaining({ code: 'INVALID_EVALUATION_TIME', field: 'at_ms' }),
    ]);
  });

  it('shows the rewrite a tenant asked for', async () => {
    const e = await globex.evaluate({
      to: '+12125550164',
      from: 'Globex',
      body: 'Your parcel is on its way',
      category: 'TRANSACTIONAL',
    });
    expect(e).toMatchObject({ decision: 'APPROVE', body: 'Globex: Your parcel is on its way' });
  });
});
