// `npm run bench:dispatcher`: the dispatcher alone (Kafka `approved` → transactional stage →
// never-twice ledger → SMPP, several binds) next to the raw node smpp ceiling measured in the
// same run (BENCHMARKS.md target: ≥ 0.6×), as the median of several runs. Each run writes N
// approved messages first, then starts a dispatcher in this process against the SMSC simulator
// in a child process (the peer's server runs in a child process too). Sustained throughput is
// counted from the first to the N-th submit_sm at the simulator; the figure with start-up
// (connect, bind, join the group) is printed next to it.
import { parseArgs } from 'node:util';
import type { SmsMessage } from '@smsgw/core';
import { startDispatcher } from '@smsgw/dispatcher/app';
import { loadDispatcherConfig } from '@smsgw/dispatcher/config';
import { createBatchingProducer, createKafka, ensureTopics, gatewayTopics, kafkajsGroupingPatched, topicNames, type Kafka } from '@smsgw/kafka';
import { startLocalStack } from '@smsgw/local-stack';
import { createLogger, createMetricsRegistry, type Registry } from '@smsgw/observability';
import { approvedEventCodec } from '@smsgw/proto';
import { testNumber, uniqueName, waitFor } from '@smsgw/testkit';
import { processStats } from './proc-stats.js';
import { startSimulatorProcess } from './simulator-process.js';
import { measureSmppCeiling } from './smpp-ceiling.js';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    partitions: { type: 'string', default: '4' },
    window: { type: 'string', default: '100' },
    binds: { type: 'string', default: '4' },
    runs: { type: 'string', default: '3' },
  },
});
const N = Number(args.messages);
const logger = createLogger({ service: 'bench', level: 'warn' });
const infra = await startLocalStack({ env: process.env, log: (l) => console.log(`bench: ${l}`) });
const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'bench', logger });

interface RunResult {
  sustained: number;
  withStartup: number;
  ceiling: number;
  cpuMicrosPerMessage: number;
  simulatorCpuMicrosPerMessage: number;
  kafkaCpuMicrosPerMessage: number;
  redisCpuMicrosPerMessage: number;
  duplicates: number;
  transactions: string;
}

async function writeApproved(approvedTopic: string, run: number): Promise<void> {
  const producer = createBatchingProducer(kafka, { maxBatchRecords: 5000 });
  await producer.connect();
  const codec = approvedEventCodec();
  for (let i = 0; i < N; i += 5000) {
    await producer.send(Array.from({ length: Math.min(5000, N - i) }, (_, k) => {
      const sms: SmsMessage = { messageId: `01DB${String(run).padStart(2, '0')}${String(i + k).padStart(20, '0')}`, tenantId: 'acme', to: testNumber(i + k), from: 'Acme', body: `Acme: dispatch bench ${i + k}`, category: 'TRANSACTIONAL', acceptedAtMs: 0, idempotencyKey: '', emergencyReason: '' };
      return { topic: approvedTopic, key: sms.to, value: codec.encode({ sms, priority: 0 }) };
    }));
  }
  await producer.disconnect();
}

// How the stage spent the run: transactions, records per transaction, time per transaction.
async function transactionStats(registry: Registry): Promise<string> {
  const histogram = async (name: string): Promise<{ sum: number; count: number }> => {
    const values = ((await registry.getSingleMetric(name)?.get())?.values ?? []) as { metricName?: string; value: number }[];
    return { sum: values.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0, count: values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0 };
  };
  const batches = await histogram('smsgw_kafka_transaction_batch_records');
  const seconds = await histogram('smsgw_kafka_transaction_seconds');
  return `${batches.count} (${(batches.sum / Math.max(1, batches.count)).toFixed(0)}, ${((seconds.sum / Math.max(1, seconds.count)) * 1000).toFixed(0)})`;
}

