import type { SmsMessage } from '@smsgw/core';
import { createDeadLetters, type StageRecord } from '@smsgw/kafka';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { acceptedEventCodec, statusEventCodec } from '@smsgw/proto';
import {
  createDeferredQueue,
  createMarkers,
  createRedis,
  redisKeys,
  type Redis,
} from '@smsgw/redis';
import { uniqueName } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDecisionHandler } from './decide-batch.js';
import type { Evaluation, Evaluator } from './evaluator.js';
import { createComplianceMetrics } from './metrics.js';

// Which records publish a message's ACCEPTED event: the decision handler on the real Redis
// markers, with an evaluator that decides what each test says (the rules are tested elsewhere).
let redis: Redis;
beforeAll(async () => {
  // A database of its own: the deferred queue's key is one per Redis, and other suites' releasers read theirs.
  const url = new URL(inject('redisUrl'));
  url.pathname = '/9';
  redis = createRedis({ url: url.toString(), connectionName: 'decide-batch-test' });
  await redis.connect();
});
afterAll(async () => {
  await redis.del(redisKeys.deferred());
  redis.disconnect();
});

const topics = {
  accepted: 'accepted',
  approved: 'approved',
  status: 'status',
  inbound: 'inbound',
  deadLetter: 'deadletter',
};
const status = statusEventCodec();

function handler(decide: (sms: SmsMessage) => Evaluation['decision']) {
  const evaluate = ((messages: SmsMessage[]) =>
    Promise.resolve(
      messages.map((sms) => ({
        decision: decide(sms),
        sms,
        reasons: [],
        advisories: [],
        segments: 1,
        encoding: 'GSM7',
        releaseAtMs: Date.now() + 60_000,
        priority: 0,
      })),
    )) as unknown as Evaluator;
  return createDecisionHandler({
    evaluate,
    markers: createMarkers(redis, 60_000),
    deferred: createDeferredQueue(redis),
    topics,
    clock: { nowMs: () => 1_000 },
    metrics: createComplianceMetrics(createMetricsRegistry('test')),
    logger: createLogger({ service: 'test', level: 'silent' }),
    audit: () => Promise.resolve(),
    countOptedOutRefusals: () => Promise.resolve(),
    deadLetters: createDeadLetters({
      registry: createMetricsRegistry('test'),
      stage: 'test',
      inputTopic: topics.accepted,
      deadLetterTopic: topics.deadLetter,
    }),
  });
}

const message = (): SmsMessage => ({
  messageId: uniqueName('msg'),
  tenantId: 'acme',
  to: '+12125550100',
  from: 'Acme',
  body: 'Acme: hello',
  category: 'TRANSACTIONAL',
  acceptedAtMs: 500,
  idempotencyKey: '',
  emergencyReason: '',
});
const record = (sms: SmsMessage, offset: number): StageRecord => ({
  partition: 0,
  offset: String(offset),
  key: sms.to,
  value: acceptedEventCodec().encode({ sms }),
});
const states = (out: { topic: string; value: Buffer }[]): string[] =>
  out.filter((r) => r.topic === 'status').map((r) => status.decode(r.value).state as string);

describe('decision handler: the ACCEPTED event', () => {
  it("is published with the decision by a message's first record, again on a replay of that record, never for a copy at another offset", async () => {
    const decide = handler(() => 'APPROVE');
    const sms = message();
    const first = await decide([record(sms, 10)]);
    expect(states(first)).toEqual(['ACCEPTED', 'APPROVED']);
    expect(
      status.decode(first.find((r) => r.topic === 'status')?.value ?? Buffer.alloc(0)),
    ).toMatchObject({ messageId: sms.messageId, state: 'ACCEPTED', atMs: 500, stage: 'ingress' });
    expect(states(await decide([record(sms, 10)]))).toEqual(['ACCEPTED', 'APPROVED']); // an aborted transaction's batch, replayed
    expect(await decide([record(sms, 11)])).toEqual([]); // ingress wrote it again (a client retry): nothing
  });

  it('is published once for a deferred message: with DEFERRED, not again with the decision at its release', async () => {
    let released = false;
    const decide = handler(() => (released ? 'APPROVE' : 'DEFER'));
    const sms = message();
    expect(states(await decide([record(sms, 20)]))).toEqual(['ACCEPTED', 'DEFERRED']);
    released = true;
    expect(states(await decide([record(sms, 35)]))).toEqual(['APPROVED']);
  });
});
