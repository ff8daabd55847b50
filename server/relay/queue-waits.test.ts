import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../protocol/events.js';
import { eventually } from '../../test/support/demo.js';
import {
  startProxyFor,
  startSimulator,
  type TestProxy,
  type TestSimulator,
} from '../../test/support/simulator-harness.js';

const METRICS_PATH = '/analytics/cc/v5/realtime-metrics/queues/';
const VISITORS = 25;
const waits = (events: ParleyEvent[]) => events.filter((event) => event.type === 'wait');

describe("queued visitors hear the queue's wait (simulated 8x8, Real-time Metrics API)", () => {
  let sim: TestSimulator;
  let proxy: TestProxy;
  beforeAll(async () => {
    sim = await startSimulator('chat-gateway');
    proxy = await startProxyFor(sim, {
      CC_API_SECRET: sim.simulator.apiSecret,
      QUEUE_STATS_INTERVAL_SECONDS: '5',
      RATE_LIMIT_CREATE_PER_IP: 'off',
    });
  });
  afterAll(async () => {
    await proxy.close();
    await sim.close();
  });

  it('asks 8x8 once per queue per interval however many wait, and tells each as agents take chats', async () => {
    const s = sim.simulator;
    const visitors = [];
    for (let n = 0; n < VISITORS; n++) visitors.push(await proxy.startConversation());
    const last = visitors.at(-1)!;
    // The first visitors heard a count from before the rest arrived: the answer is kept an interval.
    const heard = async (check: (wait: ParleyEvent | undefined) => boolean) =>
      eventually(async () => check(waits(await proxy.events(last.conversationId)).at(-1)), 15_000);
    await heard((wait) => wait?.type === 'wait' && wait.waiting === VISITORS);
    const first = await proxy.events(last.conversationId);
    // Nobody was answered yet: 8x8 has no average wait, and nothing is guessed.
    expect(waits(first).at(-1)).toEqual({ type: 'wait', waiting: VISITORS });
    const firstCall = Date.now();

    s.accept('agent-alex', visitors[0]!.upstreamId);
    s.accept('agent-sam', visitors[1]!.upstreamId);
    await heard(
      (wait) =>
        wait?.type === 'wait' &&
        wait.waiting === VISITORS - 2 &&
        wait.estimatedWaitSeconds !== undefined,
    );
    const elapsed = Date.now() - firstCall;
    const calls = s.calls.count({ method: 'GET', path: METRICS_PATH });
    // One call per interval at most (plus the first), not one per visitor.
    expect(calls).toBeLessThanOrEqual(Math.floor(elapsed / 5000) + 2);
    expect(calls).toBeGreaterThanOrEqual(2);

    // Every visitor still queued heard it; the ones with an agent hear no more.
    for (const visitor of visitors.slice(2)) {
      const events = await proxy.events(visitor.conversationId);
      expect(waits(events).at(-1)).toMatchObject({ waiting: VISITORS - 2 });
    }
    const taken = await proxy.events(visitors[0]!.conversationId);
    expect(waits(taken).at(-1)).toEqual({ type: 'wait', waiting: VISITORS });
  }, 45_000);
});
