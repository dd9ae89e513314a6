import type { SmsMessage, StatusEvent } from '@smsgw/core';
import { createDeadLetters, topicNames, type StageRecord } from '@smsgw/kafka';
import { createMetricsRegistry } from '@smsgw/observability';
import { approvedEventCodec, statusEventCodec } from '@smsgw/proto';
import { describe, expect, it } from 'vitest';
import { createBatchSubmitter } from './submit-batch.js';
import type { ApprovedMessage } from './submit-message.js';

const records = (count: number): StageRecord[] =>
  Array.from({ length: count }, (_, i) => {
    const sms: SmsMessage = {
      messageId: `01M${String(i).padStart(23, '0')}`,
      tenantId: 'acme',
      to: '+14155550123',
      from: 'Acme',
      body: `m${i}`,
      category: 'TRANSACTIONAL',
      acceptedAtMs: 0,
      idempotencyKey: '',
      emergencyReason: '',
    };
    return {
      partition: 0,
      offset: String(i),
      key: sms.to,
      value: approvedEventCodec().encode({ sms, priority: 0 }),
    };
  });

const deadLetters = () =>
  createDeadLetters({
    registry: createMetricsRegistry('test'),
    stage: 'dispatcher',
    inputTopic: topicNames('').approved,
    deadLetterTopic: topicNames('').deadLetter,
  });

const submitted = (m: ApprovedMessage): StatusEvent => ({
  messageId: m.sms.messageId,
  tenantId: 'acme',
  state: 'SUBMITTED',
  atMs: 1,
  stage: 'dispatcher',
  reasons: [],
  carrierMessageId: 'c',
  connector: 'x',
});

/** A submitter whose calls finish when the test says so. */
function controlled() {
  const waiting: { message: ApprovedMessage; finish: (fail?: Error) => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const submit = (message: ApprovedMessage): Promise<StatusEvent> =>
    new Promise((resolve, reject) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      waiting.push({
        message,
        finish: (fail) => (inFlight--, fail ? reject(fail) : resolve(submitted(message))),
      });
    });
  const next = async (): Promise<{ message: ApprovedMessage; finish: (fail?: Error) => void }> => {
    for (let i = 0; i < 100 && waiting.length === 0; i++) await new Promise((r) => setImmediate(r));
    return waiting.shift() as (typeof waiting)[number];
  };
  return {
    submit,
    next,
    started: () => waiting.length,
    get maxInFlight() {
      return maxInFlight;
    },
  };
}

describe('batch submitter', () => {
  it('keeps at most `concurrency` messages under way and returns the events in input order', async () => {
    const c = controlled();
    const run = createBatchSubmitter(topicNames(''), c.submit, 3, deadLetters());
    const batch = run(records(10));
    for (let i = 0; i < 10; i++) (await c.next()).finish();
    const out = await batch;
    expect(c.maxInFlight).toBe(3);
    expect(out.map((r) => statusEventCodec().decode(r.value).messageId)).toEqual(
      records(10).map((r) => approvedEventCodec().decode(r.value).sms?.messageId),
    );
  });

  it('shares the limit between batches of different partitions', async () => {
    const c = controlled();
    const run = createBatchSubmitter(topicNames(''), c.submit, 4, deadLetters());
    const batches = [run(records(6)), run(records(6))];
    for (let i = 0; i < 12; i++) (await c.next()).finish();
    await Promise.all(batches);
    expect(c.maxInFlight).toBe(4);
  });

  it('starts nothing new after a failure and rejects once those under way have settled', async () => {
    const c = controlled();
    const run = createBatchSubmitter(topicNames(''), c.submit, 2, deadLetters());
    let settled = false;
    const batch = run(records(10)).finally(() => (settled = true));
    const first = await c.next();
    const second = await c.next();
    first.finish(new Error('no route'));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false); // the second message is still at the SMSC
    expect(c.started()).toBe(0); // and nothing new began
    second.finish();
    await expect(batch).rejects.toThrow('no route');
    expect(c.started()).toBe(0);
  });

  it('turns an undecodable record and one without a message into dead letters and submits the rest', async () => {
    const c = controlled();
    const run = createBatchSubmitter(topicNames(''), c.submit, 2, deadLetters());
    const [good] = records(1);
    const garbage = { partition: 3, offset: '7', key: 'k', value: Buffer.from([0x0a, 0xff, 0xff]) };
    const empty = { partition: 3, offset: '8', key: 'k', value: approvedEventCodec().encode({}) };
    const batch = run([garbage, good as StageRecord, empty]);
    (await c.next()).finish();
    const out = await batch;
    const dead = out.filter((r) => r.topic === topicNames('').deadLetter);
    expect(dead.map((r) => r.headers?.['smsgw-reason'])).toEqual(['undecodable', 'invalid']);
    expect(dead[0]).toMatchObject({
      key: 'k',
      value: garbage.value,
      headers: { 'smsgw-source': 'smsgw.sms.approved.v1/3@7', 'smsgw-stage': 'dispatcher' },
    });
    expect(out.filter((r) => r.topic === topicNames('').status)).toHaveLength(1);
  });
});
