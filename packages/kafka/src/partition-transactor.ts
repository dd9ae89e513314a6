import { createStateMachine, type StateMachine } from '@smsgw/core';
import type { Kafka, Producer } from 'kafkajs';
import { KeyHashPartitioner } from './partitioner.js';
import { groupByTopic, type OutRecord } from './batching-producer.js';
import {
  DEFAULT_REQUEST_BUDGET,
  recordBytes,
  splitByBudget,
  type RequestBudget,
} from './request-budget.js';

/** Lifecycle of one partition's transactional producer. */
export type TransactorState =
  'NEW' | 'READY' | 'IN_TRANSACTION' | 'COMMITTING' | 'ABORTING' | 'CLOSED' | 'FENCED';

const TRANSITIONS = {
  NEW: ['READY', 'CLOSED', 'FENCED'],
  READY: ['IN_TRANSACTION', 'CLOSED'],
  IN_TRANSACTION: ['COMMITTING', 'ABORTING', 'FENCED'],
  COMMITTING: ['READY', 'ABORTING', 'FENCED'],
  ABORTING: ['READY', 'FENCED', 'CLOSED'],
  CLOSED: [],
  FENCED: ['CLOSED'],
} as const satisfies Record<TransactorState, readonly TransactorState[]>;

/** The offsets a transaction commits for its input partition. */
export interface ConsumedOffset {
  groupId: string;
  topic: string;
  partition: number;
  /** The next offset to consume (last processed + 1). */
  offset: string;
}

/**
 * One transactional producer per input topic-partition (`<service>-<topic>-<partition>`):
 * when the partition moves, the new owner's init bumps the epoch and fences this one (zombie fencing).
 */
export class PartitionTransactor {
  readonly transactionalId: string;
  private readonly producer: Producer;
  private readonly machine: StateMachine<TransactorState>;

  private readonly budget: RequestBudget;

  constructor(
    kafka: Kafka,
    transactionalId: string,
    budget: RequestBudget = DEFAULT_REQUEST_BUDGET,
  ) {
    this.transactionalId = transactionalId;
    this.budget = budget;
    this.producer = kafka.producer({
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      transactionTimeout: 60_000,
      createPartitioner: KeyHashPartitioner,
    });
    this.machine = createStateMachine<TransactorState>(
      `transactor ${transactionalId}`,
      'NEW',
      TRANSITIONS,
    );
  }

  get state(): TransactorState {
    return this.machine.state;
  }

  /** Connects and registers the transactional id, fencing any previous owner. */
  async init(): Promise<void> {
    await this.producer.connect();
    // kafkajs registers the transactional id (InitProducerId) lazily, at the first transaction.
    // Begin and abort an empty one now, so the previous owner is fenced (its open transaction
    // aborted, its epoch retired) before this instance reads the committed offsets.
    const txn = await this.producer.transaction();
    await txn.abort();
    this.machine.to('READY');
  }

  /** Produces `records` and commits `consumed` atomically; aborts and rethrows on any failure. */
  async commit(records: readonly OutRecord[], consumed: ConsumedOffset): Promise<void> {
    this.machine.to('IN_TRANSACTION');
    const txn = await this.producer.transaction();
    try {
      // However many records a batch turns into, each request stays under the broker's size limit
      // (request-budget.ts); a transaction may span any number of requests.
      for (const request of splitByBudget(records, this.budget, recordBytes))
        await txn.sendBatch({ acks: -1, topicMessages: groupByTopic(request) });
      await txn.sendOffsets({
        consumerGroupId: consumed.groupId,
        topics: [
          {
            topic: consumed.topic,
            partitions: [{ partition: consumed.partition, offset: consumed.offset }],
          },
        ],
      });
      this.machine.to('COMMITTING');
      await txn.commit();
      this.machine.to('READY');
    } catch (err) {
      await this.abort(txn, err);
      throw err;
    }
  }

  private async abort(txn: { abort(): Promise<void> }, cause: unknown): Promise<void> {
    if (isFenced(cause)) {
      this.machine.to('FENCED');
      return;
    }
    this.machine.to('ABORTING');
    try {
      await txn.abort();
      this.machine.to('READY');
    } catch (err) {
      this.machine.to(isFenced(err) ? 'FENCED' : 'CLOSED');
    }
  }

  /** Disconnects the producer. */
  async close(): Promise<void> {
    const allowed: readonly TransactorState[] = TRANSITIONS[this.machine.state];
    if (allowed.includes('CLOSED')) this.machine.to('CLOSED');
    await this.producer.disconnect().catch(() => undefined);
  }

  /** True when this transactor can run another transaction. */
  get usable(): boolean {
    return this.machine.is('READY');
  }
}

function isFenced(err: unknown): boolean {
  const type = (err as { type?: string } | undefined)?.type ?? '';
  return (
    type === 'INVALID_PRODUCER_EPOCH' ||
    type === 'PRODUCER_FENCED' ||
    type === 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED'
  );
}
