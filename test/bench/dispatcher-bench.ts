// `npm run bench:dispatcher`: the dispatcher alone (Kafka `approved` → transactional stage →
// never-twice ledger → SMPP, several binds) next to the raw node smpp ceiling measured in the
// same run (BENCHMARKS.md target: ≥ 0.6×), as the median of several runs. Each run writes N
// approved messages first, then starts `--instances` dispatcher processes (services/dispatcher,
// as in production; one consumer group) against the SMSC simulator in another process (the
// peer's server runs in its own process too). Sustained throughput is counted from the first to
// the N-th submit_sm at the simulator; the figure with start-up (connect, bind, join the group)
// is printed next to it. SMSGW_SERVICE_NODE_ARGS passes flags (e.g. --cpu-prof) to dispatchers.
import { parseArgs } from 'node:util';
import type { SmsMessage } from '@smsgw/core';
import {
  createBatchingProducer,
  createKafka,
  ensureTopics,
  gatewayTopics,
  topicNames,
  type Kafka,
} from '@smsgw/kafka';
import { startLocalStack, startServiceProcess, type ServiceProcess } from '@smsgw/local-stack';
import { createLogger } from '@smsgw/observability';
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
    instances: { type: 'string', default: '1' },
  },
});
const N = Number(args.messages);
const logger = createLogger({ service: 'bench', level: 'warn' });
const infra = await startLocalStack({ env: process.env, log: (l) => console.log(`bench: ${l}`) });
const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'bench', logger });

interface RunResult {
  sustained: number;
  withStartup: number;
  /** The anchor's set-up (BENCHMARKS.md, ~33,000 msg/s): node smpp client and server on one event loop. */
  ceiling: number;
  /** A stricter peer: the server in its own process. */
  ceilingTwoProcesses: number;
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
    await producer.send(
      Array.from({ length: Math.min(5000, N - i) }, (_, k) => {
        const sms: SmsMessage = {
          messageId: `01DB${String(run).padStart(2, '0')}${String(i + k).padStart(20, '0')}`,
          tenantId: 'acme',
          to: testNumber(i + k),
          from: 'Acme',
          body: `Acme: dispatch bench ${i + k}`,
          category: 'TRANSACTIONAL',
          acceptedAtMs: Date.now(),
          idempotencyKey: '',
          emergencyReason: '',
        };
        return { topic: approvedTopic, key: sms.to, value: codec.encode({ sms, priority: 0 }) };
      }),
    );
  }
  await producer.disconnect();
}

// How the stages spent the run (all instances): transactions, records and time per transaction.
async function transactionStats(metricsPorts: readonly number[]): Promise<string> {
  const texts = await Promise.all(
    metricsPorts.map(async (port) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text()),
  );
  const total = (metric: string): number =>
    texts.reduce(
      (sum, text) =>
        sum +
        text
          .split('\n')
          .filter((l) => l.startsWith(metric))
          .reduce((s, l) => s + Number(l.split(' ').pop()), 0),
      0,
    );
  const count = total('smsgw_kafka_transaction_batch_records_count');
  const perTransaction = (metric: string): number => total(metric) / Math.max(1, count);
  return `${count} (${perTransaction('smsgw_kafka_transaction_batch_records_sum').toFixed(0)}, ${(perTransaction('smsgw_kafka_transaction_seconds_sum') * 1000).toFixed(0)})`;
}

/** Starts one dispatcher process; resolves with it and its metrics port once it consumes. */
async function startDispatcherProcess(
  env: Record<string, string>,
): Promise<{ service: ServiceProcess; metricsPort: number }> {
  const service = startServiceProcess({ name: 'dispatcher', env });
  const started = await service.waitForLine(/"dispatcher started"/, 120_000);
  return {
    service,
    metricsPort: Number((JSON.parse(started) as { metricsPort: number }).metricsPort),
  };
}

