import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DISTURBED_ABOVE_CORES, startCpuSample, waitForQuiet } from './cpu-time.js';
import { readProbe } from './probe.js';
import {
  type PreparedPublish,
  publishAgent,
  randomChannels,
  sendPublishes,
} from './publish-load.js';
import { openSseClients, type SseEvent } from './sse-clients.js';
import { round, type Summary, summarise } from './stats.js';

/**
 * Something that fans published events out to SSE subscribers: the relay, or a
 * baseline. The same ladder, load generator and subscribers drive each of them.
 */
export interface FanoutTarget {
  /** One port per instance. */
  ports: number[];
  /** Processes whose CPU time is the target's. */
  pids: number[];
  /** A Node process started with probeSetup()'s flags, to ask for its event loop and GC. */
  probePid?: number;
  /** How many subscribers (one per channel). */
  channels: number;
  subscribePath(channel: number): string;
  /** `channels[n]` is the channel of event n; made before the clock starts. */
  prepare(channels: number[], prefix: string): PreparedPublish[];
  /** The event id a frame carries, undefined for frames that are not events. */
  eventIdOf(event: SseEvent): string | undefined;
}

/**
 * How long a step waits at most for the machine to be quiet (BENCH_QUIET_WAIT_SECONDS,
 * default 30; 0 starts each step after one second whatever the machine does).
 */
const quietWaitMs = () => Number(process.env.BENCH_QUIET_WAIT_SECONDS ?? 30) * 1000;

export interface LadderStep extends Summary {
  streams: number;
  targetRate: number;
  sent: number;
  received: number;
  lost: number;
  refused: number;
  eventsPerSecond: number;
  /** The publish's own answer time (for the relay: stored, then acknowledged). */
  ack: Summary;
  /** CPU time of the target's processes per event relayed, µs. */
  cpuUsPerEvent: number;
  /** CPU time of the benchmark process (generator and subscribers) per event, µs. */
  generatorCpuUsPerEvent: number;
  /**
   * Other processes used more than DISTURBED_ABOVE_CORES during the step: its latency
   * says as much about them as about the target (CPU per event holds up far better).
   */
  disturbed: boolean;
  /** What else was going on: a figure taken while these are high is not one to publish. */
  conditions: {
    /** How long the step waited for the machine to be quiet before it started. */
    waitedForQuietMs: number;
    /** How late the generator handed publishes over against its schedule, p99 ms. */
    generatorLagP99Ms: number;
    /** The benchmark process's own event-loop delay, p99 ms (its clock reads late by this). */
    generatorLoopDelayP99Ms: number;
    /** ms the target's main threads waited for a free core during the step. */
    targetRunQueueWaitMs: number;
    /** Cores used by other processes on the machine during the step. */
    otherCores: number;
    /** Share of the step some task waited for a core / for the disk (Linux PSI). */
    cpuPressure?: number;
    ioPressure?: number;
    loadAverage: number;
  };
  /** With BENCH_PROBE=1, what the target process says of itself (event loop, GC). */
  probe?: unknown;
}

export interface LadderResult {
  streams: number;
  connectSeconds: number;
  steps: LadderStep[];
  /** Highest rate tried whose p99 stayed ≤ 20 ms with nothing lost. */
  maxRateWithin20ms: number;
}

export interface LadderOptions {
  rates: number[];
  secondsPerStep: number;
  /** Sent before anything is measured: JIT, heap growth, caches, keys. */
  warmup: { rate: number; seconds: number };
  /** Printed before each step's figures. */
  label: string;
  /** The same seed gives every target the same channel sequence. */
  seed?: number;
}

/**
 * Subscribers hold one stream per channel; events are published at rising rates, one
 * per publish, each to a random channel. Latency runs from the publish being handed
 * to the HTTP client to the event arriving on its subscriber's stream (same process,
 * same clock). A step that breaks p99 ≤ 20 ms or loses anything ends the ladder.
 */
