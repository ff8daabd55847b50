import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * Playwright drives real Chromium. `npx playwright install` cannot download here,
 * so the system Chromium is used when it exists; PARLEY_CHROMIUM overrides.
 */
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) =>
  existsSync(path),
);
const executablePath = process.env.PARLEY_CHROMIUM ?? systemChromium;

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: process.env.PARLEY_PW_REPORT
    ? [['list'], ['json', { outputFile: process.env.PARLEY_PW_REPORT }]]
    : 'list',
  use: {
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
