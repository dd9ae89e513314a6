import type { SmsMessage } from '@smsgw/core';
import {
  createBatchingProducer,
  createKafka,
  ensureTopics,
  gatewayTopics,
  readCommitted,
  topicNames,
  type BatchingProducer,
  type Kafka,
} from '@smsgw/kafka';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { approvedEventCodec, inboundMessageCodec, statusEventCodec } from '@smsgw/proto';
import { startSmscSimulator, type SmscSimulator } from '@smsgw/smpp';
import { uniqueName, waitFor } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDispatcher, type Dispatcher } from './app.js';
import { loadDispatcherConfig } from './config.js';

// Receipts and MO from a (simulated) carrier, through the dispatcher, into Kafka.
const logger = createLogger({ service: 'deliveries', level: 'silent' });
const namespace = uniqueName('deliveries');
const topics = topicNames(namespace);
let simulator: SmscSimulator;
let dispatcher: Dispatcher;
let kafka: Kafka;
let producer: BatchingProducer;

beforeAll(async () => {
  kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'deliveries', logger });
  await ensureTopics(kafka, gatewayTopics(2, namespace));
  producer = createBatchingProducer(kafka);
  await producer.connect();
  // Receipts in decimal for ids the SMSC gave in hex, as some carriers do.
  simulator = await startSmscSimulator({
    credentials: { systemId: 'gw', password: 'pw' },
    behaviour: { dlr: { delayMs: 50, idFormat: 'decimal' } },
  });
  dispatcher = await startDispatcher(config(), {
    logger,
    registry: createMetricsRegistry('dispatcher'),
  });
});

const config = () =>
  loadDispatcherConfig({
    SMSGW_KAFKA_BROKERS: inject('kafkaBrokers').join(','),
    SMSGW_KAFKA_NAMESPACE: namespace,
    SMSGW_REDIS_URL: inject('redisUrl'),
    SMSGW_REDIS_ALLOW_UNSAFE: '1', // the test Redis keeps nothing on disk
    SMSGW_DISPATCHER_SMSC_HOST: '127.0.0.1',
    SMSGW_DISPATCHER_SMSC_PORT: String(simulator.port),
    SMSGW_DISPATCHER_SMSC_SYSTEM_ID: 'gw',
    SMSGW_DISPATCHER_SMSC_PASSWORD: 'pw',
    SMSGW_DISPATCHER_METRICS_PORT: '0',
    SMSGW_DISPATCHER_DLR_ID_FORMAT: 'decimal',
  });

afterAll(async () => {
  await dispatcher?.stop();
  await producer?.disconnect();
  await simulator?.close();
});

describe('delivery receipts', () => {
  it('turns receipts into DELIVERED status events, correlated across hex and decimal ids', async () => {
    const messages: SmsMessage[] = Array.from({ length: 10 }, (_, i) => ({
      messageId: `01DELIVERIES${String(i).padStart(14, '0')}`,
      tenantId: 'acme',
      to: `+1212200${1000 + i}`,
      from: 'Acme',
      body: `Acme: receipt test ${i}`,
      category: 'TRANSACTIONAL',
      acceptedAtMs: Date.now(),
      idempotencyKey: '',
      emergencyReason: '',
    }));
    await producer.send(
      messages.map((sms) => ({
        topic: topics.approved,
        key: sms.to,
        value: approvedEventCodec().encode({ sms, priority: 0 }),
      })),
    );
    const delivered = (records: readonly { value: Buffer }[]) =>
      records.map((r) => statusEventCodec().decode(r.value)).filter((e) => e.state === 'DELIVERED');
    const events = delivered(
      await readCommitted(kafka, topics.status, {
        until: (r) => delivered(r).length >= 10,
        timeoutMs: 30_000,
      }),
    );
    expect(events.map((e) => e.messageId).sort()).toEqual(messages.map((m) => m.messageId));
    expect(events[0]).toMatchObject({
      stage: 'dispatcher',
      connector: 'default',
      reasons: [{ code: 'DLR_DELIVRD', message: 'err:000' }],
    });
    await waitFor(() => simulator.receiptAcks.length >= 10, { what: 'receipts acknowledged' });
    expect(simulator.receiptAcks).toEqual(Array(10).fill(0));
  });

  it('gives a long message one DELIVERED, once every part has its receipt', async () => {
    const sms: SmsMessage = {
      messageId: '01DELIVERIESLONG0000000000',
      tenantId: 'acme',
      to: '+12122003000',
      from: 'Acme',
      body: `Acme: ${'a long message in three parts. '.repeat(12)}`,
      category: 'TRANSACTIONAL',
      acceptedAtMs: Date.now(),
      idempotencyKey: '',
      emergencyReason: '',
    };
    const acksBefore = simulator.receiptAcks.length;
    const partsBefore = simulator.received.length;
    await producer.send([
      {
        topic: topics.approved,
        key: sms.to,
        value: approvedEventCodec().encode({ sms, priority: 0 }),
      },
    ]);
    await waitFor(() => simulator.receiptAcks.length >= acksBefore + 3, {
      what: "the three parts' receipts acknowledged",
    });
    expect(simulator.received.length - partsBefore).toBe(3);
    // Each receipt was acknowledged after its event (if any) was written: all are in the topic.
    const ours = (records: readonly { value: Buffer }[]) =>
      records
        .map((r) => statusEventCodec().decode(r.value))
        .filter((e) => e.messageId === sms.messageId && e.state === 'DELIVERED');
    const delivered = ours(
      await readCommitted(kafka, topics.status, {
        until: (r) => ours(r).length >= 1,
        timeoutMs: 30_000,
      }),
    );
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.reasons).toMatchObject([
      { code: 'DLR_DELIVRD', message: 'all 3 parts delivered' },
    ]);
  });
});

