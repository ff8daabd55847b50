import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { CachedSessions } from '../cached-sessions.js';
import type { Retention, Store } from '../store.js';
import { shared } from './keys.js';
import { RedisBus } from './redis-bus.js';
import { RedisDeliveries } from './redis-deliveries.js';
import { RedisEventLog } from './redis-event-log.js';
import { RedisExpiringValues } from './redis-expiring-values.js';
import { forgetRedisConversation } from './redis-forget.js';
import { RedisOutbox } from './redis-outbox.js';
import { RedisRateCounters } from './redis-rate-counters.js';
import { RedisRatings } from './redis-ratings.js';
import { RedisSessions } from './redis-sessions.js';
import { sweepRedis } from './redis-sweep.js';
import { SessionChanges } from './session-changes.js';

/** How long the first connection may take before the proxy gives up starting. */
const CONNECT_TIMEOUT_MS = 10_000;
/** How long /readyz waits for its probe write. */
const PING_TIMEOUT_MS = 1000;

export interface RedisStore extends Store {
  /** The token-signing secret: made once by the first instance, then shared by all. */
  sharedTokenSecret(): Promise<string>;
}

function connect(url: string, name: string, autoPipelining = false): Redis {
  return new Redis(url, {
    connectionName: name,
    // Commands wait while Redis is away, but not for ever: a caller gets an error
    // (a webhook a 5xx, so 8x8 retries it) after a few reconnect attempts.
    maxRetriesPerRequest: 3,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 1000),
    // The bus subscribes again itself, so that it knows when to make its readers catch up.
    autoResubscribe: false,
    lazyConnect: true,
    // Commands issued in the same turn of the event loop go in one write: under load,
    // many webhooks' commands share a round trip. (Not for the subscriber connection.)
    enableAutoPipelining: autoPipelining,
  });
}

/**
 * The distributed store: every instance of the proxy on one Redis, so any
 * instance can take any webhook and any stream. Needs Redis 7 or later with
 * persistence (AOF) on, or a Redis restart loses what 8x8 was told was stored.
 */
export async function openRedisStore(url: string, retention: Retention): Promise<RedisStore> {
  const redis = connect(url, 'parley', true);
  const subscriber = connect(url, 'parley-bus');
  // Errors are reported through ready() and failed commands; without a listener ioredis prints them.
  let lastError = 'no answer';
  for (const client of [redis, subscriber]) {
    client.on('error', (error: Error) => {
      lastError = error.message;
    });
  }
  try {
    // Redis may be starting beside us (a compose file): keep trying for a while.
    await withTimeout(Promise.all([whenReady(redis), whenReady(subscriber)]), CONNECT_TIMEOUT_MS);
  } catch {
    redis.disconnect();
    subscriber.disconnect();
    throw new Error(
      `cannot reach Redis at REDIS_URL within ${CONNECT_TIMEOUT_MS / 1000} s (${lastError})`,
    );
  }

  // Every webhook looks its session up by 8x8's id: from memory, forgotten when
  // any instance changes it (Redis stays the truth).
  const changes = new SessionChanges(redis, subscriber);
  const sessions = new CachedSessions(new RedisSessions(redis, retention), {
    changed: (conversationId) => changes.tell(conversationId),
  });
  await changes.listen(sessions);

  const outbox = new RedisOutbox(redis, retention);
  return {
    events: new RedisEventLog(redis, retention),
    bus: new RedisBus(redis, subscriber),
    sessions,
    values: new RedisExpiringValues(redis),
    outbox,
    rates: new RedisRateCounters(redis),
    ratings: new RedisRatings(redis, retention),
    async forget(conversationId) {
      await forgetRedisConversation(redis, outbox, conversationId);
      // Every instance drops its copy, as after any change.
      sessions.forget(conversationId);
      changes.tell(conversationId);
    },
    deliveries: new RedisDeliveries(redis),
    async ready() {
      if (redis.status !== 'ready' || subscriber.status !== 'ready') return false;
      try {
        // A write, not a PING: Redis out of memory (noeviction) or read-only still answers PING.
        const probe = redis.set(shared.probe, String(Date.now()), 'PX', 60_000);
        return (await withTimeout(probe, PING_TIMEOUT_MS)) === 'OK';
      } catch {
        return false;
      }
    },
    async sweep(now) {
      await sweepRedis(redis, retention, now);
      sessions.clear();
      changes.tell();
    },
    async sharedTokenSecret() {
      const made = randomBytes(48).toString('base64url');
      await redis.set(shared.tokenSecret, made, 'NX');
      return (await redis.get(shared.tokenSecret)) ?? made;
    },
    async close() {
      for (const client of [subscriber, redis]) {
        if (client.status === 'end') continue;
        await client.quit().catch(() => client.disconnect());
      }
    },
  };
}

/** Connects, retrying as the retry strategy says, until the client is ready. */
function whenReady(client: Redis): Promise<void> {
  return new Promise((resolve) => {
    client.once('ready', () => resolve());
    client.connect().catch(() => {}); // a failed first attempt is retried
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
