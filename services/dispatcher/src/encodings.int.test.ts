import type { SmsMessage } from '@smsgw/core';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { createDispatchLedger, createRedis, type Redis } from '@smsgw/redis';
import { assembleReceived, startSmscSimulator } from '@smsgw/smpp';
import { uniqueName } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openConnector } from './connector-pool.js';
import { connectorWithDefaults, type ConnectorConfig } from './connectors.js';
import { createDispatcherMetrics } from './metrics.js';
import { createMessageSubmitter } from './submit-message.js';

// Texts in every alphabet, short and long, through the dispatcher to the simulator over TCP:
// they must arrive decoded exactly as sent, in as many parts as the connector's method makes.
const logger = createLogger({ service: 'encodings', level: 'silent' });
let redis: Redis;
beforeAll(async () => {
  redis = createRedis({
    url: inject('redisUrl'),
    connectionName: 'encodings',
  });
  await redis.connect();
});
afterAll(() => redis.disconnect());

const TEXTS = {
  gsmShort: 'Acme: 10€ off {today} [only] ~ ^ | \\ ',
  gsmLong: `Acme: ${'€'.repeat(80)} ${'x'.repeat(150)}`, // 6 + 160 + 1 + 150 = 317 septets
  latin1: 'Acme: Crème brûlée à la façon de grand-mère, ÿ¿ñ',
  latin1Long: `Acme: ${'déjà vu '.repeat(30)}`, // 246 characters
  arabic: 'Acme: مرحبا بكم في متجرنا',
  arabicLong: `Acme: ${'مرحبا بكم في متجرنا '.repeat(8)}`,
  emoji: 'Acme: 😀🎉👍',
  emojiLong: `Acme: ${'🎉'.repeat(40)} done`,
};

async function deliver(
  settings: Partial<ConnectorConfig>,
  texts: string[],
  approved: { segments: number; state: string } = { segments: 0, state: 'SUBMITTED' },
  validity = { validityMs: Number.POSITIVE_INFINITY, acceptedAtMs: 0 },
) {
  const simulator = await startSmscSimulator({ credentials: { systemId: 'gw', password: 'pw' } });
  const connector = openConnector(
    connectorWithDefaults({
      name: 'enc',
      host: '127.0.0.1',
      port: simulator.port,
      systemId: 'gw',
      password: 'pw',
      enquireLinkIntervalMs: 0,
      ...settings,
    }),
    {
      logger,
      metrics: createDispatcherMetrics(createMetricsRegistry('enc')),
      onDeliverSm: () => undefined,
    },
  );
  try {
    const submit = createMessageSubmitter({
      connectors: [connector],
      clock: { nowMs: () => Date.now() },
      metrics: createDispatcherMetrics(createMetricsRegistry('enc2')),
      retryDelayMs: 10,
      ledger: createDispatchLedger(redis, 60_000),
      carrierTtlMs: 3 * 86_400_000,
      validityMs: validity.validityMs,
      owner: 'enc',
    });
    const run = uniqueName('enc')
      .replace(/[^a-z0-9]/g, '')
      .toUpperCase();
    for (const [i, body] of texts.entries()) {
      const sms: SmsMessage = {
        messageId: `${run}${i}`.padStart(26, '0').slice(-26),
        tenantId: 'acme',
        to: `+1212555${String(1000 + i)}`,
        from: 'Acme',
        body,
        category: 'TRANSACTIONAL',
        acceptedAtMs: validity.acceptedAtMs,
        idempotencyKey: '',
        emergencyReason: '',
      };
      const result = await submit({ sms, priority: 0, approvedSegments: approved.segments });
      expect(result.state).toBe(approved.state);
    }
    return assembleReceived(simulator.received);
  } finally {
    await connector.pool.close();
    connector.breaker.shutdown();
    await simulator.close();
  }
}

const summary = (messages: Awaited<ReturnType<typeof deliver>>) =>
  messages.map((m) => ({
    text: m.text,
    parts: m.parts.length,
    dataCoding: m.parts[0]?.dataCoding,
  }));

describe('never more parts than compliance approved', () => {
  // 459 plain septets: 3 parts of 153 with 8-bit references, 4 of 152 with 16-bit ones.
  const body = `Acme: ${'x'.repeat(453)}`;
  it('sends through a connector whose split matches the approved count', async () => {
    const received = await deliver({ longMessage: 'udh8' }, [body], {
      segments: 3,
      state: 'SUBMITTED',
    });
    expect(summary(received)).toEqual([{ text: body, parts: 3, dataCoding: 0 }]);
  });
  it('refuses a connector that would need more parts: FAILED TOO_LONG, nothing sent', async () => {
    const received = await deliver({ longMessage: 'udh16' }, [body], {
      segments: 3,
      state: 'FAILED',
    });
    expect(received).toEqual([]);
  });
});

