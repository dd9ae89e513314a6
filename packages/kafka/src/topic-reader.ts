import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { StageRecord } from './transactional-stage.js';

/** Options for {@link readCommitted}. */
export interface ReadCommittedOptions {
  /** Stop once this returns true for what has been read so far. */
  until(records: readonly StageRecord[]): boolean;
  timeoutMs: number;
}

/**
 * Reads a topic from the beginning with read_committed isolation (what a downstream stage sees)
 * until `until` holds or the timeout passes; returns what it read either way. For verification
 * in tests, chaos runs and benchmarks.
 */
export async function readCommitted(
  kafka: Kafka,
  topic: string,
  options: ReadCommittedOptions,
): Promise<StageRecord[]> {
  const consumer = kafka.consumer({
    groupId: `smsgw-reader-${randomUUID()}`,
    readUncommitted: false,
    maxWaitTimeInMs: 100,
  });
  const records: StageRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const timer = setTimeout(done, options.timeoutMs);
    await consumer.run({
      autoCommit: false,
      eachBatch: ({ batch }) => {
        for (const m of batch.messages) {
          records.push({
            partition: batch.partition,
            offset: m.offset,
            key: m.key?.toString() ?? '',
            value: m.value ?? Buffer.alloc(0),
            ...(m.headers && Object.keys(m.headers).length > 0
              ? { headers: headerStrings(m.headers) }
              : {}),
          });
        }
        if (options.until(records)) done();
        return Promise.resolve();
      },
    });
    if (options.until(records)) done();
    await finished;
    clearTimeout(timer);
  } finally {
    await consumer.disconnect();
  }
  return records;
}

function headerStrings(
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = String(v);
  return out;
}
