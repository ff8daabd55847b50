import type { LoggedEvent } from '../protocol/events.js';
import { type LadderResult, type LadderStep, runFanoutLadder } from './lib/fanout-ladder.js';
import { startParleyUnderTest } from './lib/parley-under-test.js';
import { probing } from './lib/probe.js';
import { prepareWebhooks } from './lib/webhook-load.js';

export type RelayStep = LadderStep;

export interface RelayResult extends LadderResult {
  store: 'sqlite' | 'redis';
  instances: number;
}

/**
 * Relay latency and throughput: `streams` visitors hold SSE streams; signed 8x8
 * MESSAGE webhooks are sent at rising rates, each to a random visitor's conversation
 * (see fanout-ladder.ts, which drives the baselines the same way). With `redis`, two
 * instances share one Redis and every webhook lands on the instance that does not
 * hold the visitor's stream.
 */
export async function benchRelay(options: {
  streams: number;
  rates: number[];
  secondsPerStep: number;
  warmup: { rate: number; seconds: number };
  env?: Record<string, string>;
  redis?: boolean;
}): Promise<RelayResult> {
  const parley = await startParleyUnderTest({
    conversations: options.streams,
    env: options.env,
    redis: options.redis,
  });
  const store = options.redis ? 'redis' : 'sqlite';
  try {
    const key = parley.simulator.rotateKey();
    const ladder = await runFanoutLadder(
      {
        ports: parley.ports,
        pids: parley.pids,
        ...(probing ? { probePid: parley.pids[0]! } : {}),
        channels: options.streams,
        subscribePath: (i) => parley.streamPath(i),
        prepare: (channels, prefix) =>
          prepareWebhooks(key, parley.simulator, channels, parley.upstreamIdOf, prefix),
        eventIdOf: (event) =>
          event.type === 'message'
            ? (JSON.parse(event.data) as Extract<LoggedEvent, { type: 'message' }>).messageId
            : undefined,
      },
      {
        rates: options.rates,
        secondsPerStep: options.secondsPerStep,
        warmup: options.warmup,
        label: `relay ${store} ×${parley.ports.length}, ${options.streams} streams`,
      },
    );
    return { store, instances: parley.ports.length, ...ladder };
  } finally {
    await parley.stop();
  }
}
