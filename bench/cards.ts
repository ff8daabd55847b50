import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import config from '../playwright.config.js';

/**
 * `npx tsx bench/cards.ts`: renders a 200-element Adaptive Card in Chromium and
 * prints the time to render it and lay it out (target < 16 ms, one frame):
 * render and layout apart (performance marks, bench/cards/render-card.tsx), as
 * the median and the fastest of the runs, and the main thread's CPU time per
 * card (Chromium's ThreadTime metric), which a busy machine inflates least.
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
      // The sources import `./X.js` for `./X.tsx` (TypeScript's NodeNext) and CSS as `?inline` text (vite).
      name: 'as-vite-does',
      setup(builder) {
        builder.onResolve({ filter: /^\.\.?\/.*\.js$/ }, ({ path, resolveDir }) => {
          const tsx = join(resolveDir, path.replace(/\.js$/, '.tsx'));
          return existsSync(tsx) ? { path: tsx } : undefined;
        });
        builder.onResolve({ filter: /\.css\?inline$/ }, ({ path, resolveDir }) => ({
          path: join(resolveDir, path.replace(/\?inline$/, '')),
          namespace: 'css-text',
        }));
        builder.onLoad({ filter: /.*/, namespace: 'css-text' }, ({ path }) => ({
          contents: readFileSync(path, 'utf8'),
          loader: 'text',
        }));
      },
    },
  ],
});
const browser = await chromium.launch({
  ...(config.use?.launchOptions ?? {}),
});
type Timing = { render: number; layout: number; total: number; fastest: number };
try {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  // Warm up the JIT as a visitor's page would be by the time a card arrives.
  await page.evaluate('renderCard(50, 5)');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const threadTime = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find(
      (metric) => metric.name === 'ThreadTime',
    )?.value ?? Number.NaN;
  const before = await threadTime();
  const ms = (await page.evaluate(`renderCard(${ELEMENTS}, ${RUNS})`)) as Timing;
  // Seconds of CPU for all the runs (each render, its layout and its removal), per card.
  const cpuMs = ((await threadTime()) - before) * (1000 / RUNS);
  const f = (n: number) => n.toFixed(2);
  console.log(
    `card render: ${ELEMENTS} elements in ${f(ms.total)} ms (render ${f(ms.render)} ms, layout ${f(ms.layout)} ms; median of ${RUNS}), fastest ${f(ms.fastest)} ms, main-thread CPU ${f(cpuMs)} ms per card; target < 16 ms`,
  );
  process.exitCode = ms.fastest < 16 ? 0 : 1;
} finally {
  await browser.close();
}
