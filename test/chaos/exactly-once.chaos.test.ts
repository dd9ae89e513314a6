import { startRedisServer, type RedisProcess } from '@smsgw/local-stack';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runChaosScenario, type ChaosContext, type ChaosReport } from './chaos-harness.js';

// The exactly-once claim, tried hard (issue 5): 20,000 messages through the whole gateway per
// scenario while one part of it fails. Every verdict comes from what the simulated SMSC
// received and from the status topic read with read_committed.
// SMSGW_CHAOS_MESSAGES lowers the count while diagnosing; the suite's claim is about 20,000.
const MESSAGES = Number(process.env.SMSGW_CHAOS_MESSAGES ?? 20_000);
const WINDOW = 50;
// The backlog scenario's count (issue 12: at least 100,000 waiting on one partition).
const BACKLOG = Number(process.env.SMSGW_CHAOS_BACKLOG ?? 100_000);
const shared = (): Record<string, string> => ({
  SMSGW_KAFKA_BROKERS: inject('kafkaBrokers').join(','),
  SMSGW_REDIS_URL: inject('redisUrl'),
});

function expectExactlyOnce(report: ChaosReport): void {
  expect(report.accepted).toBe(report.sent);
  expect(report.duplicatesAtSmsc).toBe(0); // no message reached the SMSC twice
  expect(report.missing).toBe(0); // every accepted message reached a terminal state
  expect(report.multipleTerminal).toBe(0); // ... exactly one
  expect(report.duplicatesByState).toEqual({}); // no transition appears twice
  expect(report.unknown).toBeLessThanOrEqual(WINDOW * Math.max(1, report.disruptions));
}

describe('chaos: exactly-once under failures', () => {
  const ownRedis: RedisProcess[] = [];
  afterAll(async () => {
    await Promise.all(ownRedis.map((r) => r.stop()));
  });

  /** A scenario on its own Redis, persisted with an append-only file as production runs it. */
  async function withOwnRedis(
    name: string,
    options: { appendFsync?: 'everysec' | 'always' },
    disrupt: (own: RedisProcess, context: ChaosContext) => Promise<void>,
  ): Promise<ChaosReport> {
    const own = await startRedisServer({ appendOnly: true, ...options });
    ownRedis.push(own);
    return runChaosScenario({
      name,
      messages: MESSAGES,
      window: WINDOW,
      env: { SMSGW_KAFKA_BROKERS: inject('kafkaBrokers').join(','), SMSGW_REDIS_URL: own.url },
      disrupt: async (context) => {
        await disrupt(own, context);
        return 1;
      },
    });
  }

  it('dispatcher killed with SIGKILL three times', async () => {
    const report = await runChaosScenario({
      name: 'dispatcher-kill',
      messages: MESSAGES,
      window: WINDOW,
      env: shared(),
      disrupt: async ({ stack, untilAtSmsc }) => {
        for (const share of [0.15, 0.4, 0.65]) {
          await untilAtSmsc(Math.floor(MESSAGES * share));
          await stack.crashAndRestart('dispatcher');
        }
        return 3;
      },
    });
    expectExactlyOnce(report);
    expect(report.disruptions).toBe(3);
  });

  it('compliance evaluator killed with SIGKILL', async () => {
    const report = await runChaosScenario({
      name: 'compliance-kill',
      messages: MESSAGES,
      window: WINDOW,
      env: shared(),
      disrupt: async ({ stack, untilAtSmsc }) => {
        await untilAtSmsc(Math.floor(MESSAGES * 0.2));
        await stack.crashAndRestart('compliance');
        return 1;
      },
    });
    expectExactlyOnce(report);
  });

  it('Kafka broker restarted', async () => {
    // Its own broker (none configured), so the restart disturbs no other test.
    const report = await runChaosScenario({
      name: 'kafka-restart',
      messages: MESSAGES,
      window: WINDOW,
      env: { SMSGW_REDIS_URL: inject('redisUrl') },
      // While clients are still sending: ingress, compliance and dispatcher all lose the broker.
      disrupt: async ({ stack, untilAccepted }) => {
        await untilAccepted(Math.floor(MESSAGES * 0.3));
        await stack.infra.kafka?.restart();
        return 1;
      },
    });
    expectExactlyOnce(report);
  });

  it('Redis restarted', async () => {
    // Its own Redis, persisted with an append-only file as production runs it.
    const report = await withOwnRedis('redis-restart', {}, async (own, { untilAccepted }) => {
      await untilAccepted(Math.floor(MESSAGES * 0.3));
      await own.restart();
    });
    expectExactlyOnce(report);
  });

  it('Redis SIGKILLed under the dispatcher (append-only file, appendfsync everysec)', async () => {
    // SIGKILL: Redis writes nothing more. The never-twice ledger's claim is written right before
    // each submit_sm, so it must survive: Redis write()s its append-only file before it answers
    // (the fsync every second matters only when the host itself goes down), so a process crash
    // must lose no claim. SMSGW_CHAOS_REDIS_FSYNC=always runs the same with fsync per write.
    const fsync = process.env.SMSGW_CHAOS_REDIS_FSYNC === 'always' ? 'always' : 'everysec';
    const report = await withOwnRedis(
      `redis-kill-${fsync}`,
      { appendFsync: fsync },
      async (own, { untilAtSmsc }) => {
        await untilAtSmsc(Math.floor(MESSAGES * 0.3));
        await own.crashAndRestart();
      },
    );
    expectExactlyOnce(report);
  });

  it('a backlog on one partition drains: compliance frozen (SIGSTOP) until every message is accepted', async () => {
    // Each fetch of the backlog is a megabyte of one partition, turned into about three times as
    // many records: the stage must commit it in transactions the broker accepts (it replayed one
    // oversized batch forever), and a stage frozen past its session and transaction timeouts
    // must come back to a group and transactions that moved on without it.
    const report = await runChaosScenario({
      name: 'backlog',
      messages: BACKLOG,
      window: WINDOW,
      env: shared(),
      partitions: 1,
      disrupt: async ({ stack, untilAccepted }) => {
        const compliance = stack.services.find((s) => s.name === 'compliance');
        compliance?.pause();
        await untilAccepted(BACKLOG);
        compliance?.resume();
        return 1;
      },
    });
    expectExactlyOnce(report);
    expect(report.atSmsc).toBe(BACKLOG);
  });

  it('SMSC drops every bind mid-window, twice', async () => {
    const report = await runChaosScenario({
      name: 'smsc-drop',
      messages: MESSAGES,
      window: WINDOW,
      env: shared(),
      disrupt: async ({ simulator, untilAtSmsc }) => {
        for (const share of [0.25, 0.6]) {
          await untilAtSmsc(Math.floor(MESSAGES * share));
          simulator.dropAllBinds();
        }
        return 2;
      },
    });
    expectExactlyOnce(report);
  });
});
