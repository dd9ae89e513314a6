import { createKafka, namespaced, topicNames } from '@smsgw/kafka';
import { startKafkaBroker, type KafkaBroker, type KafkaNode } from '@smsgw/local-stack';
import { createLogger } from '@smsgw/observability';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { expectExactlyOnce, runChaosScenario } from './chaos-harness.js';

// A replicated Kafka, as production runs it (issue 13): 3 KRaft nodes, every topic with 3
// replicas and min.insync.replicas 2, internal topics likewise. One node is SIGKILLed mid-traffic
// and started again later; acknowledged records must survive on the other two, and every
// client must find the partitions' new leaders and the transactions' new coordinator.
const MESSAGES = Number(process.env.SMSGW_CHAOS_MESSAGES ?? 20_000);
const WINDOW = 50;
/** transaction.state.log.num.partitions of the local cluster (kafka-broker.ts). */
const TRANSACTION_STATE_PARTITIONS = 8;

/** Java's String.hashCode, which Kafka uses to place a transactional id. */
function javaHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** Leader node of each partition of `topics`. */
async function leaders(brokers: string[], topics: string[]): Promise<Map<string, number>> {
  const kafka = createKafka({
    brokers,
    clientId: 'smsgw-chaos-leaders',
    logger: createLogger({ service: 'chaos', level: 'error' }),
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics: found } = await admin.fetchTopicMetadata({ topics });
    return new Map(
      found.flatMap((t) => t.partitions.map((p) => [`${t.name}:${p.partitionId}`, p.leader])),
    );
  } finally {
    await admin.disconnect();
  }
}

/** The node that appears most often among `nodeIds`. */
function most(nodeIds: Iterable<number>): number {
  const counts = new Map<number, number>();
  for (const id of nodeIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 1;
}

describe('chaos: a 3-node Kafka cluster loses a node', () => {
  let cluster: KafkaBroker;
  beforeAll(async () => {
    cluster = await startKafkaBroker({ nodes: 3 });
  }, 180_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  const env = (): Record<string, string> => ({
    SMSGW_KAFKA_BROKERS: cluster.brokers.join(','),
    SMSGW_REDIS_URL: inject('redisUrl'),
  });
  const node = (id: number): KafkaNode =>
    cluster.nodes.find((n) => n.nodeId === id) ?? (cluster.nodes[0] as KafkaNode);

  it('the node leading most partitions SIGKILLed, started again later', async () => {
    let killed = 0;
    const report = await runChaosScenario({
      name: 'kafka-leader-kill',
      messages: MESSAGES,
      window: WINDOW,
      env: env(),
      disrupt: async ({ namespace, untilAccepted, untilAtSmsc }) => {
        await untilAccepted(Math.floor(MESSAGES * 0.3));
        const byPartition = await leaders(cluster.brokers, Object.values(topicNames(namespace)));
        killed = most(byPartition.values());
        await node(killed).kill();
        await untilAtSmsc(Math.floor(MESSAGES * 0.6));
        await node(killed).start();
        return 1;
      },
    });
    console.log(`chaos kafka-leader-kill: node ${killed} killed`);
    expectExactlyOnce(report);
  });

  it("the transaction coordinator of the dispatcher's transactions SIGKILLed, started again later", async () => {
    let killed = 0;
    const report = await runChaosScenario({
      name: 'kafka-coordinator-kill',
      messages: MESSAGES,
      window: WINDOW,
      env: env(),
      disrupt: async ({ namespace, untilAtSmsc }) => {
        await untilAtSmsc(Math.floor(MESSAGES * 0.3));
        // Kafka places a transactional id on partition abs(hashCode) % 8 of __transaction_state;
        // that partition's leader is its coordinator. The stage has one id per input partition.
        const group = namespaced(namespace, 'smsgw-dispatcher');
        const input = topicNames(namespace).approved;
        const stateLeaders = await leaders(cluster.brokers, ['__transaction_state']);
        killed = most(
          [0, 1, 2, 3].map((p) => {
            const slot =
              Math.abs(javaHash(`${group}-${input}-${p}`)) % TRANSACTION_STATE_PARTITIONS;
            return stateLeaders.get(`__transaction_state:${slot}`) ?? 1;
          }),
        );
        await node(killed).kill();
        await untilAtSmsc(Math.floor(MESSAGES * 0.6));
        await node(killed).start();
        return 1;
      },
    });
    console.log(`chaos kafka-coordinator-kill: node ${killed} killed`);
    expectExactlyOnce(report);
  });
});
