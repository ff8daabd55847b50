import type { Redis } from 'ioredis';
import type { Claim, ExpiringValues } from '../store.js';
import { shared } from './keys.js';

/** Plain strings with a TTL: `SET NX EX` sets if absent, Redis expires them. */
export class RedisExpiringValues implements ExpiringValues {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    // A value that expires at once is as good as none: there is nothing to keep.
    if (ttlSeconds <= 0) await this.#redis.del(shared.expiringValue(key));
    else await this.#redis.set(shared.expiringValue(key), value, 'EX', ttlSeconds);
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<Claim> {
    if (ttlSeconds <= 0) return { first: true };
    const taken = await this.#redis.set(shared.expiringValue(key), value, 'EX', ttlSeconds, 'NX');
    if (taken === 'OK') return { first: true };
    return { first: false, value: (await this.#redis.get(shared.expiringValue(key))) ?? value };
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#redis.get(shared.expiringValue(key))) ?? undefined;
  }
}