describe('metrics', () => {
  it('exports the bind state and window occupancy read from the bind', async () => {
    const text = await (await fetch(`http://127.0.0.1:${dispatcher.metricsPort}/metrics`)).text();
    expect(text).toMatch(/smsgw_smpp_window_in_flight_requests\{[^}]*connector="default"[^}]*\} 0/);
    expect(text).toMatch(/smsgw_smpp_bind_state\{[^}]*connector="default"[^}]*\} 2/);
  });
});

const inbound = async (until: (bodies: string[]) => boolean) =>
  (
    await readCommitted(kafka, topics.inbound, {
      until: (r) => until(r.map((x) => inboundMessageCodec().decode(x.value).body)),
      timeoutMs: 30_000,
    })
  ).map((x) => inboundMessageCodec().decode(x.value));

describe('MO', () => {
  it('stores a single MO in Kafka before acknowledging it', async () => {
    expect(await simulator.sendMo({ from: '+14155550170', to: '12345', text: 'STOP' })).toEqual([
      0,
    ]);
    // The ack came back, so the record must already be readable.
    const records = await inbound((bodies) => bodies.includes('STOP'));
    expect(records.find((r) => r.body === 'STOP')).toMatchObject({
      from: '+14155550170',
      to: '12345',
      connector: 'default',
    });
  });

  it.each([
    ['UDH, parts in reverse order', { method: 'udh' as const, reverse: true }],
    ['SAR TLVs', { method: 'sar' as const, reverse: false }],
  ])('reassembles a multipart MO (%s)', async (_name, how) => {
    const text = `Hello Acme, I would like to know more about the offer you sent me yesterday (${how.method}) ✓`;
    expect(
      await simulator.sendMo({ from: '+14155550171', to: '12345', text, parts: 3, ...how }),
    ).toEqual([0, 0, 0]);
    const records = await inbound((bodies) => bodies.includes(text));
    expect(records.filter((r) => r.body === text)).toHaveLength(1);
  });
});

