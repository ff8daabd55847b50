import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/demo.js';
import {
  startProxyFor,
  startSimulator,
  type TestProxy,
  type TestSimulator,
} from '../../test/support/simulator-harness.js';
import type { ContactCenterApi } from '../config.js';

/**
 * One retry layer per call path (docs/8x8.md, "Who retries what"), counted at
 * the simulator: what 8x8 would see in its access log while it is down.
 */
describe.each<ContactCenterApi>(['chat-gateway', 'chat-api'])('who retries (%s)', (api) => {
  let sim: TestSimulator;
  let proxy: TestProxy;
  beforeAll(async () => {
    sim = await startSimulator(api);
    // Quick outbox retries, so a few attempts take milliseconds.
    proxy = await startProxyFor(sim, { OUTBOX_RETRY_BASE_MS: '20', OUTBOX_RETRY_MAX_MS: '40' });
  });
  afterAll(async () => {
    await proxy.close();
    await sim.close();
  });
  beforeEach(() => sim.simulator.faults.clear());

  const send = (conversationId: string, token: string, clientMessageId: string) =>
    fetch(`${proxy.origin}/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: {
        origin: proxy.origin,
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ clientMessageId, text: 'through the outage' }),
    });

  it('a send during an outage reaches 8x8 once per outbox attempt, not once per adapter retry', async () => {
    const { conversationId, token, upstreamId } = await proxy.startConversation();
    const posts = () =>
      sim.simulator.calls.count({ method: 'POST', path: `/conversations/${upstreamId}/messages` });
    const attempts = async () =>
      (await proxy.parley.store.outbox.get(conversationId, 'm-outage'))?.attempts ?? 0;

    sim.simulator.faults.api.add({
      count: 100_000,
      status: 503,
      method: 'POST',
      path: '/messages',
    });
    expect((await send(conversationId, token, 'm-outage')).status).toBe(202);
    await eventually(async () => (await attempts()) >= 4);
    sim.simulator.faults.clear(); // 8x8 is back
    await proxy.waitForEvents(conversationId, (events) =>
      events.some((event) => event.type === 'message-status' && event.status === 'sent'),
    );

    expect(posts()).toBe(await attempts());
    expect(sim.simulator.conversation(upstreamId).messages.map((m) => m.text)).toEqual([
      'through the outage',
    ]);
  });

  it('a create has no outbox behind it: the adapter tries it 3 times, then the widget is told 503', async () => {
    const creates = () => sim.simulator.calls.count({ method: 'POST', path: '/conversations' });
    const before = creates();
    sim.simulator.faults.api.add({ count: 3, status: 503, method: 'POST', path: '/conversations' });
    const response = await fetch(`${proxy.origin}/v1/conversations`, {
      method: 'POST',
      headers: { origin: proxy.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ visitor: { name: 'Ada' } }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(creates() - before).toBe(3);
  });
});
