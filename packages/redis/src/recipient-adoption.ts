import type { Redis } from 'ioredis';
import type { ConsentPurpose } from './consent-store.js';
import { redisKeys } from './keys.js';

/** The per-recipient caps logs that outlive a key rotation (emergencies are tenant-wide). */
const CAPPED_CATEGORIES = ['TRANSACTIONAL', 'MARKETING'] as const;

/**
 * Moves one recipient's records from the hash of a retiring key to the current one, merging
 * with whatever the current hash already holds (two instances may adopt at once, or a record
 * was written under the new hash first): opted out if either says so, the newer evidence of
 * each consent, the older history first, caps windows united with their longest TTL, held
 * messages kept listed for erasure. Returns {0} when the retiring hash holds nothing (the
 * common case: one EXISTS), else {1, transactional granted, marketing granted}.
 * KEYS: from consent, log, deferred-of, freq ×2; to consent, log, deferred-of, freq ×2; index.
 * ARGV: from hash, to hash.
 * Duplicate-content markers are not carried (their keys hold a body hash the script cannot
 * list); they live for the duplicate window only.
 */
const ADOPT = `
if redis.call('EXISTS', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]) == 0 then return {0, 0, 0} end
local function atOf(raw)
  local ok, e = pcall(cjson.decode, raw)
  if ok and type(e) == 'table' and type(e.evidence) == 'table' then return tonumber(e.evidence.atMs) or 0 end
  return 0
end
local old = redis.call('HGETALL', KEYS[1])
for i = 1, #old, 2 do
  local field, value = old[i], old[i + 1]
  local held = redis.call('HGET', KEYS[6], field)
  if not held or ((field == 'TRANSACTIONAL' or field == 'MARKETING') and atOf(value) > atOf(held)) then
    redis.call('HSET', KEYS[6], field, value)
  end
end
local function push(key, list)
  for i = 1, #list, 500 do redis.call('RPUSH', key, unpack(list, i, math.min(i + 499, #list))) end
end
local entries = redis.call('LRANGE', KEYS[2], 0, -1)
if #entries > 0 then
  local newer = redis.call('LRANGE', KEYS[7], 0, -1)
  redis.call('DEL', KEYS[7])
  push(KEYS[7], entries)
  push(KEYS[7], newer)
end
if redis.call('SREM', KEYS[11], ARGV[1]) == 1 then redis.call('SADD', KEYS[11], ARGV[2]) end
local function carry(from, to, isSet)
  if redis.call('EXISTS', from) == 0 then return end
  local ttl = math.max(redis.call('PTTL', from), redis.call('PTTL', to))
  if isSet then redis.call('SUNIONSTORE', to, to, from)
  else redis.call('ZUNIONSTORE', to, 2, to, from, 'AGGREGATE', 'MAX') end
  if ttl > 0 then redis.call('PEXPIRE', to, ttl) end
end
carry(KEYS[3], KEYS[8], true)
carry(KEYS[4], KEYS[9], false)
carry(KEYS[5], KEYS[10], false)
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5])
local function granted(field)
  local raw = redis.call('HGET', KEYS[6], field)
  if not raw then return 0 end
  local ok, e = pcall(cjson.decode, raw)
  return (ok and type(e) == 'table' and e.granted) and 1 or 0
end
return {1, granted('TRANSACTIONAL'), granted('MARKETING')}
`;

/** One recipient of a tenant whose records may sit under a retiring key's hash. */
export interface AdoptionRequest {
  tenantId: string;
  from: string;
  to: string;
}

/** Whether records were moved, and the consents granted after the merge (for the bloom). */
export interface AdoptionResult {
  adopted: boolean;
  granted: ConsentPurpose[];
}

type AdoptingRedis = Redis & {
  smsgwAdopt(...keysAndArgs: string[]): Promise<[number, number, number]>;
};

function recipientKeys(tenantId: string, h: string): string[] {
  return [
    redisKeys.consent(tenantId, h),
    redisKeys.consentLog(tenantId, h),
    redisKeys.deferredOf(tenantId, h),
    ...CAPPED_CATEGORIES.map((c) => redisKeys.frequency(tenantId, h, c)),
  ];
}

/**
 * Carries recipients' records to the current hash key, one atomic script each, pipelined.
 * The script spans two hash slots (old and new hash): on Redis Cluster it must be split.
 */
export function createRecipientAdopter(client: Redis) {
  const redis = client as AdoptingRedis;
  if (typeof redis.smsgwAdopt !== 'function')
    client.defineCommand('smsgwAdopt', { numberOfKeys: 11, lua: ADOPT });
  return async (requests: readonly AdoptionRequest[]): Promise<AdoptionResult[]> => {
    if (requests.length === 0) return [];
    const pipeline = redis.pipeline() as unknown as AdoptingRedis & {
      exec(): Promise<[Error | null, unknown][] | null>;
    };
    for (const r of requests)
      void pipeline.smsgwAdopt(
        ...recipientKeys(r.tenantId, r.from),
        ...recipientKeys(r.tenantId, r.to),
        redisKeys.consentIndex(r.tenantId),
        r.from,
        r.to,
      );
    const results = (await pipeline.exec()) ?? [];
    return results.map(([err, value]) => {
      if (err) throw err;
      const [adopted, transactional, marketing] = value as [number, number, number];
      const granted: ConsentPurpose[] = [];
      if (transactional === 1) granted.push('TRANSACTIONAL');
      if (marketing === 1) granted.push('MARKETING');
      return { adopted: adopted === 1, granted };
    });
  };
}

export type RecipientAdopter = ReturnType<typeof createRecipientAdopter>;