export async function runFanoutLadder(
  target: FanoutTarget,
  options: LadderOptions,
): Promise<LadderResult> {
  const agent = publishAgent();
  const arrivals = new Map<string, number>();
  const connectStart = performance.now();
  const clients = await openSseClients({
    port: target.ports,
    paths: Array.from({ length: target.channels }, (_, i) => target.subscribePath(i)),
    onEvent: (_index, event) => {
      const eventId = target.eventIdOf(event);
      if (eventId !== undefined) arrivals.set(eventId, performance.now());
    },
  });
  const connectSeconds = round((performance.now() - connectStart) / 1000);
  try {
    if (clients.failed > 0) {
      throw new Error(`${clients.failed} of ${target.channels} streams failed to open`);
    }
    let seed = options.seed ?? 1;
    const publishes = (count: number, prefix: string) =>
      target.prepare(randomChannels(count, target.channels, seed++), prefix);

    const { rate: warmRate, seconds: warmSeconds } = options.warmup;
    await sendPublishes(target.ports, publishes(warmRate * warmSeconds, 'warm'), warmRate, agent);
    await new Promise((resolve) => setTimeout(resolve, 500));

    const steps: LadderStep[] = [];
    const runStep = async (rate: number): Promise<LadderStep> => {
      arrivals.clear();
      const prepared = publishes(
        rate * options.secondsPerStep,
        `step${steps.length}-r${rate}-c${target.channels}`,
      );
      // At least a second before the clock starts: preparing thousands of publishes just
      // now leaves the generator's heap to be collected. Then, on a shared machine, wait
      // for a quiet second: a step that others disturb measures them as much as the target.
      const quiet = await waitForQuiet(target.pids, quietWaitMs());
      if (target.probePid) await readProbe(target.probePid);
      const loopDelay = monitorEventLoopDelay({ resolution: 1 });
      loopDelay.enable();
      const cpu = startCpuSample(target.pids);
      const sent = await sendPublishes(target.ports, prepared, rate, agent);
      const deadline = performance.now() + 5000;
      while (arrivals.size < sent.acknowledged && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const spent = cpu();
      loopDelay.disable();
      const probe = target.probePid ? await readProbe(target.probePid) : undefined;
      const step = summariseStep(target.channels, rate, sent, arrivals, spent);
      step.conditions.generatorLoopDelayP99Ms = round(loopDelay.percentile(99) / 1e6);
      step.conditions.waitedForQuietMs = quiet.waitedMs;
      if (probe) step.probe = probe;
      steps.push(step);
      console.log(`  ${options.label} @ ${rate}/s: ${describeStep(step)}`);
      return step;
    };
    const missed = (step: LadderStep) => step.p99 > 20 || step.lost > 0 || step.refused > 0;

    let maxRateWithin20ms = 0;
    for (const rate of options.rates) {
      let step = await runStep(rate);
      // A miss while others used the machine says little about the target: one more try.
      if (missed(step) && step.disturbed) step = await runStep(rate);
      if (missed(step)) break;
      maxRateWithin20ms = rate;
    }
    return { streams: target.channels, connectSeconds, steps, maxRateWithin20ms };
  } finally {
    clients.close();
    agent.destroy();
  }
}

function summariseStep(
  streams: number,
  rate: number,
  sent: Awaited<ReturnType<typeof sendPublishes>>,
  arrivals: Map<string, number>,
  spent: ReturnType<ReturnType<typeof startCpuSample>>,
): LadderStep {
  const latencies: number[] = [];
  for (const [eventId, at] of sent.sentAt) {
    const arrived = arrivals.get(eventId);
    if (arrived !== undefined) latencies.push(arrived - at);
  }
  const lastArrival = Math.max(...arrivals.values());
  const firstSend = Math.min(...sent.sentAt.values());
  const events = Math.max(1, latencies.length);
  return {
    streams,
    targetRate: rate,
    sent: sent.acknowledged,
    received: latencies.length,
    lost: sent.acknowledged - latencies.length,
    refused: sent.refused,
    eventsPerSecond: Math.round(latencies.length / ((lastArrival - firstSend) / 1000)),
    ack: summarise(sent.ackMs),
    ...summarise(latencies),
    disturbed: spent.otherCores > DISTURBED_ABOVE_CORES,
    cpuUsPerEvent: Math.round((spent.targetMs * 1000) / events),
    generatorCpuUsPerEvent: Math.round((spent.generatorMs * 1000) / events),
    conditions: {
      waitedForQuietMs: 0,
      generatorLagP99Ms: summarise(sent.lagMs).p99,
      generatorLoopDelayP99Ms: 0,
      targetRunQueueWaitMs: spent.targetRunQueueWaitMs,
      otherCores: spent.otherCores,
      ...(spent.cpuPressure === undefined ? {} : { cpuPressure: spent.cpuPressure }),
      ...(spent.ioPressure === undefined ? {} : { ioPressure: spent.ioPressure }),
      loadAverage: spent.loadAverage,
    },
  };
}

function describeStep(step: LadderStep): string {
  const c = step.conditions;
  return [
    ...(step.disturbed ? [`DISTURBED (other processes used ${c.otherCores} cores)`] : []),
    `p50 ${step.p50} ms, p99 ${step.p99} ms, max ${step.max} ms, ${step.eventsPerSecond} events/s`,
    `lost ${step.lost}, refused ${step.refused}; answered p50 ${step.ack.p50} ms, p99 ${step.ack.p99} ms`,
    `CPU ${step.cpuUsPerEvent} µs/event (generator ${step.generatorCpuUsPerEvent})`,
    `[run-queue wait ${c.targetRunQueueWaitMs} ms, other load ${c.otherCores} cores, pressure cpu ${c.cpuPressure ?? '?'} io ${c.ioPressure ?? '?'}, generator lag p99 ${c.generatorLagP99Ms} ms, loop delay p99 ${c.generatorLoopDelayP99Ms} ms]`,
  ].join('; ');
}