async function run(kafkaClient: Kafka, index: number): Promise<RunResult> {
  const namespace = uniqueName('dispatch-bench');
  const topics = topicNames(namespace);
  await ensureTopics(kafkaClient, gatewayTopics(Number(args.partitions), namespace));
  // Ids unique per run: the never-twice ledger (same Redis) would re-emit an earlier run's outcomes instead of sending.
  await writeApproved(topics.approved, index);
  const simulator = await startSimulatorProcess();
  // CPU seconds of the simulator, broker and Redis processes so far (NaN when not started here).
  const cpuOf = (): number[] => [simulator.pid, infra.kafka?.pid, infra.redis?.pid].map((pid) => (pid ? processStats(pid).cpuSeconds : NaN));
  const before = cpuOf();
  const registry = createMetricsRegistry('dispatcher');
  const started = Date.now();
  const cpu = process.cpuUsage();
  const dispatcher = await startDispatcher(
    loadDispatcherConfig({
      SMSGW_KAFKA_BROKERS: infra.kafkaBrokers.join(','), SMSGW_KAFKA_NAMESPACE: namespace, SMSGW_REDIS_URL: infra.redisUrl,
      SMSGW_DISPATCHER_SMSC_HOST: '127.0.0.1', SMSGW_DISPATCHER_SMSC_PORT: String(simulator.port), SMSGW_DISPATCHER_SMSC_SYSTEM_ID: 'gw', SMSGW_DISPATCHER_SMSC_PASSWORD: 'pw',
      SMSGW_DISPATCHER_METRICS_PORT: '0', SMSGW_DISPATCHER_WINDOW_SIZE: args.window, SMSGW_DISPATCHER_BINDS: args.binds, SMSGW_LOG_LEVEL: 'warn',
    }),
    { logger, registry },
  );
  let report = await simulator.report();
  await waitFor(async () => (report = await simulator.report()).received >= N, { timeoutMs: 600_000, intervalMs: 50, what: `${N} submits` });
  const used = process.cpuUsage(cpu);
  const perMessage = cpuOf().map((seconds, i) => ((seconds - (before[i] as number)) * 1e6) / N);
  const transactions = await transactionStats(registry);
  await dispatcher.stop();
  await simulator.close();
  const ceiling = await measureSmppCeiling(50_000, Number(args.window));
  return {
    sustained: N / Math.max(0.001, (report.lastAtMs - report.firstAtMs) / 1000),
    withStartup: N / ((report.lastAtMs - started) / 1000),
    ceiling,
    cpuMicrosPerMessage: (used.user + used.system) / N,
    simulatorCpuMicrosPerMessage: perMessage[0] as number,
    kafkaCpuMicrosPerMessage: perMessage[1] as number,
    redisCpuMicrosPerMessage: perMessage[2] as number,
    duplicates: report.duplicates,
    transactions,
  };
}

const results: RunResult[] = [];
for (let i = 0; i < Number(args.runs); i++) {
  const result = await run(kafka, i);
  results.push(result);
  console.log(`run ${i + 1}: dispatcher ${result.sustained.toFixed(0)} msg/s, ceiling ${result.ceiling.toFixed(0)} msg/s, ratio ${(result.sustained / result.ceiling).toFixed(3)}`);
}
await infra.stop();

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const all = (pick: (r: RunResult) => number, digits = 0): string => `${median(results.map(pick)).toFixed(digits)}  [${results.map((r) => pick(r).toFixed(digits)).join(', ')}]`;
console.log(`\ndispatcher alone: ${N} approved messages, ${args.partitions} partitions, ${args.binds} binds, window ${args.window} per bind; median [each run] of ${results.length} runs`);
console.log(`(dispatcher in this process, simulator in a child; peer: node smpp client here, its server in a child, 1 bind; kafkajs linear grouping: ${kafkajsGroupingPatched ? 'on' : 'OFF'})`);
console.table([
  { figure: 'dispatcher, Kafka → submit_sm, sustained msg/s', value: all((r) => r.sustained) },
  { figure: 'dispatcher, including start-up, msg/s', value: all((r) => r.withStartup) },
  { figure: 'peer: raw node smpp ceiling, msg/s', value: all((r) => r.ceiling) },
  { figure: 'ratio sustained / ceiling (target ≥ 0.6)', value: all((r) => r.sustained / r.ceiling, 3) },
  { figure: 'dispatcher CPU µs per message', value: all((r) => r.cpuMicrosPerMessage) },
  { figure: 'simulator CPU µs per message', value: all((r) => r.simulatorCpuMicrosPerMessage) },
  { figure: 'Kafka broker CPU µs per message', value: all((r) => r.kafkaCpuMicrosPerMessage) },
  { figure: 'redis-server CPU µs per message', value: all((r) => r.redisCpuMicrosPerMessage) },
  { figure: 'duplicates at the SMSC', value: results.reduce((n, r) => n + r.duplicates, 0) },
  { figure: 'transactions (records each, ms each)', value: results.map((r) => r.transactions).join('; ') },
]);
process.exit(results.every((r) => r.duplicates === 0) ? 0 : 1);
