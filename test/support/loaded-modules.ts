import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/config.js';
import { startParley } from '../../server/start.js';

/**
 * Run as a child process (tsx): starts the demo proxy with the environment it
 * was given, then prints the CommonJS modules the process has loaded (the Redis
 * client among them, if anything imported it) as JSON, and stops.
 */
const parley = await startParley(
  loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SHUTDOWN_DRAIN_SECONDS: '0',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'parley-modules-')),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  }),
);
const loaded = Object.keys(createRequire(import.meta.url).cache);
await parley.close();
console.log(JSON.stringify(loaded));
