import type { Redis } from 'ioredis';
import type { RateCounters } from '../store.js';
import { shared } from './keys.js';
import { Script } from './script.js';

/** KEYS: counter. ARGV: window ms. The first hit of a window starts its clock. */
const HIT = new Script(`
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`);

/** Fixed windows shared by every instance: a visitor's limit holds whichever instance it reaches. */
export class RedisRateCounters implements RateCounters {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  async hit(key: string, windowMs: number) {
    const [count, resetInMs] = (await HIT.run(this.#redis, [shared.rate(key)], [windowMs])) as [
      number,
      number,
    ];
    return { count, resetInMs };
  }
}
