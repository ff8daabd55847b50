import type { Redis } from 'ioredis';
import type { Retention } from '../store.js';
import { allConversationKeys, conversationKeys, shared } from './keys.js';
import { Script, trimThroughLua } from './script.js';

/**
 * KEYS: events, log, appendKeys, session, outbox queue. ARGV: cutoff (ISO time).
 * Trims the events older than the cutoff and says what is left:
 * {'keep', oldest kept time} | {'young', created} | {'busy'} | {'empty'}.
 */
const TRIM_BY_AGE = new Script(`
local events, log, appendKeys, session, queue = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local cutoff = ARGV[1]
local lastOld = nil
local start = '-'
local done = false
repeat
  local page = redis.call('XRANGE', events, start, '+', 'COUNT', 500)
  for _, entry in ipairs(page) do
    if entry[2][2] < cutoff then lastOld = entry[1] else done = true; break end
  end
  if #page < 500 then done = true else start = '(' .. page[#page][1] end
until done
if lastOld then
  local n = tonumber(string.match(lastOld, '^(%d+)'))${trimThroughLua('n')}
end
local oldest = redis.call('XRANGE', events, '-', '+', 'COUNT', 1)[1]
if oldest then return {'keep', oldest[2][2]} end
if redis.call('LLEN', queue) > 0 then return {'busy'} end
local created = redis.call('HGET', session, 'createdAt')
if created and created >= cutoff then return {'young', created} end
return {'empty'}
`);

/** KEYS: every key of the conversation (events first, outbox queue second). Forgets it, unless written since. */
const FORGET = new Script(`
if redis.call('XLEN', KEYS[1]) > 0 or redis.call('LLEN', KEYS[2]) > 0 then return '' end
local upstream = redis.call('HGET', KEYS[3], 'upstreamId') or ''
redis.call('DEL', unpack(KEYS))
return upstream
`);

/** KEYS: settled, ids, then the messages' keys. ARGV: cutoff ms, then the messages' ids. */
const FORGET_SETTLED = new Script(`
local cutoff = tonumber(ARGV[1])
for i = 2, #ARGV do
  local at = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if at and tonumber(at) < cutoff then
    redis.call('DEL', KEYS[i + 1])
    redis.call('SREM', KEYS[2], ARGV[i])
    redis.call('ZREM', KEYS[1], ARGV[i])
  end
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if oldest[2] then return oldest[2] end
return ''
`);

const BATCH = 200;

/**
 * The retention by age. Redis expires idle conversations by itself (TTLs); the
 * sweep trims old events out of live ones and forgets those with nothing left,
 * as the embedded store does. Conversations are found through the shared
 * index scored by the earliest time something in them may age out.
 */
export async function sweepRedis(redis: Redis, retention: Retention, now: number) {
  const cutoffMs = now - retention.maxEventAgeMs;
  const cutoff = new Date(cutoffMs).toISOString();
  for (let rounds = 0; rounds < 1000; rounds++) {
    const batch = await redis.zrangebyscore(
      shared.conversations,
      '-inf',
      cutoffMs,
      'LIMIT',
      0,
      BATCH,
    );
    for (const id of batch) await sweepConversation(redis, id, cutoff, now);
    if (batch.length < BATCH) break;
  }
  const settledCutoff = now - retention.keepSettledMessagesMs;
  for (let rounds = 0; rounds < 1000; rounds++) {
    const batch = await redis.zrangebyscore(
      shared.outboxSettled,
      '-inf',
      settledCutoff,
      'LIMIT',
      0,
      BATCH,
    );
    for (const id of batch) await forgetSettled(redis, id, settledCutoff);
    if (batch.length < BATCH) break;
  }
}

async function sweepConversation(redis: Redis, id: string, cutoff: string, now: number) {
  const keys = conversationKeys(id);
  const [state, time] = (await TRIM_BY_AGE.run(
    redis,
    [keys.events, keys.log, keys.appendKeys, keys.session, keys.outboxQueue],
    [cutoff],
  )) as [string, string?];
  if (state === 'keep' || state === 'young') {
    await redis.zadd(shared.conversations, 'XX', Date.parse(time!), id);
    return;
  }
  if (state === 'busy') {
    await redis.zadd(shared.conversations, 'XX', now, id);
    return;
  }
  const messageIds = await redis.smembers(keys.outboxIds);
  const upstream = (await FORGET.run(
    redis,
    [
      keys.events,
      keys.outboxQueue,
      keys.session,
      ...allConversationKeys(keys),
      keys.outboxLease,
      ...messageIds.map(keys.outboxMessage),
    ],
    [],
  )) as string;
  if (upstream) await redis.del(shared.upstream(upstream));
  await redis.zrem(shared.conversations, id);
  await redis.zrem(shared.outboxSettled, id);
  await redis.hdel(shared.outboxSeen, id);
}

async function forgetSettled(redis: Redis, id: string, cutoffMs: number) {
  const keys = conversationKeys(id);
  const old = await redis.zrangebyscore(keys.outboxSettled, '-inf', `(${cutoffMs}`);
  const oldest = (await FORGET_SETTLED.run(
    redis,
    [keys.outboxSettled, keys.outboxIds, ...old.map(keys.outboxMessage)],
    [cutoffMs, ...old],
  )) as string;
  if (oldest) await redis.zadd(shared.outboxSettled, 'XX', oldest, id);
  else await redis.zrem(shared.outboxSettled, id);
}
