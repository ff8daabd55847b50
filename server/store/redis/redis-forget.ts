import type { Redis } from 'ioredis';
import { conversationValueKeys } from '../keys.js';
import type { Outbox } from '../store.js';
import { allConversationKeys, conversationKeys, shared } from './keys.js';

/**
 * Deletes every key of one conversation. Its pending outbox messages are settled
 * first, through the outbox, so the shared indexes (due, depth) stay true.
 */
export async function forgetRedisConversation(redis: Redis, outbox: Outbox, id: string) {
  const keys = conversationKeys(id);
  for (let head = await outbox.head(id); head; head = await outbox.head(id)) {
    await outbox.settle(id, head.clientMessageId, {
      status: 'failed',
      attempts: head.attempts,
      reason: 'deleted on request',
    });
  }
  const upstreamId = await redis.hget(keys.session, 'upstreamId');
  const messageIds = await redis.smembers(keys.outboxIds);
  const values = conversationValueKeys(id);
  const uploads: string[] = [];
  for (const prefix of values.prefixes) {
    // Conversation ids are [A-Za-z0-9_-]: nothing in the pattern is a glob character.
    const stream = redis.scanStream({ match: `${shared.expiringValue(prefix)}*`, count: 500 });
    for await (const found of stream) uploads.push(...(found as string[]));
  }
  await redis.del(
    ...allConversationKeys(keys),
    keys.outboxLease,
    keys.rating,
    ...messageIds.map(keys.outboxMessage),
  );
  const elsewhere = [
    ...values.keys.map(shared.expiringValue),
    ...uploads,
    ...(upstreamId ? [shared.upstream(upstreamId)] : []),
  ];
  // One key at a time: in a Redis Cluster these live in different slots.
  for (const key of elsewhere) await redis.del(key);
  await redis.zrem(shared.conversations, id);
  await redis.zrem(shared.outboxSettled, id);
  await redis.zrem(shared.ratings, id);
  await redis.hdel(shared.outboxSeen, id);
}
