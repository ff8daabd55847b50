import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { deliveriesBehaviour } from '../../test/support/deliveries-behaviour.js';
import { type RedisServer, startRedisServer } from '../../test/support/redis-server.js';
import { MemoryDeliveries } from './deliveries.js';
import { openRedisStore } from './redis/redis-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

const opened: Store[] = [];
let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await server.stop();
});

const RETENTION = {
  maxEventsPerConversation: 100,
  maxEventAgeMs: 3_600_000,
  keepSettledMessagesMs: 3_600_000,
};

deliveriesBehaviour('memory', { open: async () => ({ deliveries: new MemoryDeliveries() }) });

deliveriesBehaviour('SQLite', {
  async open() {
    const path = join(mkdtempSync(join(tmpdir(), 'parley-deliveries-')), 'parley.db');
    const store = openSqliteStore(path, RETENTION);
    opened.push(store);
    return {
      deliveries: store.deliveries,
      reopen: async () => {
        await store.close();
        const again = openSqliteStore(path, RETENTION);
        opened.push(again);
        return again.deliveries;
      },
    };
  },
});

let database = 0;
deliveriesBehaviour('Redis', {
  async open() {
    const url = `${server.url}/${database++ % 15}`;
    const admin = new Redis(url);
    await admin.flushdb();
    await admin.quit();
    const store = await openRedisStore(url, RETENTION);
    opened.push(store);
    return {
      deliveries: store.deliveries,
      reopen: async () => {
        const again = await openRedisStore(url, RETENTION);
        opened.push(again);
        return again.deliveries;
      },
    };
  },
});
