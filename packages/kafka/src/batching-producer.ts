import './kafkajs-patches.js'; // before kafkajs loads
import { GatewayError } from '@smsgw/core';
import type { Kafka, Producer } from 'kafkajs';
import { kafkajs } from './kafkajs-runtime.js';
import { KeyHashPartitioner } from './partitioner.js';
import {
  DEFAULT_REQUEST_BUDGET,
  recordBytes,
  splitByBudget,
  type RequestBudget,
} from './request-budget.js';

/** One record to produce. */
export interface OutRecord {
  topic: string;
  key: string;
  value: Buffer;
  /** Record headers (dead letters carry their reason and origin there); none on the hot path. */
  headers?: Record<string, string>;
}

/** Options for {@link createBatchingProducer}. */
export interface BatchingProducerOptions {
  /** How long a record may wait for others to share its request when none is in flight. Default 2 ms. */
  lingerMs?: number;
  /** Records per request at most. Default 2000. */
  maxBatchRecords?: number;
  /** Estimated bytes per request at most (kept under the broker's 1 MiB record-batch limit). Default 512 KiB. */
  maxBatchBytes?: number;
  /**
   * Retries before a send fails UNAVAILABLE; bounds how long a caller waits. Default 5 (about 3 s).
   * kafkajs reconnects inside a send with the *client's* retry budget: a longer wait here holds
   * only with a client that retries as long (createKafka's `retry`, e.g. LONG_OUTAGE_RETRY).
   */
  retries?: number;
}

/** An idempotent producer that coalesces concurrent sends into one request at a time. */
export interface BatchingProducer {
  /** Resolves once every record is acknowledged by all in-sync replicas; rejects UNAVAILABLE otherwise. */
  send(records: readonly OutRecord[]): Promise<void>;
  connect(): Promise<void>;
  /** False from a failed request (or connect) until the next one succeeds: the readiness of the path to Kafka. */
  readonly healthy: boolean;
  /** Sends what is queued (waiting at most `graceMs`, default 10 s), then disconnects. */
  disconnect(graceMs?: number): Promise<void>;
}

