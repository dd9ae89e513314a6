import type { Redis } from 'ioredis';

/** One part of a multipart MO, as the deliver_sm carried it. */
export interface MoPartInput {
  source: string;
  destination: string;
  reference: number;
  total: number;
  sequence: number;
  text: string;
}

/** A multipart MO handed to one instance to store: complete, or released with parts missing. */
export interface PendingMo {
  /** Names it for {@link MoPartStore.stored}. */
  id: string;
  source: string;
  destination: string;
  /** The parts' texts in order ('' for a part that never came). */
  texts: string[];
  complete: boolean;
  /** When its first part arrived (the inbound id is derived from it: the same on every retry). */
  firstAtMs: number;
}

/** What adding a part did. */
export type AddedPart =
  | { kind: 'waiting' }
  | { kind: 'complete'; mo: PendingMo }
  /** A part of a message already assembled (a redelivery): acknowledge, nothing more. */
  | { kind: 'seen' }
  /** Too many messages waiting for parts on this connector: refuse for now. */
  | { kind: 'full' };

/** Options for {@link createMoPartStore}. */
export interface MoPartStoreOptions {
  /** How long a message waits for its missing parts before it is released incomplete. */
  timeoutMs: number;
  /** How long the instance given a message has to store it before another one may. */
  leaseMs?: number;
  /** Messages waiting for parts per connector, at most. Default 10,000. */
  maxPending?: number;
}

/*
 * KEYS: the message's hash, the connector's index of pending messages (one hash tag: one slot).
 * ARGV: member, sequence, text, now, timeout, ttl, source, destination, total, lease, max pending.
 * The hash holds the parts (p:<n>), their count, the first part's time and a state: '' waiting,
 * 'given' (complete, handed to an instance), 'stored' (in Kafka; kept until its TTL so a
 * redelivered part is recognised). The index scores each message by when it is due: its timeout,
 * then, once given, the end of its lease.
 */
const ADD_PART = `
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'given' or state == 'stored' then return {'seen'} end
if not state and redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[11]) then return {'full'} end
if redis.call('HSETNX', KEYS[1], 'p:' .. ARGV[2], ARGV[3]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'count', 1)
end
if redis.call('HSETNX', KEYS[1], 'first', ARGV[4]) == 1 then
  redis.call('HSET', KEYS[1], 'state', '', 'source', ARGV[7], 'destination', ARGV[8], 'total', ARGV[9])
  redis.call('ZADD', KEYS[2], tonumber(ARGV[4]) + tonumber(ARGV[5]), ARGV[1])
end
redis.call('PEXPIRE', KEYS[1], ARGV[6])
if tonumber(redis.call('HGET', KEYS[1], 'count')) < tonumber(ARGV[9]) then return {'waiting'} end
redis.call('HSET', KEYS[1], 'state', 'given')
redis.call('ZADD', KEYS[2], 'XX', tonumber(ARGV[4]) + tonumber(ARGV[10]), ARGV[1])
return {'complete', redis.call('HGETALL', KEYS[1])}
`;

/*
 * KEYS: the connector's index. ARGV: now, lease, limit, the messages' key prefix. Gives this
 * instance every message due (timed out, or its holder's lease ended) for another lease.
 */
const DUE = `
local out = {}
for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])) do
  local key = ARGV[4] .. member
  if redis.call('EXISTS', key) == 0 then
    redis.call('ZREM', KEYS[1], member)
  else
    redis.call('ZADD', KEYS[1], 'XX', tonumber(ARGV[1]) + tonumber(ARGV[2]), member)
    if redis.call('HGET', key, 'state') == '' then redis.call('HSET', key, 'state', 'given') end
    out[#out + 1] = member
    out[#out + 1] = redis.call('HGETALL', key)
  end
end
return out
`;

/*
 * KEYS: the message's hash, the index. ARGV: member, ttl. Marks it stored: its parts go, the
 * marker stays until the TTL, so a part the SMSC delivers again is recognised.
 */
