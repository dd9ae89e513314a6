import {
  startRedisServer,
  type GatewayStack,
  type RedisProcess,
  type ServiceProcess,
} from '@smsgw/local-stack';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startTcpFaultProxy } from '@smsgw/testkit';
import {
  CHAOS_SMSC,
  expectExactlyOnce,
  expectExactlyOnceButReceiptWindow,
  runChaosScenario,
  type ChaosContext,
  type ChaosReport,
} from './chaos-harness.js';

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

  it('long messages (two parts each) while the dispatcher is SIGKILLed three times', async () => {
    // A kill can fall between the parts of a message: no part may reach the SMSC twice, and a
    // message the SMSC has only half of must end FAILED or UNKNOWN, never look delivered.
    const report = await runChaosScenario({
      name: 'long-dispatcher-kill',
      messages: MESSAGES,
      window: WINDOW,
      env: shared(),
      twoParts: true,
      disrupt: async ({ stack, untilAtSmsc }) => {
        for (const share of [0.15, 0.4, 0.65]) {
          await untilAtSmsc(Math.floor(MESSAGES * share));
          await stack.crashAndRestart('dispatcher');
        }
        return 3;
      },
    });
    // Not expectExactlyOnce, for two reasons. A message holds its claim from its first part's
    // write to its last part's answer, so a kill finds as many messages in doubt as are under
    // way (the windows plus a quarter), not only a window's worth. And the open receipt window
    // (README, "Status and known limits"): a receipt written just before a SIGKILL and
    // redelivered before the status projection can show it is written again. (Most of the
    // DELIVERED twice seen here, 44 in one CI run, were another fault, now fixed: both parts'
    // receipts, redelivered together after a kill, each found the message complete and each
    // wrote it; only the part that decided writes now, see carrier-map.int.test.ts.) Every
    // other duplicate still fails the test.
    expect(report.secondPartsTwice).toBe(0);
    expect(report.halfWithoutStatus).toBe(0);
    expectExactlyOnceButReceiptWindow(report, Math.ceil(WINDOW * 1.25) * report.disruptions);
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

  it('a whole minute without the Kafka broker (SIGKILL, longer than any client timeout)', async () => {
    // Its own broker: every service loses it for 60 s, past the producers' request budgets,
    // the consumers' retries (they crash and restart) and the transaction timeouts' half.
    const report = await runChaosScenario({
      name: 'kafka-outage-minute',
      messages: MESSAGES,
      window: WINDOW,
      env: { SMSGW_REDIS_URL: inject('redisUrl') },
      disrupt: async ({ stack, untilAccepted }) => {
        await untilAccepted(Math.floor(MESSAGES * 0.3));
        const broker = stack.infra.kafka?.nodes[0];
        if (!broker) throw new Error('the scenario needs a broker of its own');
        await broker.kill();
        // The fault is an outage of this length, not a wait for a condition.
        await new Promise((resolve) => setTimeout(resolve, 60_000));
        await broker.start();
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
    // SIGKILL: Redis writes nothing more, and under `everysec` it may have answered writes it had
    // not yet written (it holds them back up to 2 s while an fsync is slow): a CI run lost 42
    // outcomes with their carrier-id mappings, whose receipts then matched nothing. The
    // dispatcher's ledger journal writes them again. SMSGW_CHAOS_REDIS_FSYNC=always runs the same
    // with fsync per write.
    const fsync = process.env.SMSGW_CHAOS_REDIS_FSYNC === 'always' ? 'always' : 'everysec';
    let stack: GatewayStack | undefined;
    const report = await withOwnRedis(
      `redis-kill-${fsync}`,
      { appendFsync: fsync },
      async (own, context) => {
        stack = context.stack;
        await context.untilAtSmsc(Math.floor(MESSAGES * 0.3));
        await own.crashAndRestart();
      },
    );
    // The measurement, not a verdict: how many answered writes this crash took from Redis.
    console.log(`chaos redis-kill-${fsync}: ledger writes restored ${restoredWrites(stack)}`);
    expectExactlyOnce(report);
  });

  it('the Redis host crashes: Redis and the dispatcher SIGKILLed together (appendfsync always)', async () => {
    // One host, one power failure: the dispatcher's ledger journal goes with Redis, so nothing
    // can write again what Redis had answered but not yet written. Under `everysec` that loses
    // claims and outcomes (a claim lost is a message sent again); the documented answer is fsync
    // per write, and with it nothing answered is lost: the dispatcher's window ends UNKNOWN, as
    // in any dispatcher crash, and nothing is sent twice. SMSGW_CHAOS_HOST_FSYNC=everysec runs
    // the same under `everysec`, to measure what that loses (it may fail: that is the point).
    const fsync = process.env.SMSGW_CHAOS_HOST_FSYNC === 'everysec' ? 'everysec' : 'always';
    const report = await withOwnRedis(
      `redis-host-crash-${fsync}`,
      { appendFsync: fsync },
      async (own, context) => {
        await context.untilAtSmsc(Math.floor(MESSAGES * 0.3));
        await Promise.all([own.crashAndRestart(), context.stack.crashAndRestart('dispatcher')]);
      },
    );
    // The open receipt window is widest here: the status projection, the guard a redelivered
    // receipt falls back on, is in the Redis that restarts too (a CI run: 12 of 20,000).
    expectExactlyOnceButReceiptWindow(report);
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

  it('SMSC stops answering mid-window without closing the socket (black hole), then heals', async () => {
    // Every submit in flight is taken and never answered: each ends UNKNOWN (never resent), the
    // connector's breaker opens, messages are held, and once the SMSC answers again they flow.
    const report = await runChaosScenario({
      name: 'smsc-black-hole',
      messages: MESSAGES,
      window: WINDOW,
      env: shared(),
      disrupt: async ({ simulator, untilAtSmsc }) => {
        await untilAtSmsc(Math.floor(MESSAGES * 0.3));
        const before = simulator.received.length;
        simulator.setBehaviour({ ...CHAOS_SMSC, blackHole: true });
        // A whole window taken without an answer, then 10 s of silence.
        await untilAtSmsc(before + WINDOW);
        await new Promise((resolve) => setTimeout(resolve, 10_000));
        simulator.setBehaviour(CHAOS_SMSC);
        return 1;
      },
    });
    // The window, then one trial submit per response timeout (5 s) while the hole lasts.
    expectExactlyOnce(report, WINDOW + 3);
  });

  it('the connection to the SMSC turns half-open mid-window (no FIN, no RST), then binds anew', async () => {
    // A proxy between the dispatcher and the SMSC stops passing anything on the open
    // connections and never closes them: the dispatcher must notice by itself (response
    // timeouts, enquire_link) and bind again; new connections go through.
    const report = await runChaosScenario({
      name: 'smsc-half-open',
      messages: MESSAGES,
      window: WINDOW,
      env: shared(),
      smscProxy: true,
      disrupt: async ({ smscProxy, untilAtSmsc }) => {
        await untilAtSmsc(Math.floor(MESSAGES * 0.3));
        smscProxy?.halfOpen();
        return 1;
      },
    });
    expectExactlyOnce(report);
  });

  it('the connection of the dispatcher to Redis hangs (half-open), then loses its answers', async () => {
    // Through a proxy: first nothing passes either way and nothing closes (the dispatcher must
    // take the connection for dead by itself), then on the new connection commands reach Redis
    // and run but no answer comes back (ioredis sends them again on the next one: a claim must
    // find its own marker, not an attempt in doubt).
    const target = new URL(inject('redisUrl'));
    const proxy = await startTcpFaultProxy({ host: target.hostname, port: Number(target.port) });
    try {
      const report = await runChaosScenario({
        name: 'redis-hang',
        messages: MESSAGES,
        window: WINDOW,
        env: shared(),
        serviceEnv: { dispatcher: { SMSGW_REDIS_URL: `redis://127.0.0.1:${proxy.port}` } },
        disrupt: async ({ untilAtSmsc }) => {
          await untilAtSmsc(Math.floor(MESSAGES * 0.3));
          proxy.halfOpen();
          await untilAtSmsc(Math.floor(MESSAGES * 0.6));
          proxy.dropAnswers();
          return 2;
        },
      });
      expectExactlyOnce(report);
    } finally {
      await proxy.close();
    }
  });

  /**
   * Marketing held by quiet hours and released under `disrupt`. Compliance's clock is shifted
   * (development only) so that New York, where every recipient is, reads 07:57:30 on a weekday
   * as the scenario starts: every message is held until 08:00, two and a half minutes later (the
   * gateway's start, the consent import and the sending take about one), then released from
   * Redis while the disruption hits compliance.
   */
  async function heldAndReleased(
    name: string,
    instances: number,
    disrupt: (ctx: ChaosContext) => Promise<number>,
  ): Promise<void> {
    const offsetMs = Date.parse('2027-03-10T12:57:30Z') - Date.now();
    let atSmscWhenAllAccepted = -1;
    const report = await runChaosScenario({
      name,
      messages: MESSAGES,
      window: WINDOW,
      env: shared(),
      marketing: true,
      instances: { compliance: instances },
      serviceEnv: { compliance: { SMSGW_DEVELOPMENT_CLOCK_OFFSET_MS: String(offsetMs) } },
      disrupt: async (ctx) => {
        await ctx.untilAccepted(MESSAGES);
        atSmscWhenAllAccepted = ctx.simulator.received.length;
        return disrupt(ctx);
      },
    });
    // Held, not sent at once: nothing had reached the SMSC when the last one was accepted.
    expect(atSmscWhenAllAccepted).toBe(0);
    expect(report.terminal).toEqual({ DELIVERED: MESSAGES });
    expectExactlyOnce(report);
  }

  it('marketing held by quiet hours is released while compliance is SIGKILLed twice', async () => {
    await heldAndReleased('deferred-release', 1, async ({ stack, untilAtSmsc }) => {
      for (const share of [0.2, 0.6]) {
        await untilAtSmsc(Math.floor(MESSAGES * share));
        await stack.crashAndRestart('compliance');
      }
      return 2;
    });
  });

  it('held marketing is released by two compliance instances, one SIGKILLed under the release', async () => {
    // Both instances release from the same deferred queue in Redis: each message once, and the
    // survivor releases what the killed one had taken but not yet written.
    await heldAndReleased('deferred-release-two', 2, async ({ stack, untilAtSmsc }) => {
      await untilAtSmsc(Math.floor(MESSAGES * 0.3));
      await stack.removeInstance(stack.instancesOf('compliance')[0] as ServiceProcess, 'kill');
      return 1;
    });
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

/** Ledger writes the dispatchers' journals wrote again (from their logs). */
function restoredWrites(stack: GatewayStack | undefined): number {
  let restored = 0;
  for (const service of stack?.services ?? [])
    for (const line of service.lines)
      if (line.includes('Redis lost ledger writes'))
        restored += (JSON.parse(line) as { restored?: number }).restored ?? 0;
  return restored;
}
