import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../test-support/redis-server.js';
import { storeBehaviour } from '../../test-support/store-behaviour.js';
import { openRedisStore } from './redis-store.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(() => server.stop());

/** Each test gets its own Redis database (0-14; 15 is the two-instance test's), emptied before and after. */
let database = 0;

storeBehaviour('Redis', {
  async open(retention) {
    const url = `${server.url}/${database++ % 15}`;
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

describe('two instances on one Redis', () => {
  const retention = {
    maxEventsPerConversation: 100,
    maxEventAgeMs: 3600_000,
    keepSettledMessagesMs: 3600_000,
  };

  it('share sessions, dedupe keys, rate counts, outbox leases and the token secret', async () => {
    const url = `${server.url}/15`;
    const a = await openRedisStore(url, retention);
    const b = await openRedisStore(url, retention);
    await a.sessions.create({
      conversationId: 'shared',
      createdAt: new Date().toISOString(),
      status: 'open',
      tokenVersion: 1,
    });
    await a.sessions.update('shared', { upstreamId: 'up-shared' });
    expect(await b.sessions.findByUpstreamId('up-shared')).toMatchObject({
      conversationId: 'shared',
    });
    expect(await a.dedupe.claim('cm-1', 'pending', 60)).toEqual({ first: true });
    expect(await b.dedupe.claim('cm-1', 'pending', 60)).toEqual({
      first: false,
      value: 'pending',
    });
    await a.rates.hit('ip:9', 60_000);
    expect((await b.rates.hit('ip:9', 60_000)).count).toBe(2);
    expect(await a.outbox.lease('shared', 'instance-a', 60_000)).toBe(true);
    expect(await b.outbox.lease('shared', 'instance-b', 60_000)).toBe(false);
    const secret = await a.sharedTokenSecret();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(await b.sharedTokenSecret()).toBe(secret);
    await a.close();
    await b.close();
  });
});
