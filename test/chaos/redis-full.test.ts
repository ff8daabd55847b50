import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { it } from 'vitest';
import { closeAfterEach } from '../support/cleanup.js';
import { startRedisServer } from '../support/redis-server.js';
import { storageOutage } from './storage-outage.js';

/**
 * The Redis store (a real redis-server) out of memory: maxmemory lowered to
 * what it holds, with noeviction, so every write is refused with OOM, then
 * raised again.
 */

const closing = closeAfterEach();

it('answers webhooks 503 and is not ready while Redis is out of memory, then catches up', async () => {
  const redis = await startRedisServer();
  closing.push(() => redis.stop());
  const admin = new Redis(redis.url);
  closing.push(async () => admin.disconnect());
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-chaos-redis-'));
  closing.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  await storageOutage({
    scenario: 'Redis out of memory (maxmemory, noeviction)',
    env: { DATA_DIR: dataDir, REDIS_URL: redis.url },
    logLine: /storage[^"]*not writable[^"]*OOM/i,
    closing,
    async exhaust() {
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      await admin.config('SET', 'maxmemory', '1');
      return { undo: async () => void (await admin.config('SET', 'maxmemory', '0')) };
    },
  });
}, 90_000);
