import type { Redis } from 'ioredis';
import { Type } from 'typebox';
import type { Rating, Ratings, Retention } from '../store.js';
import { conversationKeys, shared } from './keys.js';
import { readStored } from './read-stored.js';

const StoredRating = Type.Object({
  conversationId: Type.String(),
  score: Type.Integer({ minimum: 1, maximum: 5 }),
  scale: Type.Union([Type.Literal('stars'), Type.Literal('thumbs')]),
  comment: Type.Optional(Type.String()),
  createdAt: Type.String(),
});

/**
 * One string per conversation, set with NX (so once), expiring after the event
 * retention; a shared sorted set by time finds them for exports.
 */
export class RedisRatings implements Ratings {
  constructor(
    private readonly redis: Redis,
    private readonly retention: Retention,
  ) {}

  async add(rating: Rating): Promise<boolean> {
    const key = conversationKeys(rating.conversationId).rating;
    const ttl = this.retention.maxEventAgeMs;
    const set = await this.redis.set(key, JSON.stringify(rating), 'PX', ttl, 'NX');
    if (set !== 'OK') return false;
    await this.redis.zadd(shared.ratings, Date.parse(rating.createdAt), rating.conversationId);
    return true;
  }

  async get(conversationId: string): Promise<Rating | undefined> {
    const key = conversationKeys(conversationId).rating;
    const stored = await readStored(this.redis, key, StoredRating, `rating of ${conversationId}`);
    if (!stored) return undefined;
    const { comment, ...rest } = stored;
    return { ...rest, ...(comment ? { comment } : {}) };
  }

  async since(since: string): Promise<Rating[]> {
    // Entries whose rating has expired are dropped from the index on the way.
    await this.redis.zremrangebyscore(
      shared.ratings,
      '-inf',
      `(${Date.now() - this.retention.maxEventAgeMs}`,
    );
    const ids = await this.redis.zrangebyscore(shared.ratings, Date.parse(since), '+inf');
    const found: Rating[] = [];
    for (const id of ids) {
      const rating = await this.get(id);
      if (rating) found.push(rating);
    }
    return found;
  }
}
