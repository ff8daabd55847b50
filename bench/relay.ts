import type { LoggedEvent } from '../protocol/events.js';
import { startParleyUnderTest } from './lib/parley-under-test.js';
import { openSseClients } from './lib/sse-clients.js';
import { round, type Summary, summarise } from './lib/stats.js';
import { prepareWebhooks, sendWebhooks, webhookAgent } from './lib/webhook-load.js';

export interface RelayStep extends Summary {
  streams: number;
  targetRate: number;
  sent: number;
  received: number;
  lost: number;
  refused: number;
  eventsPerSecond: number;
  /** The webhook's own answer time (stored, then acknowledged). */
  ack: Summary;
}

export interface RelayResult {
  store: 'sqlite' | 'redis';
  instances: number;
  streams: number;
  connectSeconds: number;
  steps: RelayStep[];
  /** Highest rate tried whose p99 stayed ≤ 20 ms with nothing lost. */
  maxRateWithin20ms: number;
}

/**
 * Relay latency and throughput: `streams` visitors hold SSE streams; signed 8x8
 * MESSAGE webhooks are sent at rising rates, spread over their conversations.
 * Latency is from the webhook leaving the sender to the event arriving on the
 * visitor's stream (same process, same clock). A step that breaks p99 ≤ 20 ms or
 * loses anything ends the ladder. With `redis`, two instances share one Redis and
 * every webhook lands on the instance that does not hold the visitor's stream.
 */
export async function benchRelay(options: {
  streams: number;
  rates: number[];
  secondsPerStep: number;
  env?: Record<string, string>;
  redis?: boolean;
}): Promise<RelayResult> {
  const parley = await startParleyUnderTest({
    conversations: options.streams,
    env: options.env,
    redis: options.redis,
  });
  const store = options.redis ? 'redis' : 'sqlite';
  const agent = webhookAgent();
  try {
    const key = parley.simulator.rotateKey();
    const arrivals = new Map<string, number>();
    const connectStart = performance.now();
    const clients = await openSseClients({
      port: parley.ports,
      paths: parley.conversations.map((_, i) => parley.streamPath(i)),
      onEvent: (_index, event) => {
        if (event.type !== 'message') return;
        const message = JSON.parse(event.data) as Extract<LoggedEvent, { type: 'message' }>;
        arrivals.set(message.messageId, performance.now());
      },
    });
    const connectSeconds = round((performance.now() - connectStart) / 1000);
    if (clients.failed > 0)
      throw new Error(`${clients.failed} of ${options.streams} streams failed to open`);

    // Warm up (JIT, 8x8 key fetch, SQLite page cache) before anything is measured.
    await sendWebhooks(
      parley.ports,
      prepareWebhooks(
        key,
        parley.simulator,
        500,
        (n) => parley.upstreamIdOf(n % options.streams),
        `warm-${options.streams}`,
      ),
      500,
      agent,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));

    const steps: RelayStep[] = [];
    let maxRateWithin20ms = 0;
    for (const rate of options.rates) {
      arrivals.clear();
      const count = rate * options.secondsPerStep;
      const webhooks = prepareWebhooks(
        key,
        parley.simulator,
        count,
        (n) => parley.upstreamIdOf(n % options.streams),
        `r${rate}-s${options.streams}`,
      );
      // Signing thousands of webhooks just now leaves the sender's heap to be collected:
      // let that finish before the clock starts.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const sent = await sendWebhooks(parley.ports, webhooks, rate, agent);
      const deadline = performance.now() + 5000;
      while (arrivals.size < sent.acknowledged && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const latencies: number[] = [];
      for (const [eventId, at] of sent.sentAt) {
        const arrived = arrivals.get(eventId);
        if (arrived !== undefined) latencies.push(arrived - at);
      }
      const lastArrival = Math.max(...arrivals.values());
      const firstSend = Math.min(...sent.sentAt.values());
      const step: RelayStep = {
        streams: options.streams,
        targetRate: rate,
        sent: sent.acknowledged,
        received: latencies.length,
        lost: sent.acknowledged - latencies.length,
        refused: sent.refused,
        eventsPerSecond: Math.round(latencies.length / ((lastArrival - firstSend) / 1000)),
        ack: summarise(sent.ackMs),
        ...summarise(latencies),
      };
      steps.push(step);
      console.log(
        `  relay ${store} ×${parley.ports.length}, ${options.streams} streams @ ${rate}/s: p50 ${step.p50} ms, p99 ${step.p99} ms, max ${step.max} ms, ${step.eventsPerSecond} events/s, lost ${step.lost}, refused ${step.refused}; webhook answered p50 ${step.ack.p50} ms, p99 ${step.ack.p99} ms`,
      );
      if (step.p99 > 20 || step.lost > 0 || step.refused > 0) break;
      maxRateWithin20ms = rate;
    }
    clients.close();
    return {
      store,
      instances: parley.ports.length,
      streams: options.streams,
      connectSeconds,
      steps,
      maxRateWithin20ms,
    };
  } finally {
    agent.destroy();
    await parley.stop();
  }
}
