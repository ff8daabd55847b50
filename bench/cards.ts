import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import config from '../playwright.config.js';

/**
 * `npx tsx bench/cards.ts`: renders a 200-element Adaptive Card in Chromium and
 * prints the median render-and-layout time (target < 16 ms, one frame).
 */
const ELEMENTS = 200;
const RUNS = 21;

const bundle = await build({
  entryPoints: ['bench/cards/render-card.tsx'],
  bundle: true,
  write: false,
  format: 'iife',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: true,
  plugins: [
    {
      // The sources import `./X.js` for `./X.tsx`, as TypeScript's NodeNext wants.
      name: 'tsx-for-js',
      setup(builder) {
        builder.onResolve({ filter: /^\.\.?\/.*\.js$/ }, ({ path, resolveDir }) => {
          const tsx = join(resolveDir, path.replace(/\.js$/, '.tsx'));
          return existsSync(tsx) ? { path: tsx } : undefined;
        });
      },
    },
  ],
});
const browser = await chromium.launch({
  ...(config.use?.launchOptions ?? {}),
});
try {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  // Warm up the JIT as a visitor's page would be by the time a card arrives.
  await page.evaluate('renderCard(50, 5)');
  const ms = (await page.evaluate(`renderCard(${ELEMENTS}, ${RUNS})`)) as number;
  console.log(
    `card render: ${ELEMENTS} elements in ${ms.toFixed(2)} ms (median of ${RUNS}; target < 16 ms)`,
  );
  process.exitCode = ms < 16 ? 0 : 1;
} finally {
  await browser.close();
}
