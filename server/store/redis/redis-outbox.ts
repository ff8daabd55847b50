import type { Redis } from 'ioredis';
import { CardSubmit } from '../../../protocol/events.js';
import { AttachmentIds, parseStored } from '../../stored-json.js';
import type { Outbox, OutboxMessage, Retention } from '../store.js';
import { type ConversationKeys, conversationKeys, shared } from './keys.js';
import { idleTtlMs } from './redis-event-log.js';
import { Script } from './script.js';

/**
 * The outbox per conversation, all under the conversation's hash tag: a hash per
 * message, a list of the pending ones in order, their next attempts, the settled
 * ones by time. Every change answers what the shared indexes (due conversations,
 * pending counts) need, with a version; SYNC applies it unless a later version
 * already was, so two instances updating at once cannot leave them stale.
 */

/** What every change script answers: {version, head's next attempt or -1, pending, settledAt or ''}. */
const REPORT = `
local function report(settledAt)
  local head = redis.call('LINDEX', KEYS[1], 0)
  local nextAt = -1
  if head then nextAt = tonumber(redis.call('HGET', KEYS[2], head) or '0') end
  return {redis.call('INCR', KEYS[3]), nextAt, redis.call('LLEN', KEYS[1]), settledAt}
end
`;

/** KEYS: queue, next, version. What the shared indexes should say, as things are. */
const REPORT_ONLY = new Script(`${REPORT}
return report('')
`);

/** KEYS: queue, next, version, ids, message. ARGV: id, ttl ms, status, next attempt, then field pairs. */
const ADD = new Script(`${REPORT}
if redis.call('EXISTS', KEYS[5]) == 1 then return {-1} end
redis.call('HSET', KEYS[5], unpack(ARGV, 5))
redis.call('SADD', KEYS[4], ARGV[1])
if ARGV[3] == 'pending' then
  redis.call('RPUSH', KEYS[1], ARGV[1])
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
end
for i = 1, 5 do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
return report('')
`);

/** KEYS: queue, next, version, message. ARGV: id, attempts, next attempt, reason ('' keeps it). */
const RESCHEDULE = new Script(`${REPORT}
if redis.call('EXISTS', KEYS[4]) == 1 then
  redis.call('HSET', KEYS[4], 'attempts', ARGV[2], 'nextAttemptAt', ARGV[3])
  if ARGV[4] ~= '' then redis.call('HSET', KEYS[4], 'reason', ARGV[4]) end
  if redis.call('HGET', KEYS[4], 'status') == 'pending' then
    redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
  end
end
return report('')
`);

/** KEYS: queue, next, version, message, settled. ARGV: id, status, attempts, reason, now. */
const SETTLE = new Script(`${REPORT}
if redis.call('EXISTS', KEYS[4]) == 0 then return report('') end
redis.call('HSET', KEYS[4], 'status', ARGV[2], 'attempts', ARGV[3], 'settledAt', ARGV[5])
if ARGV[4] == '' then redis.call('HDEL', KEYS[4], 'reason')
else redis.call('HSET', KEYS[4], 'reason', ARGV[4]) end
redis.call('LREM', KEYS[1], 0, ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[5], ARGV[5], ARGV[1])
return report(ARGV[5])
`);

/**
 * KEYS: due, seen, depths, depth, settled (the shared outbox keys).
 * ARGV: conversation, version, next attempt (-1: none pending), pending, settledAt ('' none).
 */
const SYNC = new Script(`
local conversation, version = ARGV[1], tonumber(ARGV[2])
if version > tonumber(redis.call('HGET', KEYS[2], conversation) or '0') then
  redis.call('HSET', KEYS[2], conversation, version)
  if tonumber(ARGV[3]) >= 0 then redis.call('ZADD', KEYS[1], ARGV[3], conversation)
  else redis.call('ZREM', KEYS[1], conversation) end
  local pending = tonumber(ARGV[4])
  local before = tonumber(redis.call('HGET', KEYS[3], conversation) or '0')
  if pending > 0 then redis.call('HSET', KEYS[3], conversation, pending)
  else redis.call('HDEL', KEYS[3], conversation) end
  redis.call('INCRBY', KEYS[4], pending - before)
end
if ARGV[5] ~= '' then redis.call('ZADD', KEYS[5], 'LT', ARGV[5], conversation) end
return 1
`);

/** KEYS: lease. ARGV: holder, ttl ms. */
const LEASE = new Script(`
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`);

