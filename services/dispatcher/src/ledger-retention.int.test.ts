import { ConfigError } from '@smsgw/config';
import { createKafka, ensureTopics, GATEWAY_TOPIC_CONFIGS } from '@smsgw/kafka';
import { createLogger } from '@smsgw/observability';
import { uniqueName } from '@smsgw/testkit';
import { describe, expect, inject, it } from 'vitest';
import { requireLedgerOutlivesInput } from './ledger-retention.js';

const WEEK = 7 * 86_400_000;

describe('the boot check of the input topic against the ledger, on the real broker', () => {
  const kafka = createKafka({
    brokers: inject('kafkaBrokers'),
    clientId: 'ledger-retention-test',
    logger: createLogger({ service: 'test', level: 'silent' }),
  });

  it("passes on a topic created with the gateway's configuration", async () => {
    const topic = uniqueName('approved-ok');
    await ensureTopics(kafka, [{ topic, numPartitions: 1, configs: GATEWAY_TOPIC_CONFIGS }]);
    await expect(requireLedgerOutlivesInput(kafka, topic, WEEK)).resolves.toBeUndefined();
  });

  it("refuses (ConfigError, exit 78) a topic on the broker's defaults of a week in week-long segments", async () => {
    const topic = uniqueName('approved-default');
    await ensureTopics(kafka, [
      {
        topic,
        numPartitions: 1,
        configs: { 'retention.ms': String(WEEK), 'segment.ms': String(WEEK) },
      },
    ]);
    const refused = requireLedgerOutlivesInput(kafka, topic, WEEK);
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toThrow(/can keep a record 14\.0 days/);
  });
});
