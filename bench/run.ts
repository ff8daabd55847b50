import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { WIDGET_BUDGETS } from '../scripts/widget-size.js';
import { type BaselineResult, benchBareNode, benchNchan } from './baselines.js';
import { benchCards, CARD_TARGET_MS } from './cards/bench-cards.js';
import { compare, printComparison } from './lib/comparison.js';
import type { LadderResult } from './lib/fanout-ladder.js';
import { measureYardstick } from './lib/yardstick.js';
import { benchMemory } from './memory.js';
import { benchRelay, type RelayResult } from './relay.js';
import { benchSends } from './sends.js';
import { benchWidget } from './widget.js';

/**
 * `npm run bench`: the figures behind our claims, printed and written to
 * bench/results/latest.json. `--quick` runs small sizes (a smoke run, seconds);
 * `--only=relay,redis,memory,sends,widget,cards` picks scenarios. It reports against the
 * targets; it is not a test and never fails on them.
 */
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice(7)
  .split(',');
const wanted = (name: string) => !only || only.includes(name);
/** `--rates=1000,3000` and `--streams=1000` narrow the ladder (for comparing one change). */
const listArg = (name: string) =>
  args
    .find((arg) => arg.startsWith(`--${name}=`))
    ?.slice(name.length + 3)
    .split(',')
    .map(Number);
// A smoke run does not wait for a quiet machine before each step.
if (quick) process.env.BENCH_QUIET_WAIT_SECONDS ??= '0';

// The benchmark measures the relay, not our abuse limits: it lifts them.
const unlimited = {
  RATE_LIMIT_CREATE_PER_IP: 'off',
  RATE_LIMIT_SEND_PER_IP: 'off',
  RATE_LIMIT_SEND_PER_CONVERSATION: 'off',
  RATE_LIMIT_TYPING_PER_IP: 'off',
  RATE_LIMIT_TYPING_PER_CONVERSATION: 'off',
  STREAMS_PER_IP: '100000',
  STREAMS_PER_INSTANCE: '100000',
};

const TARGETS = {
  streamsPerInstance: 10_000,
  bytesPerStream: 15 * 1024,
  eventsPerSecondWithin20ms: 5_000,
  loaderGzipBytes: WIDGET_BUDGETS.loader,
  firstOpenGzipBytes: WIDGET_BUDGETS.firstOpen,
  launcherDrawnMs: 50,
  longWordFrameMs: 100,
  /** A 200-element card, the first on a page: render + layout, median. */
  firstCardMs: CARD_TARGET_MS,
};

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryBytes: totalmem(),
    node: process.version,
  },
  quick,
  targets: TARGETS,
};

const sizes = listArg('streams') ?? (quick ? [200] : [1_000, 5_000, 10_000]);
const rates =
  listArg('rates') ?? (quick ? [200, 500] : [1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 8_000]);
const secondsPerStep = quick ? 2 : 4;
// Warm-up at the first step's rate: after 500 webhooks at 500/s, the first measured step
// still cost the proxy ~28% more CPU per event than the next ones (JIT, heap growth);
// after 3 s at 1,000/s it costs the same (bench/README.md, "Why the first step waited").
const warmup = { rate: rates[0]!, seconds: quick ? 1 : 3 };

/** The relay ladder at each size of visitor population, on SQLite (one instance) or Redis (two). */
async function relayLadder(redis: boolean): Promise<RelayResult[]> {
  const relay: RelayResult[] = [];
  for (const streams of sizes) {
    relay.push(await benchRelay({ streams, rates, secondsPerStep, warmup, env: unlimited, redis }));
  }
  return relay;
}

if (wanted('relay')) {
  // The baselines run with the relay, so that its figures come with ratios from the same run.
  console.log('machine yardstick');
  const yardstick = measureYardstick();
  console.log(
    `  RS256 verify: ${yardstick.rs256VerifiesPerCpuSecond.toLocaleString('en-US')} per CPU second, one core`,
  );
  console.log('baselines: the same load generator against a bare node:http fan-out and nchan');
  const baselineOptions = { streams: sizes[0]!, rates, secondsPerStep, warmup };
  const bareNode: LadderResult = await benchBareNode(baselineOptions);
  const nchan: BaselineResult = await benchNchan(baselineOptions);
  console.log('relay latency and throughput');
  const relay = await relayLadder(false);
  const comparison = compare(relay[0]!, bareNode, nchan, yardstick);
  printComparison(comparison, yardstick);
  results.yardstick = yardstick;
  results.baselines = { bareNode, nchan };
  results.relay = relay;
  results.comparison = comparison;
}
if (wanted('redis')) {
  console.log('relay latency and throughput, Redis store, two instances');
  results.relayRedis = await relayLadder(true);
}
if (wanted('memory')) {
  console.log('memory');
  results.memory = await benchMemory({
    steps: quick ? [100, 500] : [1_000, 10_000],
    env: unlimited,
  });
}
if (wanted('sends')) {
  console.log('visitor messages');
  results.sends = await benchSends({
    conversations: quick ? 5 : 50,
    connections: quick ? 5 : 20,
    seconds: quick ? 3 : 10,
    env: unlimited,
  });
}
if (wanted('widget')) {
  console.log('widget');
  results.widget = await benchWidget({ runs: quick ? 3 : 9 });
}
if (wanted('cards')) {
  console.log('cards');
  results.cards = await benchCards({ firstRuns: quick ? 3 : 11, warmRuns: quick ? 5 : 21 });
}

// A smoke run's figures are not figures to publish: they never replace latest.json.
const narrowed = listArg('rates') || listArg('streams');
const output = quick || narrowed ? 'bench/results/quick.json' : 'bench/results/latest.json';
mkdirSync('bench/results', { recursive: true });
writeFileSync(output, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwritten: ${output}`);
process.exit(0);
