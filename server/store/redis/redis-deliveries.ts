import type { Redis } from 'ioredis';
import { Type } from 'typebox';
import type { Deliveries, Delivery } from '../deliveries.js';
import { readStored } from './read-stored.js';
import { Script } from './script.js';

/** Every delivery key shares the `{deliveries}` hash tag: one slot, one script may touch them. */
const keys = {
  item: (id: string) => `parley:{deliveries}:item:${id}`,
  /** Sorted set: pending ids, scored by their next attempt. */
  due: 'parley:{deliveries}:due',
};

const StoredDelivery = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('offline-message'), Type.Literal('transcript-email')]),
  payload: Type.String(),
  createdAt: Type.Number(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Number(),
  nextAttemptAt: Type.Number(),
  reason: Type.Optional(Type.String()),
});

/** Stores the item unless present, and indexes it as due: one step. */
const ADD = new Script(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX') then
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
  return 1
end
return 0`);

/** Rewrites the item and its place in the due index (removed once settled). */
const UPDATE = new Script(`
redis.call('SET', KEYS[1], ARGV[1])
if ARGV[2] == 'pending' then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
else
  redis.call('ZREM', KEYS[2], ARGV[4])
end
return 1`);

/** Deliveries shared by every instance on one Redis. */
export class RedisDeliveries implements Deliveries {
  constructor(private readonly redis: Redis) {}

  async add(delivery: Delivery) {
    const added = await ADD.run(
      this.redis,
      [keys.item(delivery.id), keys.due],
      [JSON.stringify(delivery), delivery.nextAttemptAt, delivery.id],
    );
    return added === 1;
  }

  async get(id: string) {
    return readStored(this.redis, keys.item(id), StoredDelivery, `delivery ${id}`);
  }

  async due(now: number, limit: number) {
    const ids = await this.redis.zrangebyscore(keys.due, '-inf', now, 'LIMIT', 0, limit * 4);
    const found = await Promise.all(ids.map((id) => this.get(id)));
    return found
      .filter((item): item is Delivery => item?.status === 'pending')
      .sort((a, b) => a.createdAt - b.createdAt)
      .slice(0, limit);
  }

  async reschedule(
    id: string,
    update: { attempts: number; nextAttemptAt: number; reason?: string },
  ) {
    const found = await this.get(id);
    if (found?.status !== 'pending') return;
    await this.#write({ ...found, ...update });
  }

  async settle(
    id: string,
    outcome: { status: 'delivered' | 'failed'; attempts: number; reason?: string },
  ) {
    const found = await this.get(id);
    if (found) await this.#write({ ...found, ...outcome });
  }

  async pending() {
    return this.redis.zcard(keys.due);
  }

  async #write(delivery: Delivery) {
    await UPDATE.run(
      this.redis,
      [keys.item(delivery.id), keys.due],
      [JSON.stringify(delivery), delivery.status, delivery.nextAttemptAt, delivery.id],
    );
  }
}
