import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import config from '../playwright.config.js';
import { widgetSizes } from '../scripts/widget-size.js';
import { loadConfig } from '../server/config.js';
import { startParley } from '../server/start.js';
import { median, round } from './lib/stats.js';

export interface WidgetResult {
  loaderGzipBytes: number;
  firstOpenGzipBytes: number;
  /** From the loader's response ending to the frame after the launcher exists. */
  launcherDrawnMs: number;
  /** From the click to the frame after the composer is focused. */
  composerReadyMs: number;
  runs: number;
}

// Plain script text: functions passed from TypeScript would carry the transpiler's helpers.
const CLICK_TO_COMPOSER = `new Promise((resolve) => {
  const root = document.querySelector('[data-parley]').shadowRoot;
  const start = performance.now();
  root.querySelector('button').click();
  const check = () => {
    const box = root.querySelector('textarea');
    if (box && root.activeElement === box) {
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
    } else requestAnimationFrame(check);
  };
  check();
})`;

/**
 * The widget in real Chromium against the demo: the median of several cold runs
 * (a new browser context each time, so nothing is cached).
 */
export async function benchWidget(options: { runs: number }): Promise<WidgetResult> {
  const sizes = widgetSizes();
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-widget-'));
  const parley = await startParley(
    loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
  );
  const launchOptions = config.use?.launchOptions ?? {};
  const browser = await chromium.launch(launchOptions);
  const drawn: number[] = [];
  const ready: number[] = [];
  try {
    for (let run = 0; run < options.runs; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript(() => {
        const w = window as unknown as { __parleyDrawn?: number };
        new MutationObserver((_records, observer) => {
          const launcher = document
            .querySelector('[data-parley]')
            ?.shadowRoot?.querySelector('button');
          if (!launcher) return;
          observer.disconnect();
          requestAnimationFrame(() =>
            requestAnimationFrame(() => (w.__parleyDrawn = performance.now())),
          );
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(parley.url);
      await page.waitForFunction(
        () => (window as unknown as { __parleyDrawn?: number }).__parleyDrawn !== undefined,
      );
      drawn.push(
        await page.evaluate(() => {
          const loader = performance
            .getEntriesByType('resource')
            .find((entry) => entry.name.endsWith('/parley.js')) as PerformanceResourceTiming;
          return (
            (window as unknown as { __parleyDrawn: number }).__parleyDrawn - loader.responseEnd
          );
        }),
      );
      ready.push(await page.evaluate<number>(CLICK_TO_COMPOSER));
      await context.close();
    }
  } finally {
    await browser.close();
    await parley.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const result = {
    loaderGzipBytes: sizes.loader,
    firstOpenGzipBytes: sizes.firstOpen,
    launcherDrawnMs: round(median(drawn)),
    composerReadyMs: round(median(ready)),
    runs: options.runs,
  };
  console.log(
    `  widget: loader ${result.loaderGzipBytes} B gz, first open ${result.firstOpenGzipBytes} B gz, launcher drawn ${result.launcherDrawnMs} ms after the loader, composer ready ${result.composerReadyMs} ms after the click`,
  );
  return result;
}
