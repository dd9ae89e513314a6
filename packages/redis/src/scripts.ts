import type { Redis } from 'ioredis';

/**
 * Sliding-window caps over several windows plus the duplicate-content check, in one atomic
 * call, idempotent by message id: a replayed message (its id already in the window log or
 * holding the duplicate key) is admitted again without being counted twice.
 * KEYS: frequency log, duplicate key. ARGV: id, nowMs, dryRun, duplicateTtlMs, n, (windowMs, max)×n.
 * Returns {verdict, windowIndex (1-based), retryAfterMs}.
 */
const ADMIT_BODY = `
local function admit(fk, dk, o)
local id, now, dry, dupTtl, n = ARGV[o + 1], tonumber(ARGV[o + 2]), ARGV[o + 3] == '1', tonumber(ARGV[o + 4]), tonumber(ARGV[o + 5])
if n > 0 and redis.call('ZSCORE', fk, id) then return {'OK', 0, 0} end
if dupTtl > 0 then
  -- The holder is "id|atMs": the window is judged in the caller's time; the TTL only cleans up.
  local holder = redis.call('GET', dk)
  if holder then
    local sep = string.find(holder, '|', 1, true)
    local holderId, at = string.sub(holder, 1, sep - 1), tonumber(string.sub(holder, sep + 1))
    if holderId == id then
      if n == 0 then return {'OK', 0, 0} end
    elseif now - at < dupTtl then
      return {'DUPLICATE', 0, at + dupTtl - now}
    end
  end
end
local longest = 0
for i = 0, n - 1 do
  local window, max = tonumber(ARGV[o + 6 + 2 * i]), tonumber(ARGV[o + 7 + 2 * i])
  if window > longest then longest = window end
  local count = redis.call('ZCOUNT', fk, '(' .. (now - window), '+inf')
  if count >= max then
    if max == 0 then return {'CAPPED', i + 1, window} end
    local entry = redis.call('ZRANGEBYSCORE', fk, '(' .. (now - window), '+inf', 'WITHSCORES', 'LIMIT', count - max, 1)
    return {'CAPPED', i + 1, tonumber(entry[2]) + window - now}
  end
end
if not dry then
  if n > 0 then
    redis.call('ZADD', fk, now, id)
    redis.call('ZREMRANGEBYSCORE', fk, '-inf', now - longest)
    redis.call('PEXPIRE', fk, longest)
  end
  if dupTtl > 0 then redis.call('SET', dk, id .. '|' .. now, 'PX', dupTtl) end
end
return {'OK', 0, 0}
end
`;

const ADMIT = `${ADMIT_BODY}
return admit(KEYS[1], KEYS[2], 0)
`;

/**
 * The whole per-recipient check in one call (the four keys share the {tenant:h} hash tag):
 * reads opt-out, consent and whether the recipient was erased after the message was accepted,
 * and when the message is otherwise approvable and not blocked by them, runs the admission above.
 * KEYS: consent hash, frequency log, duplicate key, erasure marker.
 * ARGV: purpose ('' when no consent is needed), candidate (1 = otherwise approvable),
 *       honourOptOut (1/0), acceptedAtMs, then the admission arguments.
 * Returns {optedOut, granted, verdict ('SKIP' when not admitted), windowIndex, retryAfterMs,
 * forgotten}.
 */
const GATE = `${ADMIT_BODY}
local purpose = ARGV[1]
local values = redis.call('HMGET', KEYS[1], 'optout', purpose == '' and 'optout' or purpose)
local optedOut = values[1] and 1 or 0
local granted = 0
if purpose ~= '' and values[2] then
  local ok, entry = pcall(cjson.decode, values[2])
  if ok and type(entry) == 'table' and entry.granted then granted = 1 end
end
local erasedAt = tonumber(redis.call('GET', KEYS[4]) or '')
local forgotten = (erasedAt and tonumber(ARGV[4]) <= erasedAt) and 1 or 0
local blocked = (optedOut == 1 and ARGV[3] == '1') or (purpose ~= '' and granted == 0) or forgotten == 1
if ARGV[2] ~= '1' or blocked then return {optedOut, granted, 'SKIP', 0, 0, forgotten} end
local result = admit(KEYS[2], KEYS[3], 4)
return {optedOut, granted, result[1], result[2], result[3], 0}
`;

/**
 * Records which Kafka record first acted on an id. Returns 'first' (now recorded), 'replay'
 * (the same record again: a transaction was aborted, so redo and re-emit) or 'duplicate'
 * (another record for the same id: a carrier duplicate or a second release; emit nothing),
 * with the outcome stored by the first record.
 * KEYS: marker. ARGV: record position, ttlMs, outcome.
 */