describe('multipart MO across dispatcher instances', () => {
  it('assembles a message whose parts reach the binds of two instances, written once', async () => {
    // A second instance of the same dispatcher: the SMSC deals the parts out over both binds.
    const second = await startDispatcher(config(), {
      logger,
      registry: createMetricsRegistry('dispatcher-2'),
    });
    try {
      await waitFor(() => simulator.boundSessions >= 2, { what: 'both instances bound' });
      const text = `Parts on two instances: ${'one message, four parts, two binds. '.repeat(4)}`;
      expect(
        await simulator.sendMo({ from: '+14155550181', to: '12345', text, parts: 4, spread: true }),
      ).toEqual([0, 0, 0, 0]);
      const records = await inbound((bodies) => bodies.includes(text));
      expect(records.filter((r) => r.body === text)).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});

// Issue 14: a malformed MO used to throw inside the socket's data callback and end the process;
// the SMSC redelivered it to the restarted dispatcher, which died again.
describe('hostile MO', () => {
  const mo = { source_addr: '14155550172', source_addr_ton: 1, destination_addr: '12345' };
  it.each([
    [
      'a UDH element longer than its header (02 08 00)',
      { esm_class: 0x40, short_message: Buffer.from([0x02, 0x08, 0x00]) },
    ],
    [
      'a 16-bit concatenation element of length 1 (03 08 01 05 68 69)',
      { esm_class: 0x40, short_message: Buffer.from([0x03, 0x08, 0x01, 0x05, 0x68, 0x69]) },
    ],
    [
      'a UDH length past the payload (09 00 03 01)',
      { esm_class: 0x40, short_message: Buffer.from([0x09, 0x00, 0x03, 0x01]) },
    ],
    ['a deliver_sm with no originator', { source_addr: '', short_message: Buffer.from('hi') }],
    [
      'SAR part 3 of 2',
      {
        short_message: Buffer.from('hi'),
        sar_msg_ref_num: 7,
        sar_total_segments: 2,
        sar_segment_seqnum: 3,
      },
    ],
  ])('refuses %s permanently (ESME_RX_P_APPN) and goes on serving', async (name, fields) => {
    expect(await simulator.sendDeliverSm({ ...mo, ...fields })).toBe(0x65);
    const text = `still here after ${name}`;
    expect(await simulator.sendMo({ from: '+14155550173', to: '12345', text })).toEqual([0]);
    const records = await inbound((bodies) => bodies.includes(text));
    expect(records.filter((r) => r.body === text)).toHaveLength(1);
  });
});

// Issue 13/14: a receipt whose id can never match was refused with a temporary error forever,
// and the SMSC redelivered it without end.
describe('a receipt that matches no message', () => {
  it('is refused for now (its mapping may be on its way), then acknowledged after 10 deliveries', async () => {
    const id = String(Math.floor(Math.random() * 1e12) + 1e12);
    const receipt = {
      source_addr: '14155550174',
      source_addr_ton: 1,
      destination_addr: 'Acme',
      esm_class: 0x04,
      short_message: Buffer.from(
        `id:${id} sub:001 dlvrd:001 submit date:2612011200 done date:2612011201 stat:DELIVRD err:000 text:`,
      ),
    };
    const answers: number[] = [];
    for (let i = 0; i < 10; i++) answers.push(await simulator.sendDeliverSm(receipt));
    expect(answers).toEqual([...Array<number>(9).fill(0x64), 0]);
  });
});

// Issue 14: a carrier that hands out a message id again used to overwrite the first mapping
// (plain SET), so a receipt for either message landed on the second one.
describe('a carrier id given to two messages', () => {
  it('is counted as a collision, and a receipt naming it is applied to neither message', async () => {
    const reused = `c0${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
    simulator.setBehaviour({ fixedMessageId: reused }); // and no receipts of its own
    const messages: SmsMessage[] = [0, 1].map((i) => ({
      messageId: `01COLLISION${String(Date.now()).slice(-9)}${i}`.padEnd(26, '0'),
      tenantId: 'acme',
      to: `+1212300${1000 + i}`,
      from: 'Acme',
      body: `Acme: collision test ${i}`,
      category: 'TRANSACTIONAL',
      acceptedAtMs: Date.now(),
      idempotencyKey: '',
      emergencyReason: '',
    }));
    try {
      for (const sms of messages) {
        await producer.send([
          {
            topic: topics.approved,
            key: sms.to,
            value: approvedEventCodec().encode({ sms, priority: 0 }),
          },
        ]);
        await waitFor(() => simulator.received.some((r) => r.text === sms.body), {
          what: 'submit reached the SMSC',
        });
      }
      const metric = async (name: string, label: string) => {
        const text = await (
          await fetch(`http://127.0.0.1:${dispatcher.metricsPort}/metrics`)
        ).text();
        const line = text.split('\n').find((l) => l.startsWith(name) && l.includes(label));
        return Number(line?.split(' ').pop() ?? NaN);
      };
      await waitFor(
        async () =>
          (await metric('smsgw_smpp_carrier_id_collisions_total', 'connector="default"')) === 1,
        { what: 'the collision counted' },
      );
      const deliveredBefore = await metric('smsgw_smpp_receipts_total', 'result="delivered"');
      const answer = await simulator.sendDeliverSm({
        source_addr: '12123001000',
        source_addr_ton: 1,
        destination_addr: 'Acme',
        esm_class: 0x04,
        short_message: Buffer.from(
          `id:${reused} sub:001 dlvrd:001 submit date:2612011200 done date:2612011201 stat:DELIVRD err:000 text:`,
        ),
      });
      expect(answer).toBe(0); // acknowledged: redelivering it could never make it match
      expect(await metric('smsgw_smpp_receipts_total', 'result="ambiguous"')).toBe(1);
      expect(await metric('smsgw_smpp_receipts_total', 'result="delivered"')).toBe(deliveredBefore);
    } finally {
      simulator.setBehaviour({ dlr: { delayMs: 50, idFormat: 'decimal' } });
    }
  });
});