async function run(kafkaClient: Kafka, index: number): Promise<RunResult> {
  const namespace = uniqueName('dispatch-bench');
  const topics = topicNames(namespace);
  await ensureTopics(kafkaClient, gatewayTopics(Number(args.partitions), namespace));
  // Ids unique per run: the never-twice ledger (same Redis) would re-emit an earlier run's outcomes instead of sending.
  await writeApproved(topics.approved, index);
  const simulator = await startSimulatorProcess();
  // CPU seconds of the simulator, broker and Redis processes so far (NaN when not started here).
  const cpuOf = (): number[] =>
    [simulator.pid, infra.kafka?.pid, infra.redis?.pid].map((pid) =>
      pid ? processStats(pid).cpuSeconds : NaN,
    );
  const before = cpuOf();
  const env = {
    SMSGW_KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    SMSGW_KAFKA_NAMESPACE: namespace,
    SMSGW_REDIS_URL: infra.redisUrl,
    SMSGW_REDIS_ALLOW_UNSAFE: '1', // the benchmark's Redis keeps nothing on disk
    SMSGW_DISPATCHER_SMSC_HOST: '127.0.0.1',
    SMSGW_DISPATCHER_SMSC_PORT: String(simulator.port),
    SMSGW_DISPATCHER_SMSC_SYSTEM_ID: 'gw',
    SMSGW_DISPATCHER_SMSC_PASSWORD: 'pw',
    SMSGW_DISPATCHER_METRICS_PORT: '0',
    SMSGW_DISPATCHER_WINDOW_SIZE: args.window,
    SMSGW_DISPATCHER_BINDS: args.binds,
    SMSGW_LOG_LEVEL: 'info',
  };
  const started = Date.now();
  const dispatchers = await Promise.all(
    Array.from({ length: Number(args.instances) }, () => startDispatcherProcess(env)),
  );
  const dispatcherCpu = (): number =>
    dispatchers.reduce((sum, d) => sum + processStats(d.service.child.pid as number).cpuSeconds, 0);
  // Dispatcher CPU is counted from its first submit: start-up (loading TypeScript) is not per message.
  let report = await simulator.report();
  await waitFor(async () => (report = await simulator.report()).received > 0, {
    timeoutMs: 120_000,
    intervalMs: 20,
    what: 'first submit',
  });
  const [fromReceived, fromCpu] = [report.received, dispatcherCpu()];
  await waitFor(async () => (report = await simulator.report()).received >= N, {
    timeoutMs: 600_000,
    intervalMs: 50,
    what: `${N} submits`,
  });
  const perMessage = cpuOf().map((seconds, i) => ((seconds - (before[i] as number)) * 1e6) / N);
  const dispatcherMicros = ((dispatcherCpu() - fromCpu) * 1e6) / (N - fromReceived);
  const transactions = await transactionStats(dispatchers.map((d) => d.metricsPort));
  await Promise.all(dispatchers.map((d) => d.service.stop()));
  await simulator.close();
  const ceiling = await measureSmppCeiling(50_000, Number(args.window), { inProcess: true });
  const ceilingTwoProcesses = await measureSmppCeiling(50_000, Number(args.window));
  return {
    sustained: N / Math.max(0.001, (report.lastAtMs - report.firstAtMs) / 1000),
    withStartup: N / ((report.lastAtMs - started) / 1000),
    ceiling,
    ceilingTwoProcesses,
    cpuMicrosPerMessage: dispatcherMicros,
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
  console.log(
    `run ${i + 1}: dispatcher ${result.sustained.toFixed(0)} msg/s; raw smpp ceiling ${result.ceiling.toFixed(0)} msg/s (ratio ${(result.sustained / result.ceiling).toFixed(3)}), with the server in its own process ${result.ceilingTwoProcesses.toFixed(0)} msg/s (ratio ${(result.sustained / result.ceilingTwoProcesses).toFixed(3)})`,
  );
}
await infra.stop();

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const all = (pick: (r: RunResult) => number, digits = 0): string =>
  `${median(results.map(pick)).toFixed(digits)}  [${results.map((r) => pick(r).toFixed(digits)).join(', ')}]`;
console.log(
  `\ndispatcher alone: ${N} approved messages, ${args.partitions} partitions, ${args.instances} dispatcher process(es) with ${args.binds} binds each, window ${args.window} per bind; median [each run] of ${results.length} runs`,
);
console.log(
  '(dispatchers and the simulator each in their own process; peers: node smpp client and server, 1 bind, window as above, on one event loop as the BENCHMARKS.md anchor was measured, and with the server in its own process)',
);
console.table([
  { figure: 'dispatcher, Kafka → submit_sm, sustained msg/s', value: all((r) => r.sustained) },
  { figure: 'dispatcher, including start-up, msg/s', value: all((r) => r.withStartup) },
  {
    figure: 'peer: raw node smpp ceiling (anchor set-up: one process), msg/s',
    value: all((r) => r.ceiling),
  },
  {
    figure: 'ratio sustained / ceiling (target ≥ 0.6)',
    value: all((r) => r.sustained / r.ceiling, 3),
  },
  {
    figure: 'stricter peer: smpp server in its own process, msg/s',
    value: all((r) => r.ceilingTwoProcesses),
  },
  {
    figure: 'ratio sustained / stricter peer',
    value: all((r) => r.sustained / r.ceilingTwoProcesses, 3),
  },
  {
    figure: 'dispatcher CPU µs per message (all instances)',
    value: all((r) => r.cpuMicrosPerMessage),
  },
  { figure: 'simulator CPU µs per message', value: all((r) => r.simulatorCpuMicrosPerMessage) },
  { figure: 'Kafka broker CPU µs per message', value: all((r) => r.kafkaCpuMicrosPerMessage) },
  { figure: 'redis-server CPU µs per message', value: all((r) => r.redisCpuMicrosPerMessage) },
  { figure: 'duplicates at the SMSC', value: results.reduce((n, r) => n + r.duplicates, 0) },
  {
    figure: 'transactions (records each, ms each)',
    value: results.map((r) => r.transactions).join('; '),
  },
]);
process.exit(results.every((r) => r.duplicates === 0) ? 0 : 1);