const CLAIM = `
local held = redis.call('GET', KEYS[1])
if not held then
  redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[3], 'PX', ARGV[2])
  return {'first', ARGV[3]}
end
local sep = string.find(held, '|', 1, true)
local position, outcome = string.sub(held, 1, sep - 1), string.sub(held, sep + 1)
if position == ARGV[1] then return {'replay', outcome} end
return {'duplicate', outcome}
`;

/**
 * Claims deferred messages that are due: moves them `leaseMs` into the future (so a crash
 * before they are produced makes them due again) and returns them.
 * KEYS: deferred set. ARGV: nowMs, leaseMs, limit.
 */
const CLAIM_DUE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, member in ipairs(due) do redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), member) end
return due
`;

/**
 * A consent grant unless the same grant (same evidence) is already in force, with its history
 * entry. Returns 1 when written, 0 for a replay. (The two keys share the {tenant:h} slot.)
 * KEYS: consent hash, consent log. ARGV: purpose, entry JSON, history JSON, cap.
 */
const GRANT = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('RPUSH', KEYS[2], ARGV[3])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[4]), -1)
return 1
`;

/**
 * Opt-out / opt-in state changes, atomic with the history append. Returns 1 when the state
 * changed. KEYS: consent hash, consent log. ARGV: action (optout|optin), record JSON, history cap.
 */
const SET_OPT_OUT = `
local present = redis.call('HEXISTS', KEYS[1], 'optout') == 1
if ARGV[1] == 'optout' then
  if present then return 0 end
  redis.call('HSET', KEYS[1], 'optout', ARGV[2])
else
  if not present then return 0 end
  redis.call('HDEL', KEYS[1], 'optout')
end
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
return 1
`;

/**
 * The dispatcher's ledger writes come a whole turn of messages per call, their keys and values
 * packed into one argument, each followed by a NUL: ioredis's cost is per argument (one command
 * each was a sixth of the dispatcher's CPU; one argument each still took 2 µs a key of client
 * CPU, packed about 1 µs). Keys in the packed argument are not declared in KEYS: these scripts
 * run on a single Redis only (README: Redis Cluster is not supported). A NUL cannot occur in the
 * packed items (SMPP message ids are C strings; JSON escapes it): the ledger checks that anyway.
 */
const NEXT_ITEM = `
local function items(packed)
  local pos = 1
  return function()
    if pos > #packed then return nil end
    local stop = string.find(packed, '\\0', pos, true)
    local item = string.sub(packed, pos, stop - 1)
    pos = stop + 1
    return item
  end
end
`;

/**
 * The write guard every ledger script starts with (see ledger-journal.ts). ARGV[1] packs: the
 * instance's acknowledgement set, this call's number, the number of the last call whose answer
 * the instance received ('0': none yet), the lowest number still worth keeping, the set's ttlMs,
 * and '1' for a restore. Unless restoring, the call does nothing and answers 'LOST' when that
 * last answered call is missing from the set: Redis restarted with less than it had answered (an
 * append-only file fsynced every second loses up to two seconds of answered writes when the
 * process dies), so the instance must restore what it lost before it writes anything more.
 */
const GUARD = `
local function guarded()
  local g = items(ARGV[1])
  local key, n, last, keep, ttl, restoring = g(), g(), g(), g(), g(), g()
  if restoring ~= '1' and last ~= '0' and not redis.call('ZSCORE', key, last) then return false end
  redis.call('ZADD', key, n, n)
  if keep ~= '0' then redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. keep) end
  redis.call('PEXPIRE', key, ttl)
  return true
end
`;

/**
 * Claims each key with SET NX GET: false where claimed now, else what an earlier attempt left.
 * ARGV: the guard, packed keys, marker, ttlMs, fence key ('' for none), fence token, and 't' to
 * take the keys over (SET without NX: the `resend` policy). With a fence, nothing is claimed (0)
 * unless the fence still holds this owner's token: a partition's new owner takes a new token, so
 * an instance that lost the partition (a frozen one that resumed) claims, and so sends, nothing
 * more from it.
 */
