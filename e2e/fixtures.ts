import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { loadConfig } from '../server/config.js';
import { type RunningParley, startParley } from '../server/start.js';

/**
 * Each test gets its own Parley demo: proxy plus simulator, on free loopback
 * ports, with a fresh data directory. Real servers, started in the test worker.
 */
export const test = base.extend<{ parley: RunningParley }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring.
  parley: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
    const parley = await startParley(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    );
    await use(parley);
    await parley.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
