import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from '@playwright/test';
import { build } from 'esbuild';
import config from '../../playwright.config.js';
import { type Profile, selfTimes, tally, topLines } from '../lib/cpu-profile.js';
import { median, round } from '../lib/stats.js';
import type { CardTimings } from './render-card.js';

/**
 * A 200-element Adaptive Card drawn in Chromium (render-card.tsx), two ways:
 *
 * - **first**: the first card on a fresh page (a new browser context each run):
 *   the renderer's code is loaded and preact has drawn the panel, but no card
 *   has been drawn yet. What a visitor waits for when a card arrives; the
 *   < 16 ms target (one frame) is judged on its median.
 * - **warm**: the same card drawn again and again on one page, once the JIT
 *   has seen it: the steady state, and what a profile of the renderer's own
 *   work shows best.
 *
 * Each as the median and the fastest run, render and layout apart, and the main
 * thread's CPU time per card (Chromium's ThreadTime), which a busy machine
 * inflates least. Loading the chunk itself (fetch, parse) is not in the figure.
 */
export const CARD_ELEMENTS = 200;
export const CARD_TARGET_MS = 16;

export interface CardFigures {
  /** Render + layout, median of the runs. */
  medianMs: number;
  fastestMs: number;
  renderMs: number;
  layoutMs: number;
  cpuMsPerCard: number;
  runs: number;
}

export interface CardsResult {
  elements: number;
  first: CardFigures;
  warm: CardFigures;
  targetMs: number;
  judgedOn: 'first';
}

export interface CardsOptions {
  firstRuns: number;
  warmRuns: number;
  /** Write a CPU profile of each measured page here and print where the time went. */
  profileDir?: string;
}

const PREACT_SOURCES = {
  preact: './node_modules/preact/src/index.js',
  'preact/hooks': './node_modules/preact/hooks/src/index.js',
  'preact/jsx-runtime': './node_modules/preact/jsx-runtime/src/index.js',
};

async function bundle(profiling: boolean): Promise<string> {
  const built = await build({
    entryPoints: ['bench/cards/render-card.tsx'],
    bundle: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    // A profile names functions: their names are kept when profiling.
    minify: !profiling,
    minifySyntax: true,
    minifyWhitespace: true,
    // preact's own sources rather than its minified build, so its functions have names too.
    ...(profiling ? { alias: PREACT_SOURCES } : {}),
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
  return built.outputFiles[0]!.text;
}

/** A page of its own with the renderer loaded and the panel drawn. */
async function freshPage(browser: Browser, script: string, run: number) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  // A source of its own: no page reuses code another page compiled.
  await page.addScriptTag({ content: `/* page ${run} */\n${script}` });
  await page.evaluate('drawPanel()');
  return { context, page };
}

/** Runs `renderCard(count, runs)` in the page: its timings, CPU, and a profile if asked. */
async function measure(page: Page, runs: number, profiling: boolean) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const threadTime = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find(
      (metric) => metric.name === 'ThreadTime',
    )?.value ?? Number.NaN;
  if (profiling) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const before = await threadTime();
  const timings = (await page.evaluate(`renderCard(${CARD_ELEMENTS}, ${runs})`)) as CardTimings;
  // Seconds of CPU for all the runs (each render, its layout and its removal).
  const cpuMs = ((await threadTime()) - before) * 1000;
  const profile = profiling
    ? ((await cdp.send('Profiler.stop')).profile as unknown as Profile)
    : undefined;
  await cdp.detach();
  return { timings, cpuMs, profile };
}

function figures(all: CardTimings[], cpuMs: number): CardFigures {
  const renders = all.flatMap((timing) => timing.renders);
  const layouts = all.flatMap((timing) => timing.layouts);
  const totals = renders.map((value, index) => value + layouts[index]!);
  return {
    medianMs: median(totals),
    fastestMs: round(Math.min(...totals)),
    renderMs: median(renders),
    layoutMs: median(layouts),
    cpuMsPerCard: round(cpuMs / totals.length),
    runs: totals.length,
  };
}

/** Where the profiles' busy time went, by function (self time), summed over the profiles. */
function summarise(title: string, profiles: Profile[]) {
  const totals = new Map<string, number>();
  let busy = 0;
  for (const profile of profiles) {
    const byFunction = tally(profile, selfTimes(profile), ({ callFrame }) =>
      callFrame.url || callFrame.lineNumber >= 0
        ? `${callFrame.functionName || '(anonymous)'}:${callFrame.lineNumber + 1}`
        : callFrame.functionName,
    );
    for (const [name, us] of byFunction) {
      totals.set(name, (totals.get(name) ?? 0) + us);
      busy += us;
    }
  }
  console.log(`  ${title}: busy ${(busy / 1000).toFixed(1)} ms, self time by function:`);
  for (const line of topLines(totals, busy, 20)) console.log(`    ${line}`);
}

const line = (name: string, card: CardFigures) =>
  `  ${name}: ${card.medianMs} ms median (render ${card.renderMs}, layout ${card.layoutMs}), fastest ${card.fastestMs} ms, CPU ${card.cpuMsPerCard} ms per card; ${card.runs} runs`;

export async function benchCards(options: CardsOptions): Promise<CardsResult> {
  const profiling = options.profileDir !== undefined;
  const script = await bundle(profiling);
  const browser = await chromium.launch(config.use?.launchOptions ?? {});
  const first: CardTimings[] = [];
  const firstProfiles: Profile[] = [];
  let firstCpuMs = 0;
  let warm: Awaited<ReturnType<typeof measure>>;
  try {
    for (let run = 0; run < options.firstRuns; run++) {
      const { context, page } = await freshPage(browser, script, run);
      const measured = await measure(page, 1, profiling);
      first.push(measured.timings);
      firstCpuMs += measured.cpuMs;
      if (measured.profile) firstProfiles.push(measured.profile);
      await context.close();
    }
    const { context, page } = await freshPage(browser, script, options.firstRuns);
    // Warmed up as a page that has drawn cards before.
    await page.evaluate(`renderCard(${CARD_ELEMENTS}, 5)`);
    warm = await measure(page, options.warmRuns, profiling);
    await context.close();
  } finally {
    await browser.close();
  }
  const result: CardsResult = {
    elements: CARD_ELEMENTS,
    first: figures(first, firstCpuMs),
    warm: figures([warm.timings], warm.cpuMs),
    targetMs: CARD_TARGET_MS,
    judgedOn: 'first',
  };
  console.log(`  card of ${CARD_ELEMENTS} elements, render + layout:`);
  console.log(
    `${line('first card on a fresh page', result.first)} (target < ${CARD_TARGET_MS} ms)`,
  );
  console.log(line('warm, the same page again', result.warm));
  if (options.profileDir) {
    mkdirSync(options.profileDir, { recursive: true });
    for (const [run, profile] of firstProfiles.entries())
      writeFileSync(join(options.profileDir, `first-${run}.cpuprofile`), JSON.stringify(profile));
    writeFileSync(join(options.profileDir, 'warm.cpuprofile'), JSON.stringify(warm.profile));
    summarise('first cards', firstProfiles);
    summarise('warm cards', warm.profile ? [warm.profile] : []);
    console.log(`  profiles: ${options.profileDir}/`);
  }
  return result;
}
