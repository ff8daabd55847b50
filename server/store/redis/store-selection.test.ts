import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../../test/support/redis-server.js';
import { formatSummary, loadConfig } from '../../config.js';
import { projectRoot } from '../../paths.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());

/** The CommonJS modules a freshly started proxy (demo wiring) has loaded. */
async function modulesLoaded(env: Record<string, string>): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', join(projectRoot, 'test', 'support', 'loaded-modules.ts')],
    { cwd: projectRoot, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as string[];
}

const redisClient = (modules: string[]) =>
  modules.filter((path) => path.includes(`${join('node_modules', 'ioredis')}`));

describe('choosing the store', () => {
  it('never loads the Redis client without REDIS_URL, and loads it with', async () => {
    const embedded = await modulesLoaded({});
    expect(embedded.some((path) => path.includes('better-sqlite3'))).toBe(true);
    expect(redisClient(embedded)).toEqual([]);
    const distributed = await modulesLoaded({ REDIS_URL: redis.url });
    expect(redisClient(distributed).length).toBeGreaterThan(0);
  }, 60_000);

  it('takes redis:// and rediss:// URLs and masks the password in the summary', () => {
    const config = loadConfig({ REDIS_URL: 'rediss://parley:s3cret-pass@redis.internal:6380/2' });
    expect(config.redisUrl).toBe('rediss://parley:s3cret-pass@redis.internal:6380/2');
    const summary = formatSummary(config);
    expect(summary).toMatch(/REDIS_URL\s+rediss:\/\/parley:\*\*\*@redis\.internal:6380\/2$/m);
    expect(summary).not.toContain('s3cret-pass');
    expect(formatSummary(loadConfig({}))).toMatch(/REDIS_URL\s+\(unset: SQLite in DATA_DIR\)/);
  });

  it('refuses a REDIS_URL that is not one, without echoing it', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://user:pw@redis:6379' })).toThrow(
      /REDIS_URL must be a URL like redis:\/\//,
    );
    expect(() => loadConfig({ REDIS_URL: 'redis://:pw@redis:6379/x' })).toThrow(/REDIS_URL/);
    try {
      loadConfig({ REDIS_URL: 'http://user:leaky-pw@redis:6379' });
    } catch (error) {
      expect((error as Error).message).not.toContain('leaky-pw');
    }
  });
});
