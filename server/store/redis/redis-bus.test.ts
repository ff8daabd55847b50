import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../../protocol/events.js';
import { eventually } from '../../../test/support/demo.js';
import { type RedisServer, startRedisServer } from '../../../test/support/redis-server.js';
import { agentMessage } from '../../../test/support/store-behaviour.js';
import { followConversation } from '../../relay/conversation-feed.js';
import type { Retention } from '../store.js';
import { openRedisStore, type RedisStore } from './redis-store.js';

const RETENTION: Retention = {
  maxEventsPerConversation: 1000,
  maxEventAgeMs: 3600_000,
  keepSettledMessagesMs: 3600_000,
};

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(() => server.stop());

/** Two instances on one Redis: `reader` follows the conversation, `writer` records into it. */
async function twoInstances() {
  const reader = await openRedisStore(server.url, RETENTION);
  const writer = await openRedisStore(server.url, RETENTION);
  const conversationId = `c${Math.random().toString(36).slice(2)}`;
  const record = async (n: number) => {
    const { events } = await writer.events.append(conversationId, [agentMessage(n)]);
    for (const event of events) writer.bus.publish(conversationId, event);
  };
  const received: LoggedEvent[] = [];
  const feed = followConversation(reader.events, reader.bus, conversationId, 0, {
    event: (event) => received.push(event),
    reset: () => {},
    fail: (error) => {
      throw error;
    },
  });
  await feed.caughtUp;
  return {
    reader,
    writer,
    record,
    received,
    ids: () => received.map((event) => event.id),
    async close() {
      feed.stop();
      await reader.close();
      await writer.close();
    },
  };
}

describe('the Redis bus', () => {
  it('reaches a stream on another instance, each event once and in order', async () => {
    const t = await twoInstances();
    for (let n = 1; n <= 30; n++) await t.record(n);
    await eventually(() => t.received.length === 30);
    expect(t.ids()).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    await t.close();
  });

  it('loses nothing published while its connection was down: it reads the log when back', async () => {
    const t = await twoInstances();
    await t.record(1);
    await eventually(() => t.received.length === 1);
    // Drop the reader's pub/sub connection; what is published meanwhile is gone from pub/sub.
    const admin = new Redis(server.url);
    expect(await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub')).toBeGreaterThan(0);
    for (let n = 2; n <= 20; n++) await t.record(n);
    // Nothing is published after this: only the catch-up on reconnect can deliver 2..20.
    await eventually(() => t.received.length === 20, 5000);
    expect(t.ids()).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await admin.quit();
    await t.close();
  });

  it('keeps the subscription through a Redis restart and reads what it missed', async () => {
    const t = await twoInstances();
    await t.record(1);
    await eventually(() => t.received.length === 1);
    await server.kill();
    expect(await t.reader.ready()).toBe(false);
    await server.start();
    await eventually(() => t.reader.ready(), 5000);
    // The writer appends the moment Redis is back; the reader may still be reconnecting.
    for (let n = 2; n <= 10; n++) await t.record(n);
    await eventually(() => t.received.length === 10, 5000);
    expect(t.ids()).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    await t.close();
  });
});

describe('readiness', () => {
  it('is false while Redis is unreachable and true again when it is back', async () => {
    const store: RedisStore = await openRedisStore(server.url, RETENTION);
    expect(await store.ready()).toBe(true);
    await server.kill();
    expect(await store.ready()).toBe(false);
    await server.start();
    await eventually(() => store.ready(), 5000);
    await store.close();
  });
});