const LEDGER_CLAIM = `${NEXT_ITEM}${GUARD}
if not guarded() then return 'LOST' end
if ARGV[5] ~= '' and redis.call('GET', ARGV[5]) ~= ARGV[6] then return 0 end
local found, i = {}, 0
for key in items(ARGV[2]) do
  i = i + 1
  if ARGV[7] == 't' then
    redis.call('SET', key, ARGV[3], 'PX', ARGV[4])
    found[i] = false
  else
    local previous = redis.call('SET', key, ARGV[3], 'NX', 'GET', 'PX', ARGV[4])
    -- This very claim, run before (its answer lost): claimed, by this call.
    if previous == ARGV[3] then previous = false end
    found[i] = previous or false
  end
end
return found
`;

/**
 * A partition's fence: ARGV the guard, the fence key, and '' to take the next token, or (a
 * restore) the token taken before, set again unless the fence has moved past it.
 */
const LEDGER_FENCE = `${NEXT_ITEM}${GUARD}
if not guarded() then return 'LOST' end
if ARGV[3] == '' then return redis.call('INCR', ARGV[2]) end
if tonumber(redis.call('GET', ARGV[2]) or '0') < tonumber(ARGV[3]) then
  redis.call('SET', ARGV[2], ARGV[3])
end
return tonumber(ARGV[3])
`;

/**
 * The dispatcher's outcomes with their carrier-id mappings, in order and atomically (a mapping is
 * never missing for a recorded outcome). ARGV: the guard, then the outcomes, each packed as: kind, ledger key, value,
 * ttlMs, marker prefix, mapping count, then per mapping its key, value and ttlMs.
 *
 * Who may record (never twice across owners): kind `o`, an outcome of the submit this instance
 * claimed, only while the ledger still holds this instance's in-flight marker (the prefix); kind
 * `u`, another attempt settled as in doubt, only while some in-flight marker is there. Either may
 * write where the entry has expired, and writing exactly the entry that stands is no refusal (the
 * same call sent again after a reconnect lost its answer). Otherwise nothing of that outcome is written (its mappings
 * neither, so a refused outcome's receipts match nothing): a frozen instance that resumes after
 * its partition moved cannot overwrite what the new owner settled, and an owner whose late
 * answer arrives first is not overwritten by UNKNOWN.
 *
 * A mapping (carrier id → message) is set only if absent: a carrier that hands out an id it
 * already gave another message makes the id ambiguous (`!`), so a receipt naming it lands on
 * neither message instead of on the wrong one. Writing the same mapping again (a replay) is no
 * collision. Returns the mapping keys that collided now, and for each refused outcome its
 * position (1-based) and the entry that stood instead ('' where none).
 */
const RECORD_OUTCOMES = `${NEXT_ITEM}${GUARD}
if not guarded() then return 'LOST' end
local next_item, collided, refused, position = items(ARGV[2]), {}, {}, 0
local function in_flight(entry)
  return string.sub(entry, 1, 2) == 'i\\31' or string.sub(entry, 1, 19) == '{"state":"inflight"'
end
for kind in next_item do
  position = position + 1
  local key, value, ttl, prefix = next_item(), next_item(), next_item(), next_item()
  local mappings = tonumber(next_item())
  local current = redis.call('GET', key)
  local allowed = not current
    or current == value
    or (kind == 'o' and string.sub(current, 1, #prefix) == prefix)
    or (kind == 'u' and in_flight(current))
  for _ = 1, mappings do
    local mkey, mvalue, mttl = next_item(), next_item(), next_item()
    if allowed then
      local previous = redis.call('SET', mkey, mvalue, 'NX', 'GET', 'PX', mttl)
      if previous and previous ~= mvalue and previous ~= '!' then
        redis.call('SET', mkey, '!', 'PX', mttl)
        collided[#collided + 1] = mkey
      end
    end
  end
  if allowed then
    redis.call('SET', key, value, 'PX', ttl)
  else
    refused[#refused + 1] = position
    refused[#refused + 1] = current
  end
end
return {collided, refused}
`;

/**
 * Erases a recipient of a tenant in one step (ForgetRecipient): consent, its history, its index
 * entry and every message held for them, keeping only a hashed suppression if they had opted
 * out. Atomic, so an opt-out recorded meanwhile cannot fall between the check and the delete.
 * It also leaves an erasure marker (the time, for `markerTtlMs`): a message accepted before the
 * erasure but not yet decided (in Kafka, or held and claimed for release at that instant) is
 * refused by the gate instead of sent.
 * KEYS: consent, consent log, consent index, deferred-of, deferred, erasure marker.
 * ARGV: h, suppression, atMs, markerTtlMs.
 * Returns {opted out (0/1), messages dropped}.
 */
