// `npm run bench:dispatcher`: the dispatcher alone (Kafka `approved` → transactional stage →
// never-twice ledger → SMPP) next to the raw node smpp ceiling measured in the same run
// (BENCHMARKS.md target: ≥ 0.6×). N approved messages are written first; the clock starts when
// the dispatcher starts consuming and stops at the N-th submit_sm at the simulator.
import { parseArgs } from 'node:util';
import type { SmsMessage } from '@smsgw/core';
import { startDispatcher } from '@smsgw/dispatcher/app';
import { loadDispatcherConfig } from '@smsgw/dispatcher/config';
import { createBatchingProducer, createKafka, ensureTopics, gatewayTopics, topicNames } from '@smsgw/kafka';
import { startLocalStack } from '@smsgw/local-stack';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { approvedEventCodec } from '@smsgw/proto';
import { startSmscSimulator } from '@smsgw/smpp';
import { testNumber, uniqueName, waitFor } from '@smsgw/testkit';
import { measureSmppCeiling } from './smpp-ceiling.js';

const { values: args } = parseArgs({ options: { messages: { type: 'string', default: '30000' }, partitions: { type: 'string', default: '4' }, window: { type: 'string', default: '100' }, binds: { type: 'string', default: '4' } } });
const N = Number(args.messages);
const logger = createLogger({ service: 'bench', level: 'warn' });
const infra = await startLocalStack({ env: process.env, log: (l) => console.log(`bench: ${l}`) });
const namespace = uniqueName('dispatch-bench');
const topics = topicNames(namespace);
const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'bench', logger });
await ensureTopics(kafka, gatewayTopics(Number(args.partitions), namespace));
const producer = createBatchingProducer(kafka, { maxBatchRecords: 5000 });
await producer.connect();
for (let i = 0; i < N; i += 5000) {
  await producer.send(Array.from({ length: Math.min(5000, N - i) }, (_, k) => {
    const sms: SmsMessage = { messageId: `01DBENCH${String(i + k).padStart(18, '0')}`, tenantId: 'acme', to: testNumber(i + k), from: 'Acme', body: `Acme: dispatch bench ${i + k}`, category: 'TRANSACTIONAL', acceptedAtMs: 0, idempotencyKey: '', emergencyReason: '' };
    return { topic: topics.approved, key: sms.to, value: approvedEventCodec().encode({ sms, priority: 0 }) };
  }));
}
await producer.disconnect();

const simulator = await startSmscSimulator({ credentials: { systemId: 'gw', password: 'pw' } });
const started = Date.now();
const cpu = process.cpuUsage();
const registry = createMetricsRegistry('dispatcher');
const dispatcher = await startDispatcher(
  loadDispatcherConfig({
    SMSGW_KAFKA_BROKERS: infra.kafkaBrokers.join(','), SMSGW_KAFKA_NAMESPACE: namespace, SMSGW_REDIS_URL: infra.redisUrl,
    SMSGW_DISPATCHER_SMSC_HOST: '127.0.0.1', SMSGW_DISPATCHER_SMSC_PORT: String(simulator.port), SMSGW_DISPATCHER_SMSC_SYSTEM_ID: 'gw', SMSGW_DISPATCHER_SMSC_PASSWORD: 'pw',
    SMSGW_DISPATCHER_METRICS_PORT: '0', SMSGW_DISPATCHER_WINDOW_SIZE: args.window, SMSGW_DISPATCHER_BINDS: args.binds, SMSGW_LOG_LEVEL: 'warn',
  }),
  { logger, registry },
);
await waitFor(() => simulator.received.length >= N, { timeoutMs: 600_000, intervalMs: 100, what: `${N} submits` });
const seconds = (Math.max(...simulator.received.map((r) => r.receivedAtMs)) - started) / 1000;
const used = process.cpuUsage(cpu);
// How the stage spent it: transactions, records per transaction, time per transaction.
const histogram = async (name: string): Promise<{ sum: number; count: number }> => {
  const values = ((await registry.getSingleMetric(name)?.get())?.values ?? []) as { metricName?: string; value: number }[];
  return { sum: values.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0, count: values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0 };
};
const batches = await histogram('smsgw_kafka_transaction_batch_records');
const txSeconds = await histogram('smsgw_kafka_transaction_seconds');
const duplicates = simulator.received.length - new Set(simulator.received.map((r) => r.text)).size;
await dispatcher.stop();
await simulator.close();
await infra.stop();

const ceiling = await measureSmppCeiling(50_000, Number(args.window));
const rate = N / seconds;
console.log(`\ndispatcher alone: ${N} approved messages, ${args.partitions} partitions, ${args.binds} binds, window ${args.window} per bind (dispatcher and simulator in this process; peer: 1 connection)`);
console.table([
  { figure: 'dispatcher, Kafka → submit_sm, msg/s', value: rate.toFixed(0) },
  { figure: 'peer: raw node smpp ceiling, msg/s', value: ceiling.toFixed(0) },
  { figure: 'ratio (target ≥ 0.6)', value: (rate / ceiling).toFixed(3) },
  { figure: 'CPU seconds of this process', value: ((used.user + used.system) / 1e6).toFixed(1) },
  { figure: 'duplicates at the SMSC', value: duplicates },
  { figure: 'transactions (records each, ms each)', value: `${batches.count} (${(batches.sum / Math.max(1, batches.count)).toFixed(0)}, ${((txSeconds.sum / Math.max(1, txSeconds.count)) * 1000).toFixed(0)})` },
]);
process.exit(duplicates === 0 ? 0 : 1);
