import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { type RedisServer, startRedisServer } from '../../test-support/redis-server.js';
import { storeBehaviour } from '../../test-support/store-behaviour.js';
import { openRedisStore } from './redis-store.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(() => server.stop());

/** Each test gets its own Redis database (0-15), emptied before and after. */
let database = 0;

storeBehaviour('Redis', {
  async open(retention) {
    const url = `${server.url}/${database++ % 16}`;
    const admin = new Redis(url);
    await admin.flushdb();
    return {
      store: await openRedisStore(url, retention),
      reopen: () => openRedisStore(url, retention),
      destroy: async () => {
        await admin.flushdb();
        await admin.quit();
      },
    };
  },
});
