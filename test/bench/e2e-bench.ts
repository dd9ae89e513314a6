// `npm run bench`: end-to-end throughput and latency of the whole gateway on this machine.
// Pushes N messages through gRPC (batch API) → ingress → Kafka → compliance → Kafka → dispatcher
// → SMPP → the SMSC simulator, with transactions on, and prints msg/s, latency from accept to
// submit_sm at the SMSC, CPU and peak RSS per service, duplicates and losses (both must be 0),
// and the ratio to a peer measured in the same run (the raw node smpp ceiling).
import { parseArgs } from 'node:util';
import { createMessagingClient } from '@smsgw/grpc';
import { DEV_TOKEN, startGatewayStack } from '@smsgw/local-stack';
import { startSmscSimulator, type ReceivedSubmit } from '@smsgw/smpp';
import { testNumber, uniqueName, waitFor } from '@smsgw/testkit';
import { percentile, processStats } from './proc-stats.js';
import { measureSmppCeiling } from './smpp-ceiling.js';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '8' },
    partitions: { type: 'string', default: '4' },
    window: { type: 'string', default: '100' },
    // Offered load in msg/s; 0 = as fast as possible (throughput). Latency targets are quoted at
    // half of the maximum load, so measure throughput first, then run again with --rate.
    rate: { type: 'string', default: '0' },
  },
});
const RATE = Number(args.rate);
const N = Number(args.messages);
const BATCH = Number(args.batch);
const CONCURRENCY = Number(args.concurrency);

const simulator = await startSmscSimulator({
  credentials: { systemId: 'smsgw', password: 'secret' },
});
const stack = await startGatewayStack({
  env: { ...process.env, SMSGW_LOG_LEVEL: 'info' },
  extraEnv: {
    SMSGW_KAFKA_NAMESPACE: uniqueName('bench'),
    SMSGW_DISPATCHER_WINDOW_SIZE: args.window,
  },
  grpcPort: 0,
  simulatorPort: simulator.port,
  externalSimulator: true,
  metricsPorts: { ingress: 0, compliance: 0, dispatcher: 0, simulator: 0 },
  dispatcherAdminPort: 0,
  partitions: Number(args.partitions),
  log: (line) => console.log(`bench: ${line}`),
});
const ingressLine = await stack.services
  .find((s) => s.name === 'ingress')
  ?.waitForLine(/"grpcPort":\d+/);
const client = createMessagingClient(
  `127.0.0.1:${/"grpcPort":(\d+)/.exec(ingressLine ?? '')?.[1]}`,
  DEV_TOKEN,
);

// Warm-up: JIT, connections and the first transactions, excluded from the figures.
await client.sendMessages(
  Array.from({ length: 200 }, (_, i) => ({
    to: testNumber(i),
    from: 'Acme',
    body: `Acme: warm-up ${i}`,
    category: 'TRANSACTIONAL' as const,
  })),
);
await waitFor(() => simulator.received.length >= 200, {
  timeoutMs: 60_000,
  what: 'warm-up delivered',
});

const received: ReceivedSubmit[] = [];
simulator.on('submit', (s) => {
  if (s.text.startsWith('Acme: bench ')) received.push(s);
});
const acceptedAt = new Map<string, number>();
const cpuBefore = new Map(
  stack.services.map((s) => [s.name, processStats(s.child.pid ?? 0).cpuSeconds]),
);
const started = Date.now();
let next = 0;
async function worker(): Promise<void> {
  while (next < N) {
    const from = next;
    next += BATCH;
    // Paced mode: batch k leaves at k·BATCH/RATE seconds after the start.
    if (RATE > 0)
      await new Promise((r) =>
        setTimeout(r, Math.max(0, started + (from / RATE) * 1000 - Date.now())),
      );
    const requests = Array.from({ length: Math.min(BATCH, N - from) }, (_, k) => ({
      to: testNumber(from + k),
      from: 'Acme',
      body: `Acme: bench ${from + k}`,
      category: 'TRANSACTIONAL' as const,
    }));
    const { results } = await client.sendMessages(requests);
    results.forEach((r, k) => acceptedAt.set(`Acme: bench ${from + k}`, Number(r.acceptedAtMs)));
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const acceptSeconds = (Date.now() - started) / 1000;
await waitFor(() => new Set(received.map((r) => r.text)).size >= N, {
  timeoutMs: 600_000,
  intervalMs: 200,
  what: `${N} messages at the SMSC`,
}).catch(() => undefined);
const lastSubmit = Math.max(...received.map((r) => r.receivedAtMs));
const seconds = (lastSubmit - started) / 1000;

const distinct = new Set(received.map((r) => r.text));
const latencies = received
  .map((r) => r.receivedAtMs - (acceptedAt.get(r.text) ?? r.receivedAtMs))
  .sort((a, b) => a - b);
const serviceRows = stack.services.map((s) => {
  const stats = processStats(s.child.pid ?? 0);
  return {
    service: s.name,
    cpuSeconds: (stats.cpuSeconds - (cpuBefore.get(s.name) ?? 0)).toFixed(1),
    peakRssMiB: stats.peakRssMiB.toFixed(0),
  };
});
client.close();
await stack.stop();
await simulator.close();

console.log(
  '\nbench: measuring the peer (node smpp client → node smpp server, 1 bind, window 100)…',
);
const ceiling = await measureSmppCeiling(50_000, 100);
const throughput = distinct.size / seconds;

console.log(
  `\nsmsgw end-to-end benchmark: ${N} messages, batches of ${BATCH}, ${CONCURRENCY} concurrent calls, ${args.partitions} partitions, window ${args.window}, ${RATE > 0 ? `offered ${RATE} msg/s` : 'as fast as possible'}`,
);
console.table([
  { figure: 'end-to-end throughput (gRPC → submit_sm), msg/s', value: throughput.toFixed(0) },
  { figure: 'accept throughput (gRPC → Kafka ack), msg/s', value: (N / acceptSeconds).toFixed(0) },
  { figure: 'latency accept → submit_sm p50, ms', value: percentile(latencies, 50) },
  { figure: 'latency accept → submit_sm p95, ms', value: percentile(latencies, 95) },
  { figure: 'latency accept → submit_sm p99, ms', value: percentile(latencies, 99) },
  { figure: 'duplicates at the SMSC', value: received.length - distinct.size },
  { figure: 'losses', value: N - distinct.size },
  { figure: 'peer: raw node smpp ceiling, msg/s', value: ceiling.toFixed(0) },
  { figure: 'ratio end-to-end / raw smpp ceiling', value: (throughput / ceiling).toFixed(3) },
]);
console.table(serviceRows);
process.exit(received.length - distinct.size === 0 && N === distinct.size ? 0 : 1);
