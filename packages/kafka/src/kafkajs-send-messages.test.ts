// First: the patch has to be in place before kafkajs loads.
import { kafkajsOriginalSendMessages, kafkajsSendPatched } from './index.js';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

// A producer's send on a 3-broker cluster, in memory: which broker leads which partition, which
// request fails, and where leadership has moved by the time metadata is refreshed. kafkajs's own
// modules do the rest (request shapes, response parsing).

interface Fault {
  /** The broker's first produce request fails (a connection error), after `delayMs`. */
  failFirst?: boolean;
  delayMs?: number;
}

function fakeProducer(options: {
  leaders: Record<number, number>;
  /** Leadership after the first metadata refresh (a broker was lost). */
  leadersAfterRefresh?: Record<number, number>;
  faults?: Record<number, Fault>;
}) {
  let leaders = { ...options.leaders };
  const written: { nodeId: number; partition: number; keys: string[] }[] = [];
  const failed = new Set<number>();
  const broker = (nodeId: number) => ({
    nodeId,
    async produce(request: {
      topicData: {
        topic: string;
        partitions: { partition: number; messages: { key: string }[] }[];
      }[];
    }) {
      const fault = options.faults?.[nodeId];
      if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault?.failFirst && !failed.has(nodeId)) {
        failed.add(nodeId);
        throw Object.assign(new Error(`connect ECONNREFUSED node ${nodeId}`), {
          name: 'KafkaJSConnectionError',
          retriable: true,
        });
      }
      const topics = request.topicData.map(({ topic, partitions }) => ({
        topicName: topic,
        partitions: partitions.map(({ partition, messages }) => {
          written.push({ nodeId, partition: Number(partition), keys: messages.map((m) => m.key) });
          return { partition: Number(partition), errorCode: 0, baseOffset: '0' };
        }),
      }));
      return { topics };
    },
  });
  const cluster = {
    refreshMetadataIfNecessary: () => Promise.resolve(),
    refreshMetadata() {
      leaders = { ...leaders, ...options.leadersAfterRefresh };
      return Promise.resolve();
    },
    findTopicPartitionMetadata: () =>
      Object.entries(leaders).map(([p, leader]) => ({ partitionId: Number(p), leader })),
    findLeaderForPartitions(_topic: string, partitions: string[]) {
      const byLeader: Record<string, string[]> = {};
      for (const p of partitions) (byLeader[String(leaders[Number(p)])] ??= []).push(p);
      return byLeader;
    },
    findBroker: ({ nodeId }: { nodeId: string }) => Promise.resolve(brokers.get(Number(nodeId))),
    addMultipleTargetTopics: () => Promise.resolve(),
    removeBroker: () => undefined,
    isConnected: () => true,
    connect: () => Promise.resolve(),
  };
  const brokers = new Map([1, 2, 3].map((id) => [id, broker(id)]));
  const sequences = new Map<string, number>();
  const eosManager = {
    acquireBrokerLock: () => Promise.resolve(),
    releaseBrokerLock: () => Promise.resolve(),
    isTransactional: () => false,
    addPartitionsToTransaction: () => Promise.resolve(),
    getSequence: (topic: string, p: number) => sequences.get(`${topic}:${p}`) ?? 0,
    updateSequence(topic: string, p: number, n: number) {
      sequences.set(`${topic}:${p}`, (sequences.get(`${topic}:${p}`) ?? 0) + n);
    },
    getTransactionalId: () => '',
    getProducerId: () => 1,
    getProducerEpoch: () => 0,
  };
  // kafkajs's retrier, without its random waits: up to 5 attempts while errors are retriable.
  const retrier = async <T>(
    fn: (bail: (e: unknown) => void, n: number, t: number) => Promise<T>,
  ) => {
    for (let n = 0; ; n++) {
      try {
        return await fn(() => undefined, n, 0);
      } catch (e) {
        if (!(e as { retriable?: boolean }).retriable || n >= 4) throw e;
      }
    }
  };
  const logger = { debug: () => undefined, error: () => undefined };
  const partitioner = ({ message }: { message: { partition: number } }) => message.partition;
  return { written, deps: { logger, cluster, partitioner, eosManager, retrier } };
}

type SendFactory = (
  deps: ReturnType<typeof fakeProducer>['deps'],
) => (args: {
  acks: number;
  topicMessages: { topic: string; messages: { key: string; partition: number }[] }[];
}) => Promise<{ partition: number }[]>;

const send = async (factory: unknown, producer: ReturnType<typeof fakeProducer>) =>
  (factory as SendFactory)(producer.deps)({
    acks: -1,
    topicMessages: [
      {
        topic: 'smsgw.sms.accepted.v1',
        messages: [
          { key: 'a', partition: 0 },
          { key: 'b', partition: 1 },
        ],
      },
    ],
  });

describe('kafkajs producer send on a cluster (kafkajs-send-messages.ts)', () => {
  const patched = (): unknown => require('kafkajs/src/producer/sendMessages.js');

  it('is what kafkajs producers use', () => {
    expect(kafkajsSendPatched).toBe(true);
    expect(patched()).not.toBe(kafkajsOriginalSendMessages);
  });

  it('sends a partition whose leader moved, between attempts, to a broker that had already answered', async () => {
    // Partition 1's leader (node 2) is lost mid-request; node 1, which answered for partition 0,
    // leads partition 1 at the retry.
    const scenario = () =>
      fakeProducer({
        leaders: { 0: 1, 1: 2 },
        leadersAfterRefresh: { 1: 1 },
        faults: { 2: { failFirst: true } },
      });
    const fixed = scenario();
    const answers = await send(patched(), fixed);
    expect(fixed.written.map((w) => [w.partition, w.nodeId])).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(answers.map((a) => a.partition).sort()).toEqual([0, 1]);

    // kafkajs's own: the send succeeds and partition 1's record is never written.
    const original = scenario();
    await send(kafkajsOriginalSendMessages, original);
    expect(original.written.map((w) => w.partition)).toEqual([0]);
  });

  it("waits for all of an attempt's requests before retrying, so none is sent twice", async () => {
    // Node 2 fails at once; node 1 answers only later. A retry that starts meanwhile must not
    // send partition 0 again.
    const scenario = () =>
      fakeProducer({
        leaders: { 0: 1, 1: 2 },
        faults: { 1: { delayMs: 50 }, 2: { failFirst: true } },
      });
    const fixed = scenario();
    await send(patched(), fixed);
    expect(fixed.written.map((w) => w.partition).sort()).toEqual([0, 1]);

    const original = scenario();
    await send(kafkajsOriginalSendMessages, original);
    expect(original.written.map((w) => w.partition).sort()).toEqual([0, 0, 1]);
  });
});