const FORGET = `
redis.call('SET', KEYS[6], ARGV[3], 'PX', ARGV[4])
local optedOut = redis.call('HEXISTS', KEYS[1], 'optout')
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('SREM', KEYS[3], ARGV[1])
local held, dropped = redis.call('SMEMBERS', KEYS[4]), 0
for i = 1, #held, 500 do
  dropped = dropped + redis.call('ZREM', KEYS[5], unpack(held, i, math.min(i + 499, #held)))
end
redis.call('DEL', KEYS[4])
if optedOut == 1 then redis.call('HSET', KEYS[1], 'optout', ARGV[2]) end
return {optedOut, dropped}
`;

/** The gateway's Lua scripts as ioredis custom commands. */
export interface ScriptedRedis extends Redis {
  smsgwAdmit(
    frequencyKey: string,
    duplicateKey: string,
    ...args: (string | number)[]
  ): Promise<[string, number, number]>;
  smsgwGate(
    consentKey: string,
    frequencyKey: string,
    duplicateKey: string,
    forgottenKey: string,
    ...args: (string | number)[]
  ): Promise<[number, number, string, number, number, number]>;
  smsgwClaim(
    markerKey: string,
    position: string,
    ttlMs: number,
    outcome: string,
  ): Promise<['first' | 'replay' | 'duplicate', string]>;
  smsgwClaimDueBuffer(
    deferredKey: string,
    nowMs: number,
    leaseMs: number,
    limit: number,
  ): Promise<Buffer[]>;
  smsgwGrant(
    consentKey: string,
    logKey: string,
    purpose: string,
    entry: string,
    history: string,
    historyCap: number,
  ): Promise<number>;
  smsgwSetOptOut(
    consentKey: string,
    logKey: string,
    action: 'optout' | 'optin',
    record: string,
    historyCap: number,
  ): Promise<number>;
  smsgwForget(
    consentKey: string,
    logKey: string,
    indexKey: string,
    deferredOfKey: string,
    deferredKey: string,
    forgottenKey: string,
    h: string,
    suppression: string,
    atMs: number,
    markerTtlMs: number,
  ): Promise<[number, number]>;
  /** The guard, packed keys (see {@link packItems}), marker, ttlMs, fence key and token, mode. */
  smsgwLedgerClaim(
    guard: string,
    packedKeys: string,
    marker: string,
    ttlMs: number,
    fenceKey: string,
    fenceToken: string,
    mode: '' | 't',
  ): Promise<(string | null)[] | 0 | 'LOST'>;
  /** The guard and packed outcomes (see RECORD_OUTCOMES): the collided mapping keys and the refusals. */
  smsgwRecordOutcomes(
    guard: string,
    packedOutcomes: string,
  ): Promise<[string[], (number | string)[]] | 'LOST'>;
  /** The guard, a fence key, and '' for a new token or the token to restore. */
  smsgwLedgerFence(guard: string, fenceKey: string, token: string): Promise<number | 'LOST'>;
}

/** Registers the scripts once per connection (EVALSHA with automatic fallback to EVAL). */
export function withScripts(redis: Redis): ScriptedRedis {
  const r = redis as ScriptedRedis;
  if (typeof r.smsgwAdmit === 'function') return r;
  redis.defineCommand('smsgwAdmit', { numberOfKeys: 2, lua: ADMIT });
  redis.defineCommand('smsgwGate', { numberOfKeys: 4, lua: GATE });
  redis.defineCommand('smsgwClaim', { numberOfKeys: 1, lua: CLAIM });
  redis.defineCommand('smsgwClaimDue', { numberOfKeys: 1, lua: CLAIM_DUE });
  redis.defineCommand('smsgwGrant', { numberOfKeys: 2, lua: GRANT });
  redis.defineCommand('smsgwSetOptOut', { numberOfKeys: 2, lua: SET_OPT_OUT });
  redis.defineCommand('smsgwForget', { numberOfKeys: 6, lua: FORGET });
  redis.defineCommand('smsgwLedgerClaim', { numberOfKeys: 0, lua: LEDGER_CLAIM });
  redis.defineCommand('smsgwRecordOutcomes', { numberOfKeys: 0, lua: RECORD_OUTCOMES });
  redis.defineCommand('smsgwLedgerFence', { numberOfKeys: 0, lua: LEDGER_FENCE });
  return r;
}

/** Items packed for the ledger scripts: each followed by a NUL (which no item may contain). */
export function packItems(items: readonly (string | number)[]): string {
  let packed = '';
  for (const item of items) {
    const text = String(item);
    if (text.includes('\0')) throw new Error('a ledger key or value contains a NUL');
    packed += text + '\0';
  }
  return packed;
}