const STORED = `
local fields = redis.call('HKEYS', KEYS[1])
for _, field in ipairs(fields) do
  if string.sub(field, 1, 2) == 'p:' then redis.call('HDEL', KEYS[1], field) end
end
if #fields > 0 then
  redis.call('HSET', KEYS[1], 'state', 'stored')
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
`;

interface MoScripts {
  smsgwMoAdd(hash: string, index: string, ...args: (string | number)[]): Promise<unknown[]>;
  smsgwMoDue(index: string, ...args: (string | number)[]): Promise<unknown[]>;
  smsgwMoStored(hash: string, index: string, member: string, ttlMs: number): Promise<number>;
}

/**
 * Multipart MO reassembled in Redis, shared by every dispatcher instance: the parts of one
 * message may arrive on binds of different instances, and a part is acknowledged to the SMSC
 * once it is in Redis, not held in a process that may crash. Exactly one instance is given each
 * message (the one whose part completed it, or one that finds it due); it writes the inbound
 * record and then marks it stored. An instance that dies in between loses its lease, and another
 * writes the same record (the inbound id is derived from the first part's time: compliance
 * absorbs the repeat).
 */
export function createMoPartStore(client: Redis, options: MoPartStoreOptions) {
  const redis = client as Redis & MoScripts;
  if (typeof redis.smsgwMoAdd !== 'function') {
    client.defineCommand('smsgwMoAdd', { numberOfKeys: 2, lua: ADD_PART });
    client.defineCommand('smsgwMoDue', { numberOfKeys: 1, lua: DUE });
    client.defineCommand('smsgwMoStored', { numberOfKeys: 2, lua: STORED });
  }
  const leaseMs = options.leaseMs ?? 30_000;
  // Long enough for the timeout, a lease and redeliveries of a stored message's parts.
  const ttlMs = options.timeoutMs + leaseMs + 600_000;
  const index = (connector: string) => `smsgw:mo:{${connector}}:pending`;
  const prefix = (connector: string) => `smsgw:mo:{${connector}}:m:`;
  return {
    async add(connector: string, part: MoPartInput, nowMs: number): Promise<AddedPart> {
      const member = [part.source, part.destination, part.reference, part.total].join('|');
      const [kind, fields] = await redis.smsgwMoAdd(
        prefix(connector) + member,
        index(connector),
        member,
        part.sequence,
        part.text,
        nowMs,
        options.timeoutMs,
        ttlMs,
        part.source,
        part.destination,
        part.total,
        leaseMs,
        options.maxPending ?? 10_000,
      );
      if (kind === 'complete') return { kind, mo: pendingMo(member, fields as string[]) };
      return { kind: kind as 'waiting' | 'seen' | 'full' };
    },
    /** Messages due (timed out, or left by an instance that died), given to this instance. */
    async due(connector: string, nowMs: number, limit = 100): Promise<PendingMo[]> {
      const found = await redis.smsgwMoDue(
        index(connector),
        nowMs,
        leaseMs,
        limit,
        prefix(connector),
      );
      const out: PendingMo[] = [];
      for (let i = 0; i < found.length; i += 2)
        out.push(pendingMo(String(found[i]), found[i + 1] as string[]));
      return out;
    },
    /** The message's inbound record is written: it is done. */
    async stored(connector: string, id: string): Promise<void> {
      await redis.smsgwMoStored(prefix(connector) + id, index(connector), id, ttlMs);
    },
  };
}

function pendingMo(id: string, flat: string[]): PendingMo {
  const hash = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) hash.set(flat[i] as string, flat[i + 1] as string);
  const total = Number(hash.get('total') ?? 0);
  const texts = Array.from({ length: total }, (_, i) => hash.get(`p:${i + 1}`) ?? '');
  return {
    id,
    source: hash.get('source') ?? '',
    destination: hash.get('destination') ?? '',
    texts,
    complete: Number(hash.get('count') ?? 0) >= total,
    firstAtMs: Number(hash.get('first') ?? 0),
  };
}

export type MoPartStore = ReturnType<typeof createMoPartStore>;
