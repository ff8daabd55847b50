import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/demo.js';
import {
  startProxyFor,
  startSimulator,
  type TestProxy,
  type TestSimulator,
} from '../../test/support/simulator-harness.js';
import { loadConfig } from '../config.js';
import { DEFAULT_QUEUES } from '../simulator/contact-center-simulator.js';

/**
 * "Open but no agent logged in", end to end: GET /v1/availability on a proxy on
 * loopback, whose 8x8 is the simulator's Real-time Metrics API with agents
 * logging in and out. Unknown statistics never close the widget.
 */

const QUEUE = DEFAULT_QUEUES[0]!.id;
let sim: TestSimulator;
const proxies: TestProxy[] = [];
beforeAll(async () => {
  sim = await startSimulator('chat-gateway');
});
afterAll(() => sim.close());
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  sim.simulator.faults.clear();
  for (const agent of sim.simulator.agents) sim.simulator.setLoggedIn(agent.id, true);
});

async function proxyWith(env: Record<string, string>) {
  const proxy = await startProxyFor(sim, {
    CC_API_SECRET: sim.simulator.apiSecret,
    CC_QUEUE_ID: QUEUE,
    QUEUE_STATS_INTERVAL_SECONDS: '5',
    ...env,
  });
  proxies.push(proxy);
  return proxy;
}

const availability = async (proxy: TestProxy) => {
  const response = await fetch(`${proxy.origin}/v1/availability`, {
    headers: { origin: proxy.origin },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
};

const logOutEveryone = () => {
  for (const agent of sim.simulator.agents) sim.simulator.setLoggedIn(agent.id, false);
};

describe('who is logged in, from 8x8’s queue statistics', () => {
  it('says agents are logged in and available while they are', async () => {
    const proxy = await proxyWith({});
    expect(await availability(proxy)).toMatchObject({
      open: true,
      agentsLoggedIn: true,
      agentsAvailable: true,
    });
  });

  it('with WHEN_NO_AGENTS=chat (the default) stays open when nobody is logged in', async () => {
    logOutEveryone();
    const proxy = await proxyWith({});
    const answer = await availability(proxy);
    expect(answer).toMatchObject({ open: true, agentsLoggedIn: false, agentsAvailable: false });
    expect(answer).not.toHaveProperty('reason');
  });

  it('with WHEN_NO_AGENTS=offline closes for no-agents, and opens once someone logs in', async () => {
    logOutEveryone();
    const proxy = await proxyWith({ WHEN_NO_AGENTS: 'offline' });
    expect(await availability(proxy)).toMatchObject({
      open: false,
      reason: 'no-agents',
      agentsLoggedIn: false,
    });
    sim.simulator.setLoggedIn('agent-sam', true);
    // The statistics are kept one interval (5 s): then 8x8 is asked again.
    await eventually(async () => (await availability(proxy)).open === true, 12_000);
    expect(await availability(proxy)).toMatchObject({ agentsLoggedIn: true });
  }, 20_000);

  it('asks 8x8 once per interval however many widgets ask', async () => {
    const proxy = await proxyWith({ WHEN_NO_AGENTS: 'offline' });
    const before = sim.simulator.calls.count({ method: 'GET', path: '/realtime-metrics/' });
    await Promise.all(Array.from({ length: 20 }, () => availability(proxy)));
    const calls = sim.simulator.calls.count({ method: 'GET', path: '/realtime-metrics/' }) - before;
    expect(calls).toBe(1);
  });

  it('reads the queues of the departments when CC_QUEUE_ID is not set', async () => {
    logOutEveryone();
    const proxy = await proxyWith({
      CC_QUEUE_ID: '',
      WHEN_NO_AGENTS: 'offline',
      DEPARTMENTS: `billing:Billing=queue:${QUEUE}`,
    });
    expect(await availability(proxy)).toMatchObject({ open: false, reason: 'no-agents' });
  });

  it('reads metric values sent as strings ("0") as numbers', async () => {
    logOutEveryone();
    sim.simulator.faults.variants.set({ metricValues: 'strings', queueStatsShape: 'object' });
    const proxy = await proxyWith({ WHEN_NO_AGENTS: 'offline' });
    expect(await availability(proxy)).toMatchObject({ open: false, reason: 'no-agents' });
  });

  it('closed by the hours says reason hours, whatever the agents', async () => {
    logOutEveryone();
    const today = new Date().toISOString().slice(0, 10);
    const proxy = await proxyWith({
      WHEN_NO_AGENTS: 'offline',
      OPENING_HOURS: 'sun-sat 00:00-24:00',
      OPENING_HOURS_HOLIDAYS: today,
    });
    const answer = await availability(proxy);
    expect(answer).toMatchObject({ open: false, reason: 'hours', source: 'hours' });
    expect(answer).not.toHaveProperty('agentsLoggedIn');
  });
});

describe('unknown statistics never close the widget', () => {
  it('8x8 failing: open, and nothing said of agents', async () => {
    logOutEveryone();
    sim.simulator.faults.api.add({ path: '/realtime-metrics/', count: 100, status: 503 });
    const proxy = await proxyWith({ WHEN_NO_AGENTS: 'offline' });
    const answer = await availability(proxy);
    expect(answer).toMatchObject({ open: true });
    expect(answer).not.toHaveProperty('agentsLoggedIn');
  });

  it('8x8 slower than the answer can wait: open now, and known at the next ask', async () => {
    logOutEveryone();
    sim.simulator.faults.api.add({
      path: '/realtime-metrics/',
      count: 1,
      mode: 'delay-after',
      delayMs: 4000,
    });
    const proxy = await proxyWith({ WHEN_NO_AGENTS: 'offline' });
    const answer = await availability(proxy);
    expect(answer).toMatchObject({ open: true });
    expect(answer).not.toHaveProperty('agentsLoggedIn');
    await eventually(async () => (await availability(proxy)).open === false, 8000);
  }, 15_000);

  it('no queue known, or no secret to ask 8x8 with: open, nothing said', async () => {
    logOutEveryone();
    for (const env of [{ CC_QUEUE_ID: '' }, { QUEUE_STATS_INTERVAL_SECONDS: '0' }]) {
      const proxy = await proxyWith({ ...env });
      const answer = await availability(proxy);
      expect(answer).toMatchObject({ open: true });
      expect(answer).not.toHaveProperty('agentsLoggedIn');
    }
  });

  it('where enabled.rt counts logged-out agents too (a reading 8x8 leaves open), it stays open', async () => {
    logOutEveryone();
    sim.simulator.faults.variants.set({ enabledAgents: 'assigned' });
    const proxy = await proxyWith({ WHEN_NO_AGENTS: 'offline' });
    expect(await availability(proxy)).toMatchObject({ open: true, agentsLoggedIn: true });
  });
});

describe('WHEN_NO_AGENTS=offline without a way to know', () => {
  it('refuses to start, saying what is missing', () => {
    const env = { CC_API_KEY: 'key', CC_CHANNEL_ID: '25', WHEN_NO_AGENTS: 'offline' };
    expect(() => loadConfig(env)).toThrow(/CC_API_SECRET[\s\S]*CC_QUEUE_ID, or DEPARTMENTS/);
    expect(() => loadConfig({ ...env, CC_API_SECRET: 'secret', CC_QUEUE_ID: '101' })).not.toThrow();
    expect(() => loadConfig({ ...env, WHEN_NO_AGENTS: 'sometimes' })).toThrow(/WHEN_NO_AGENTS/);
  });
});
