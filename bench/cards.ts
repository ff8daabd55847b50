import { benchCards, CARD_TARGET_MS } from './cards/bench-cards.js';

/**
 * `npx tsx bench/cards.ts`: a 200-element Adaptive Card drawn in Chromium, the
 * first card on a fresh page and the same card warm (bench/cards/bench-cards.ts
 * says what each measures). Exits 1 when the first card's median misses the
 * target. BENCH_CPU_PROF=1 also writes CPU profiles to bench/results/cards-profiles/
 * and prints where the time went.
 */
const result = await benchCards({
  firstRuns: 11,
  warmRuns: 21,
  ...(process.env.BENCH_CPU_PROF === '1' ? { profileDir: 'bench/results/cards-profiles' } : {}),
});
process.exitCode = result.first.medianMs < CARD_TARGET_MS ? 0 : 1;
