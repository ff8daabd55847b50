import { join } from 'node:path';
import type { Config } from '../config.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Retention, Store } from './store.js';

export interface OpenedStore {
  store: Store;
  /** Where the token-signing secret comes from when TOKEN_SECRET is not set, if not DATA_DIR. */
  sharedTokenSecret?: () => Promise<string>;
}

/**
 * SQLite in DATA_DIR, or Redis when REDIS_URL is set. The Redis code is imported
 * only then, so a single-machine proxy never loads it (nor the Redis client).
 */
export async function openStore(config: Config): Promise<OpenedStore> {
  const retention: Retention = {
    maxEventsPerConversation: config.maxEventsPerConversation,
    maxEventAgeMs: config.maxEventAgeDays * 24 * 60 * 60 * 1000,
    keepSettledMessagesMs: 24 * 60 * 60 * 1000,
  };
  if (config.redisUrl) {
    const { openRedisStore } = await import('./redis/redis-store.js');
    const store = await openRedisStore(config.redisUrl, retention);
    return { store, sharedTokenSecret: () => store.sharedTokenSecret() };
  }
  return { store: openSqliteStore(join(config.dataDir, 'parley.db'), retention) };
}