describe('encoding and splitting owned by the gateway', () => {
  it('GSM-7 (extension characters), Arabic and emoji with 8-bit UDH concatenation', async () => {
    const texts = [
      TEXTS.gsmShort,
      TEXTS.gsmLong,
      TEXTS.arabic,
      TEXTS.arabicLong,
      TEXTS.emoji,
      TEXTS.emojiLong,
    ];
    expect(summary(await deliver({ longMessage: 'udh8' }, texts))).toEqual([
      { text: TEXTS.gsmShort, parts: 1, dataCoding: 0 },
      { text: TEXTS.gsmLong, parts: 3, dataCoding: 0 }, // 317 septets: 153 + 153 + 11, no € cut in two
      { text: TEXTS.arabic, parts: 1, dataCoding: 8 },
      { text: TEXTS.arabicLong, parts: 3, dataCoding: 8 }, // 166 UCS-2 units: 67 + 67 + 32
      { text: TEXTS.emoji, parts: 1, dataCoding: 8 },
      { text: TEXTS.emojiLong, parts: 2, dataCoding: 8 }, // 91 units, pairs kept whole
    ]);
  });

  it('16-bit references and SAR TLVs split the same text as configured', async () => {
    const udh16 = await deliver({ longMessage: 'udh16' }, [TEXTS.gsmLong]);
    expect(summary(udh16)).toEqual([{ text: TEXTS.gsmLong, parts: 3, dataCoding: 0 }]);
    expect(udh16[0]?.parts.map((p) => p.concat?.method)).toEqual(['udh16', 'udh16', 'udh16']);
    const sar = await deliver({ longMessage: 'sar' }, [TEXTS.arabicLong]);
    expect(summary(sar)).toEqual([{ text: TEXTS.arabicLong, parts: 3, dataCoding: 8 }]);
    expect(sar[0]?.parts.map((p) => [p.concat?.method, p.concat?.seq, p.esmClass & 0x40])).toEqual([
      ['sar', 1, 0],
      ['sar', 2, 0],
      ['sar', 3, 0],
    ]);
  });

  it('message_payload carries a long text in one submit_sm', async () => {
    expect(
      summary(await deliver({ longMessage: 'payload' }, [TEXTS.gsmLong, TEXTS.emojiLong])),
    ).toEqual([
      { text: TEXTS.gsmLong, parts: 1, dataCoding: 0 },
      { text: TEXTS.emojiLong, parts: 1, dataCoding: 8 },
    ]);
  });

  it('Latin-1 connectors use data_coding 3 and fall back to UCS-2 for what Latin-1 lacks', async () => {
    expect(
      summary(
        await deliver({ alphabet: 'latin1' }, [TEXTS.latin1, TEXTS.latin1Long, TEXTS.arabic]),
      ),
    ).toEqual([
      { text: TEXTS.latin1, parts: 1, dataCoding: 3 },
      { text: TEXTS.latin1Long, parts: 2, dataCoding: 3 }, // 246 octets: 134 + 112
      { text: TEXTS.arabic, parts: 1, dataCoding: 8 },
    ]);
  });
});

describe('validity_period on submit_sm', () => {
  it('asks the SMSC to stop trying when the validity ends, within the carrier-id mapping TTL', async () => {
    const acceptedAtMs = Date.now() - 3_600_000;
    const [oneDay, tooLong] = await Promise.all([
      deliver({ longMessage: 'udh8' }, [TEXTS.gsmLong], undefined, {
        validityMs: 86_400_000,
        acceptedAtMs,
      }),
      // A validity as long as the mapping's TTL (3 days), 10 minutes of it gone: cut to an hour
      // short of the TTL.
      deliver({ longMessage: 'udh8' }, [TEXTS.gsmShort], undefined, {
        validityMs: 3 * 86_400_000,
        acceptedAtMs: Date.now() - 600_000,
      }),
    ]);
    const until = (m: (typeof oneDay)[number] | undefined) =>
      m?.parts.map((p) => p.validUntil?.getTime() ?? 0) ?? [];
    // Relative times are whole seconds: within one second of acceptance plus the validity.
    const ends = until(oneDay[0]);
    expect(ends).toHaveLength(3); // every part of the long message
    for (const end of ends) expect(Math.abs(end - (acceptedAtMs + 86_400_000))).toBeLessThan(2000);
    const [capped] = until(tooLong[0]);
    expect(Math.abs((capped ?? 0) - (Date.now() + 3 * 86_400_000 - 3_600_000))).toBeLessThan(5000);
  });
});
