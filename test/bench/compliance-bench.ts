// `npm run bench:compliance`: the compliance evaluator alone (consent bloom + exact store, caps,
// duplicates, quiet hours, content rules) on one Node process against a real Redis, next to a
// peer measured in the same run: the same three pipelined round trips with trivial commands.
// Then the consent bloom filter's false-positive rate measured at 1M items.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createComplianceCore } from '@smsgw/compliance/core';
import { createComplianceMetrics } from '@smsgw/compliance/metrics';
import type { ComplianceConfig } from '@smsgw/compliance/config';
import { parseTenants } from '@smsgw/config';
import { bloomParameters, type SmsMessage } from '@smsgw/core';
import { startRedisServer } from '@smsgw/local-stack';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { createBloomFilter, createRedis } from '@smsgw/redis';

const { values: args } = parseArgs({
  options: {
    evaluations: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '500' },
    bloomItems: { type: 'string', default: '1000000' },
  },
});
const N = Number(args.evaluations);
const BATCH = Number(args.batch);
const HASH_KEYS = 'bench=benchmark-hash-key-0123456789abcdef';

const server = process.env.SMSGW_REDIS_URL ? undefined : await startRedisServer();
const redis = createRedis({
  url: process.env.SMSGW_REDIS_URL ?? (server?.url as string),
  connectionName: 'bench',
});
await redis.connect();
await redis.flushdb();
const tenants = parseTenants({
  defaults: { contact: 'help.example.com' },
  tenants: [
    {
      id: 'acme',
      name: 'Acme',
      senders: ['Acme'],
      tokens: [{ sha256: 'a'.repeat(64), scopes: ['messages:send'] }],
    },
  ],
}).tenants();
let now = Date.parse('2026-06-10T15:00:00Z'); // a Wednesday afternoon in New York: no quiet hours
const core = await createComplianceCore(
  {
    bloomExpectedItems: 1_000_000,
    bloomFalsePositiveRate: 0.01,
    hashKeys: HASH_KEYS,
  } as ComplianceConfig,
  tenants,
  redis,
  createComplianceMetrics(createMetricsRegistry('b')),
  createLogger({ service: 'bench', level: 'warn' }),
  { nowMs: () => now },
);

// Recipients: half of them consented to marketing (imported like a real consent import).
const to = (i: number): string => `+1212${String(2_000_000 + i)}`;
for (let i = 0; i < N; i += 2000) {
  const chunk = Array.from({ length: Math.min(2000, N - i) }, (_, k) => i + k).filter(
    (k) => k % 2 === 0,
  );
  const hashed = await core.recipients.resolve(
    chunk.map((k) => ({ tenantId: 'acme', e164: to(k) })),
  );
  const refs = chunk.map((k, j) => ({
    ref: hashed[j] ?? { tenantId: 'acme', h: '' },
    purpose: 'MARKETING' as const,
    evidence: { source: 'import', channel: 'web', atMs: now, proofText: '', moMessageId: '' },
  }));
  await core.consent.grantMany(refs);
  await core.blooms.add(
    'acme',
    'MARKETING',
    refs.map((r) => r.ref.h),
  );
}

function message(i: number, campaign: boolean): SmsMessage {
  const marketing = i % 4 !== 3; // 3 in 4 marketing (half to recipients without consent), 1 in 4 transactional
  return {
    messageId: `01BENCH${String(i).padStart(19, '0')}`,
    tenantId: 'acme',
    to: to(i),
    from: 'Acme',
    body: marketing
      ? campaign
        ? 'Acme: 20% off this weekend. Reply STOP to opt out'
        : `Acme: offer ${i} just for you. Reply STOP to opt out`
      : `Acme: your code is ${100000 + i}`,
    category: marketing ? 'MARKETING' : 'TRANSACTIONAL',
    acceptedAtMs: now,
    idempotencyKey: '',
    emergencyReason: '',
  };
}

async function measure(
  label: string,
  run: (from: number, to: number) => Promise<void>,
): Promise<{ label: string; perSecond: number; perCpuSecond: number }> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < N; i += BATCH) await run(i, Math.min(N, i + BATCH));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return { label, perSecond: N / seconds, perCpuSecond: N / ((used.user + used.system) / 1e6) };
}

const decisions = new Map<string, number>();
const rows: { label: string; perSecond: number; perCpuSecond: number }[] = [];
for (const campaign of [true, false]) {
  // Each run a week and a day after the previous one: the same recipients, with fresh cap windows.
  now += 8 * 86_400_000;
  rows.push(
    await measure(
      campaign ? 'evaluator, campaign (same body)' : 'evaluator, unique bodies',
      async (from, end) => {
        const batch = Array.from({ length: end - from }, (_, k) => message(from + k, campaign));
        for (const e of await core.evaluate(batch, { dryRun: false }))
          decisions.set(
            e.decision + (e.reasons[0] ? ` ${e.reasons[0].code}` : ''),
            (decisions.get(e.decision + (e.reasons[0] ? ` ${e.reasons[0].code}` : '')) ?? 0) + 1,
          );
      },
    ),
  );
}
rows.push(
  await measure('peer: 3 pipelined round trips of EXISTS per batch', async (from, end) => {
    for (let trip = 0; trip < 3; trip++) {
      const p = redis.pipeline();
      for (let i = from; i < end; i++) p.exists(`k${i}`);
      await p.exec();
    }
  }),
);
console.log(
  `\ncompliance evaluator: ${N} evaluations per run, batches of ${BATCH}, one Node process, Redis ${server ? 'started here' : 'from SMSGW_REDIS_URL'}`,
);
console.table(
  rows.map((r) => ({
    run: r.label,
    'evaluations/s': r.perSecond.toFixed(0),
    'per CPU-second of Node': r.perCpuSecond.toFixed(0),
    'ratio to peer': (r.perSecond / (rows.at(-1)?.perSecond ?? 1)).toFixed(2),
  })),
);
console.table([...decisions].map(([decision, count]) => ({ decision, count })));

// Bloom false-positive rate at its design load.
const items = Number(args.bloomItems);
const params = bloomParameters(items, 0.01);
const filter = createBloomFilter(
  redis,
  `smsgw:bloom:{bench:fp}:${randomBytes(4).toString('hex')}`,
  params,
);
await filter.ensure();
const digest = (): string => randomBytes(8).toString('hex');
for (let i = 0; i < items; i += 5000)
  await filter.add(Array.from({ length: Math.min(5000, items - i) }, digest));
let falsePositives = 0;
const probes = 1_000_000;
for (let i = 0; i < probes; i += 5000)
  falsePositives += (await filter.mightContain(Array.from({ length: 5000 }, digest))).filter(
    Boolean,
  ).length;
console.log(
  `\nconsent bloom filter: ${items} items, ${params.bits} bits (${(params.bits / 8 / 1024 / 1024).toFixed(1)} MiB), ${params.hashes} hashes`,
);
console.table([
  {
    'configured false-positive rate': '1.000%',
    'measured (1M absent items probed)': `${((falsePositives / probes) * 100).toFixed(3)}%`,
  },
]);
redis.disconnect();
await server?.stop();
