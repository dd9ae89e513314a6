import { TERMINAL_STATES, type StatusEvent } from '@smsgw/core';
import { statusEventCodec } from '@smsgw/proto';
import type { Redis } from 'ioredis';
import { redisKeys } from './keys.js';

/** Reading the status projection (ingress writes it; the dispatcher checks it for receipts). */
export interface StatusReader {
  /** History of a message of `tenantId`, oldest first; empty when unknown. */
  history(tenantId: string, messageId: string): Promise<StatusEvent[]>;
  /** True when the projection already holds an event of this state for the message. */
  hasState(tenantId: string, messageId: string, state: StatusEvent['state']): Promise<boolean>;
}

/** The status projection: per message, its history of status events. */
export interface StatusStore extends StatusReader {
  /** Appends events; idempotent (the same event twice is stored once). */
  append(events: readonly StatusEvent[]): Promise<void>;
  /** Appends events already encoded as smsgw.v1.StatusEvent (the Kafka payload), as they are. */
  appendEncoded(events: readonly { event: StatusEvent; encoded: Buffer }[]): Promise<void>;
}

/** Reads the status projection. */
export function createStatusReader(redis: Redis): StatusReader {
  const codec = statusEventCodec();
  const history = async (tenantId: string, messageId: string): Promise<StatusEvent[]> => {
    const members = await redis.zrangeBuffer(redisKeys.statusHistory(tenantId, messageId), 0, -1);
    return members.map((m) => codec.decode(m) as StatusEvent);
  };
  return {
    history,
    hasState: async (tenantId, messageId, state) =>
      (await history(tenantId, messageId)).some((e) => e.state === state),
  };
}

/** Options for {@link createStatusStore}. */
export interface StatusStoreOptions {
  /** How long a message's history is kept after its last event. */
  retentionSeconds: number;
}

/**
 * A sorted set per message, scored by event time, whose members are the encoded events:
 * replaying an event adds the same member again, which Redis ignores (idempotent under replay).
 */
export function createStatusStore(redis: Redis, options: StatusStoreOptions): StatusStore {
  const codec = statusEventCodec();
  async function appendEncoded(
    events: readonly { event: StatusEvent; encoded: Buffer }[],
  ): Promise<void> {
    if (events.length === 0) return;
    const pipeline = redis.pipeline();
    for (const { event, encoded } of events) {
      const key = redisKeys.statusHistory(event.tenantId, event.messageId);
      pipeline.zadd(key, event.atMs, encoded);
      // The retention clock starts at the first event and restarts at the last one; refreshing
      // it on every intermediate event would only cost a command.
      if (event.state === 'ACCEPTED' || TERMINAL_STATES.has(event.state))
        pipeline.expire(key, options.retentionSeconds);
    }
    const results = await pipeline.exec();
    const failed = results?.find(([err]) => err)?.[0];
    if (failed) throw failed;
  }
  return {
    ...createStatusReader(redis),
    append: (events) =>
      appendEncoded(events.map((event) => ({ event, encoded: codec.encode(event) }))),
    appendEncoded,
  };
}
