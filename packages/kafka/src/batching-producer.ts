import './kafkajs-patches.js'; // before kafkajs loads
import { GatewayError } from '@smsgw/core';
import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import { KeyHashPartitioner } from './partitioner.js';

/** One record to produce. */
export interface OutRecord {
  topic: string;
  key: string;
  value: Buffer;
}

/** Options for {@link createBatchingProducer}. */
export interface BatchingProducerOptions {
  /** How long a record may wait for others to share its request. Default 2 ms. */
  lingerMs?: number;
  /** Records per request at most. Default 2000. */
  maxBatchRecords?: number;
  /** Retries before a send fails UNAVAILABLE; bounds how long a caller waits. Default 5 (about 3 s). */
  retries?: number;
}

/** An idempotent producer that coalesces concurrent sends into one request per linger window. */
export interface BatchingProducer {
  /** Resolves once every record is acknowledged by all in-sync replicas; rejects UNAVAILABLE otherwise. */
  send(records: readonly OutRecord[]): Promise<void>;
  connect(): Promise<void>;
  /** Flushes what is queued, then disconnects. */
  disconnect(): Promise<void>;
}

interface Pending {
  records: readonly OutRecord[];
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Unary gRPC calls each carry one message; producing them one by one caps ingress at the broker
 * round trip. Coalescing all calls that arrive within `lingerMs` into one `sendBatch` keeps
 * acks=all durability per call while paying the round trip once per batch.
 */
export function createBatchingProducer(
  kafka: Kafka,
  options: BatchingProducerOptions = {},
): BatchingProducer {
  const lingerMs = options.lingerMs ?? 2;
  const maxBatch = options.maxBatchRecords ?? 2000;
  const make = (): Producer =>
    kafka.producer({
      idempotent: true,
      maxInFlightRequests: 5,
      allowAutoTopicCreation: false,
      createPartitioner: KeyHashPartitioner,
      retry: { retries: options.retries ?? 5, initialRetryTime: 100, maxRetryTime: 1000 },
    });
  let producer = make();
  let ready: Promise<void> = Promise.resolve();
  let queue: Pending[] = [];
  let queued = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight = Promise.resolve();

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = queue;
    queue = [];
    queued = 0;
    if (batch.length === 0) return;
    const current = producer;
    inFlight = ready
      .then(() => sendNow(current, batch))
      .then((ok) => {
        if (!ok && current === producer) replace();
      });
  }

  // After a failed send (a broker restart), kafkajs's idempotent producer can stay stuck on its
  // old producer id and sequence numbers (OUT_OF_ORDER_SEQUENCE_NUMBER, UNKNOWN_PRODUCER_ID).
  // A fresh producer gets a new id; callers already retry what failed.
  function replace(): void {
    const old = producer;
    producer = make();
    const fresh = producer;
    ready = fresh.connect().catch(() => undefined);
    void old.disconnect().catch(() => undefined);
  }

  return {
    connect: () => producer.connect(),
    send(records) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ records, resolve, reject });
        queued += records.length;
        if (queued >= maxBatch) flush();
        else timer ??= setTimeout(flush, lingerMs);
      });
    },
    async disconnect() {
      flush();
      await inFlight;
      await producer.disconnect();
    },
  };
}

/** Sends one batch and settles its callers; false when the broker refused it. */
async function sendNow(producer: Producer, batch: Pending[]): Promise<boolean> {
  const byTopic = new Map<string, { key: string; value: Buffer }[]>();
  for (const p of batch) {
    for (const r of p.records) {
      let list = byTopic.get(r.topic);
      if (!list) byTopic.set(r.topic, (list = []));
      list.push({ key: r.key, value: r.value });
    }
  }
  try {
    await producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
    for (const p of batch) p.resolve();
    return true;
  } catch (err) {
    const error = new GatewayError('UNAVAILABLE', 'message broker unavailable', {
      retryable: true,
      cause: err,
    });
    for (const p of batch) p.reject(error);
    return false;
  }
}
