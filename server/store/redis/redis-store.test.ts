import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../../test/support/redis-server.js';
import { openSession } from '../../../test/support/sessions.js';
import { storeBehaviour } from '../../../test/support/store-behaviour.js';
import { visitorDataBehaviour } from '../../../test/support/visitor-data-behaviour.js';
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

visitorDataBehaviour('Redis', async (retention) => {
  const url = `${server.url}/${database++ % 15}`;
  const admin = new Redis(url);
  await admin.flushdb();
  return {
    store: await openRedisStore(url, retention),
    destroy: async () => {
      await admin.flushdb();
      await admin.quit();
    },
  };
});

describe('two instances on one Redis', () => {
  const retention = {
    maxEventsPerConversation: 100,
    maxEventAgeMs: 3600_000,
    keepSettledMessagesMs: 3600_000,
  };

  it('share sessions, expiring values, rate counts, outbox leases and the token secret', async () => {
    const url = `${server.url}/15`;
    const a = await openRedisStore(url, retention);
    const b = await openRedisStore(url, retention);
    await a.sessions.create(openSession('shared'));
    await a.sessions.update('shared', { upstreamId: 'up-shared' });
    expect(await b.sessions.findByUpstreamId('up-shared')).toMatchObject({
      conversationId: 'shared',
    });
    expect(await a.values.setIfAbsent('cm-1', 'pending', 60)).toEqual({ first: true });
    expect(await b.values.setIfAbsent('cm-1', 'pending', 60)).toEqual({
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

describe('sessions kept in memory by two instances on one Redis', () => {
  const retention = {
    maxEventsPerConversation: 100,
    maxEventAgeMs: 3600_000,
    keepSettledMessagesMs: 3600_000,
  };

  /** Asks until `check` holds: the other instance hears of a change through pub/sub. */
  async function eventually(check: () => Promise<boolean>) {
    for (let tries = 0; tries < 200; tries++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('never held');
  }

  it("see each other's changes: an instance forgets a session another changed", async () => {
    const url = `${server.url}/15`;
    const admin = new Redis(url);
    await admin.flushdb();
    const a = await openRedisStore(url, retention);
    const b = await openRedisStore(url, retention);
    try {
      await a.sessions.create(openSession('kept', 'up-kept'));
      // Both now keep it in memory.
      expect(await a.sessions.findByUpstreamId('up-kept')).toMatchObject({ status: 'open' });
      expect(await b.sessions.findByUpstreamId('up-kept')).toMatchObject({ status: 'open' });
      await b.sessions.update('kept', { status: 'closed', queueId: 'q-7' });
      await eventually(
        async () => (await a.sessions.findByUpstreamId('up-kept'))?.status === 'closed',
      );
      expect(await a.sessions.findByUpstreamId('up-kept')).toMatchObject({ queueId: 'q-7' });
      // A change written behind the proxies' back is seen after a sweep (which forgets all).
      await admin.hset('parley:{kept}:session', 'queueId', 'q-8');
      await b.sweep(Date.now());
      await eventually(
        async () => (await a.sessions.findByUpstreamId('up-kept'))?.queueId === 'q-8',
      );
    } finally {
      await a.close();
      await b.close();
      await admin.flushdb();
      await admin.quit();
    }
  });
});

describe('the outbox index after a crash', () => {
  it('corrects entries a process died before updating, and misses no pending message', async () => {
    const url = `${server.url}/15`;
    const admin = new Redis(url);
    await admin.flushdb();
    const store = await openRedisStore(url, {
      maxEventsPerConversation: 100,
      maxEventAgeMs: 3600_000,
      keepSettledMessagesMs: 3600_000,
    });
    const now = Date.now();
    // Died after listing a conversation as due, before queueing its message.
    await admin.zadd('parley:{outbox}:due', now - 10, 'ghost');
    // Died after rescheduling, before moving the listing to the new time.
    await store.outbox.add({
      conversationId: 'later',
      clientMessageId: 'm1',
      text: 'hi',
      attachmentIds: [],
      createdAt: now,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now - 10,
    });
    await store.outbox.reschedule('later', 'm1', { attempts: 1, nextAttemptAt: now + 60_000 });
    await admin.zadd('parley:{outbox}:due', now - 10, 'later');

    expect(await store.outbox.due(now, 10)).toEqual([]);
    expect(await admin.zscore('parley:{outbox}:due', 'ghost')).toBeNull();
    expect(Number(await admin.zscore('parley:{outbox}:due', 'later'))).toBe(now + 60_000);
    expect(await store.outbox.due(now + 60_000, 10)).toEqual(['later']);
    expect(await store.outbox.depth()).toBe(1);
    await store.close();
    await admin.flushdb();
    await admin.quit();
  });
});
