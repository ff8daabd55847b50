import type { Redis } from 'ioredis';
import type { Claim, Dedupe } from '../store.js';
import { shared } from './keys.js';

/** Dedupe keys as plain strings: `SET NX EX` claims, Redis expires them. */
export class RedisDedupe implements Dedupe {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  async claim(key: string, value: string, ttlSeconds: number): Promise<Claim> {
    // A claim that expires at once is as good as none: there is nothing to keep.
    if (ttlSeconds <= 0) return { first: true };
    const taken = await this.#redis.set(shared.dedupe(key), value, 'EX', ttlSeconds, 'NX');
    if (taken === 'OK') return { first: true };
    return { first: false, value: (await this.#redis.get(shared.dedupe(key))) ?? value };
  }

  async settle(key: string, value: string, ttlSeconds: number): Promise<void> {
    if (ttlSeconds <= 0) await this.#redis.del(shared.dedupe(key));
    else await this.#redis.set(shared.dedupe(key), value, 'EX', ttlSeconds, 'XX');
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#redis.get(shared.dedupe(key))) ?? undefined;
  }
}