/** KEYS: lease. ARGV: holder. */
const RELEASE = new Script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`);

type Report = [version: number, nextAt: number, pending: number, settledAt: string];

function toMessage(
  conversationId: string,
  clientMessageId: string,
  hash: Record<string, string>,
): OutboxMessage | undefined {
  if (!hash.status) return undefined;
  return {
    conversationId,
    clientMessageId,
    text: hash.text ?? '',
    attachmentIds: parseStored(AttachmentIds, hash.attachmentIds ?? '[]', 'attachment ids'),
    ...(hash.quickReplyPayload !== undefined ? { quickReplyPayload: hash.quickReplyPayload } : {}),
    ...(hash.cardSubmit !== undefined
      ? { cardSubmit: parseStored(CardSubmit, hash.cardSubmit, 'card submit') }
      : {}),
    createdAt: Number(hash.createdAt),
    status: hash.status as OutboxMessage['status'],
    attempts: Number(hash.attempts),
    nextAttemptAt: Number(hash.nextAttemptAt),
    ...(hash.reason !== undefined ? { reason: hash.reason } : {}),
  };
}

export class RedisOutbox implements Outbox {
  readonly #ttlMs: number;

  constructor(
    private readonly redis: Redis,
    retention: Retention,
  ) {
    this.#ttlMs = idleTtlMs(retention);
  }

  async add(message: OutboxMessage): ReturnType<Outbox['add']> {
    const { conversationId: id, clientMessageId: cmid } = message;
    const keys = conversationKeys(id);
    // Listed as due before it is queued: should this process die before the indexes
    // are updated, the message is still found (and a listing with nothing behind it
    // is corrected by due()).
    if (message.status === 'pending') {
      await this.redis.zadd(shared.outboxDue, 'NX', message.nextAttemptAt, id);
    }
    const fields = [
      ['text', message.text],
      ['attachmentIds', JSON.stringify(message.attachmentIds)],
      ...(message.quickReplyPayload !== undefined
        ? [['quickReplyPayload', message.quickReplyPayload]]
        : []),
      ...(message.cardSubmit ? [['cardSubmit', JSON.stringify(message.cardSubmit)]] : []),
      ['createdAt', message.createdAt],
      ['status', message.status],
      ['attempts', message.attempts],
      ['nextAttemptAt', message.nextAttemptAt],
      ...(message.reason !== undefined ? [['reason', message.reason]] : []),
    ].flat() as (string | number)[];
    const report = (await ADD.run(
      this.redis,
      [
        keys.outboxQueue,
        keys.outboxNext,
        keys.outboxVersion,
        keys.outboxIds,
        keys.outboxMessage(cmid),
      ],
      [cmid, this.#ttlMs, message.status, message.nextAttemptAt, ...fields],
    )) as Report | [-1];
    if (report[0] === -1) {
      const existing = await this.get(id, cmid);
      if (existing) return { added: false, existing } as const;
      return this.add(message); // it expired in between: add it after all
    }
    await this.#sync(id, report as Report);
    return { added: true } as const;
  }

  async get(conversationId: string, clientMessageId: string) {
    const hash = await this.redis.hgetall(
      conversationKeys(conversationId).outboxMessage(clientMessageId),
    );
    return toMessage(conversationId, clientMessageId, hash);
  }

  async head(conversationId: string) {
    const first = await this.redis.lindex(conversationKeys(conversationId).outboxQueue, 0);
    return first === null ? undefined : this.get(conversationId, first);
  }

  /**
   * The index may be stale where a process died between a change and its index
   * update: each listed conversation is checked against its queue, and its entry
   * corrected, so a stale entry is answered (and seen) once at most.
   */
  async due(now: number, limit: number): Promise<string[]> {
    const listed = await this.redis.zrangebyscore(shared.outboxDue, '-inf', now, 'LIMIT', 0, limit);
    const checked = await Promise.all(
      listed.map(async (id) => {
        const report = (await REPORT_ONLY.run(
          this.redis,
          this.#reportKeys(conversationKeys(id)),
          [],
        )) as Report;
        await this.#sync(id, report);
        const nextAt = report[1];
        return nextAt >= 0 && nextAt <= now ? id : undefined;
      }),
    );
    return checked.filter((id) => id !== undefined);
  }

  async reschedule(
    conversationId: string,
    clientMessageId: string,
    update: { attempts: number; nextAttemptAt: number; reason?: string },
  ) {
    const keys = conversationKeys(conversationId);
    const report = (await RESCHEDULE.run(
      this.redis,
      [...this.#reportKeys(keys), keys.outboxMessage(clientMessageId)],
      [clientMessageId, update.attempts, update.nextAttemptAt, update.reason ?? ''],
    )) as Report;
    await this.#sync(conversationId, report);
  }

  async settle(
    conversationId: string,
    clientMessageId: string,
    outcome: { status: 'sent' | 'failed'; attempts: number; reason?: string },
  ) {
    const keys = conversationKeys(conversationId);
    const report = (await SETTLE.run(
      this.redis,
      [...this.#reportKeys(keys), keys.outboxMessage(clientMessageId), keys.outboxSettled],
      [clientMessageId, outcome.status, outcome.attempts, outcome.reason ?? '', Date.now()],
    )) as Report;
    await this.#sync(conversationId, report);
  }

  async lease(conversationId: string, holder: string, ttlMs: number) {
    const keys = [conversationKeys(conversationId).outboxLease];
    return (await LEASE.run(this.redis, keys, [holder, ttlMs])) === 1;
  }

  async release(conversationId: string, holder: string) {
    await RELEASE.run(this.redis, [conversationKeys(conversationId).outboxLease], [holder]);
  }

  async depth() {
    return Number((await this.redis.get(shared.outboxDepth)) ?? 0);
  }

  #reportKeys(keys: ConversationKeys) {
    return [keys.outboxQueue, keys.outboxNext, keys.outboxVersion];
  }

  async #sync(conversationId: string, [version, nextAt, pending, settledAt]: Report) {
    await SYNC.run(
      this.redis,
      [
        shared.outboxDue,
        shared.outboxSeen,
        shared.outboxDepths,
        shared.outboxDepth,
        shared.outboxSettled,
      ],
      [conversationId, version, nextAt, pending, settledAt],
    );
  }
}
