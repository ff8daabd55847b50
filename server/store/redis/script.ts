import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script, run by its SHA and loaded on first use (again after a Redis
 * restart, which forgets loaded scripts). One script runs atomically: Redis runs
 * nothing else in between.
 */
export class Script {
  readonly #sha: string;

  constructor(readonly lua: string) {
    this.#sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.#sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.lua, keys.length, ...keys, ...args);
    }
  }
}

/**
 * Lua, for scripts whose locals `events`, `log` and `appendKeys` are one conversation's
 * keys: trims its stream and append keys through event id `n` (a Lua expression) and
 * remembers how far, so a client resuming from before gets `reset`.
 */
export const trimThroughLua = (n: string) => `
  redis.call('XTRIM', events, 'MINID', (${n} + 1) .. '-0')
  redis.call('ZREMRANGEBYSCORE', appendKeys, '-inf', ${n})
  if ${n} > tonumber(redis.call('HGET', log, 'trimmed') or '0') then
    redis.call('HSET', log, 'trimmed', ${n})
  end`;