interface Pending {
  records: readonly OutRecord[];
  bytes: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Unary gRPC calls each carry one message; producing them one by one caps ingress at the broker
 * round trip. Calls that arrive while a request is in flight (or within `lingerMs` of an idle
 * producer) share the next request, which keeps acks=all durability per call while paying the
 * round trip once per request.
 *
 * Why one request at a time, and a new producer after any failure: kafkajs 2.2.4's idempotent
 * producer takes a partition's sequence numbers when a request is built and gives them back when
 * the request fails (`sendMessages.js`, `updateSequence(…, -n)`), even when the broker did write
 * it and only the answer was lost. A second request queued behind the failed one then takes the
 * same numbers for other records; the broker, which has the first records under them, answers
 * "duplicate" with success, and the second request's records are acknowledged without ever being
 * written. The chaos suite lost whole client batches that way across a broker restart (its
 * batches have the same per-partition sizes, so every partition matched). With nothing queued
 * behind a request, only its own retry can reuse its numbers (for the same records, which the
 * broker then deduplicates as intended), and once it has failed no record is ever sent on that
 * producer id again.
 */
export function createBatchingProducer(
  kafka: Kafka,
  options: BatchingProducerOptions = {},
): BatchingProducer {
  const lingerMs = options.lingerMs ?? 2;
  const budget: RequestBudget = {
    maxRecords: options.maxBatchRecords ?? DEFAULT_REQUEST_BUDGET.maxRecords,
    maxBytes: options.maxBatchBytes ?? DEFAULT_REQUEST_BUDGET.maxBytes,
  };
  const make = (): Producer =>
    kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: KeyHashPartitioner,
      retry: { retries: options.retries ?? 5, initialRetryTime: 100, maxRetryTime: 1000 },
    });
  let producer = make();
  // Settles once the current producer is connected; forgotten when an attempt fails, so the
  // next request tries again (a producer made during an outage never connected, and kafkajs
  // does not connect it by itself when the broker is back).
  let connecting: Promise<void> | undefined;
  function connected(): Promise<void> {
    const attempt = (connecting ??= producer.connect());
    attempt.catch(() => {
      if (connecting === attempt) connecting = undefined;
    });
    return attempt;
  }
  const queue: Pending[] = [];
  let queuedRecords = 0;
  let queuedBytes = 0;
  let timer: NodeJS.Timeout | undefined;
  let pumping: Promise<void> | undefined;
  let healthy = true;

  const full = (): boolean => queuedRecords >= budget.maxRecords || queuedBytes >= budget.maxBytes;

  function schedule(): void {
    if (pumping) return; // the pump takes what arrives when its request completes
    if (full()) startPump();
    else timer ??= setTimeout(startPump, lingerMs);
  }

  function startPump(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    pumping ??= pump().finally(() => {
      pumping = undefined;
      if (queue.length > 0) schedule(); // arrived after the last look at the queue
    });
  }

  async function pump(): Promise<void> {
    while (queue.length > 0) {
      const callers = takeRequest();
      try {
        await connected();
      } catch (err) {
        healthy = false;
        rejectCallers(callers, err); // nothing was sent: the producer id stays usable
        continue;
      }
      healthy = await sendCallers(producer, callers, budget);
      if (!healthy) replace();
    }
  }

  // Callers whose records fit one request together, in arrival order (at least one caller).
  function takeRequest(): Pending[] {
    const [taken = []] = splitByBudget(
      queue,
      budget,
      (p) => p.bytes,
      (p) => p.records.length,
    );
    queue.splice(0, taken.length);
    for (const p of taken) {
      queuedRecords -= p.records.length;
      queuedBytes -= p.bytes;
    }
    return taken;
  }

  // A failed producer id is never used again (see above): the next request gets a fresh one.
  function replace(): void {
    const old = producer;
    producer = make();
    connecting = undefined;
    connected().catch(() => undefined); // at once, so the next caller does not wait for it
    void old.disconnect().catch(() => undefined);
  }

  return {
    connect: connected,
    get healthy() {
      return healthy;
    },
    send(records) {
      return new Promise<void>((resolve, reject) => {
        const bytes = records.reduce((sum, r) => sum + recordBytes(r), 0);
        queue.push({ records, bytes, resolve, reject });
        queuedRecords += records.length;
        queuedBytes += bytes;
        schedule();
      });
    },
    async disconnect(graceMs = 10_000) {
      startPump();
      // A request still retrying against an unreachable broker fails when the producer closes:
      // a stop during an outage is then like a crash, not a wait of many minutes.
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      await Promise.race([pumping, grace]);
      clearTimeout(timer);
      await producer.disconnect();
    },
  };
}

/**
 * Sends the callers' records (in one request, or in several when one caller alone exceeds the
 * budget) and settles the callers; false when the broker did not acknowledge all of them.
 */
async function sendCallers(
  producer: Producer,
  callers: readonly Pending[],
  budget: RequestBudget,
): Promise<boolean> {
  const records = callers.flatMap((p) => p.records);
  try {
    for (const request of splitByBudget(records, budget, recordBytes)) {
      await producer.sendBatch({
        acks: -1,
        compression: kafkajs.CompressionTypes.None,
        topicMessages: groupByTopic(request),
      });
    }
    for (const p of callers) p.resolve();
    return true;
  } catch (err) {
    rejectCallers(callers, err);
    return false;
  }
}

function rejectCallers(callers: readonly Pending[], cause: unknown): void {
  const error = new GatewayError('UNAVAILABLE', 'message broker unavailable', {
    retryable: true,
    cause,
  });
  for (const p of callers) p.reject(error);
}

/** kafkajs's request shape: the records of each topic, in order. */
export function groupByTopic(records: readonly OutRecord[]): {
  topic: string;
  messages: { key: string; value: Buffer; headers?: Record<string, string> }[];
}[] {
  const byTopic = new Map<
    string,
    { key: string; value: Buffer; headers?: Record<string, string> }[]
  >();
  for (const r of records) {
    let list = byTopic.get(r.topic);
    if (!list) byTopic.set(r.topic, (list = []));
    list.push(
      r.headers
        ? { key: r.key, value: r.value, headers: r.headers }
        : { key: r.key, value: r.value },
    );
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
