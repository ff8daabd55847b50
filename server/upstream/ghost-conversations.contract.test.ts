import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/demo.js';
import {
  startProxyFor,
  startSimulator,
  type TestProxy,
  type TestSimulator,
} from '../../test/support/simulator-harness.js';
import type { ContactCenterApi } from '../config.js';

/**
 * A visitor whose create timed out after 8x8 had acted on it (the simulator
 * makes the conversation, then holds its answer past the proxy's timeout):
 * through the proxy, exactly one conversation exists at 8x8, it is the one the
 * visitor's chat is wired to, and the chat works both ways.
 */
describe.each<ContactCenterApi>(['chat-gateway', 'chat-api'])(
  'a create that timed out after 8x8 acted (%s)',
  (api) => {
    let sim: TestSimulator;
    let proxy: TestProxy;
    beforeAll(async () => {
      sim = await startSimulator(api);
      proxy = await startProxyFor(sim, { CC_TIMEOUT_MS: '400' });
    });
    afterAll(async () => {
      await proxy.close();
      await sim.close();
    });

    it('leaves one conversation at 8x8, and the chat on it works', async () => {
      sim.simulator.faults.api.add({
        count: 1,
        mode: 'delay-after',
        delayMs: 2000,
        method: 'POST',
        path: '/conversations',
      });
      const { conversationId, token, upstreamId } = await proxy.startConversation({
        visitor: { name: 'Grace', email: 'grace@example.com' },
      });
      expect([...sim.simulator.conversations.keys()]).toEqual([upstreamId]);
      const session = await proxy.parley.store.sessions.get(conversationId);
      expect(session?.visitorId).toMatch(/^parley-[0-9a-f]{24}$/);
      const upstream = sim.simulator.conversation(upstreamId);
      expect(api === 'chat-api' ? upstream.customer?.customerId : upstream.user.userId).toBe(
        session?.visitorId,
      );

      const sent = await fetch(`${proxy.origin}/v1/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: {
          origin: proxy.origin,
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ clientMessageId: 'ghost-check-1', text: 'Is anyone there?' }),
      });
      expect(sent.status).toBe(202);
      expect(upstream.messages.map((message) => message.text)).toContain('Is anyone there?');

      await eventually(() => upstream.waiting);
      sim.simulator.accept('agent-alex', upstreamId);
      sim.simulator.agentMessage('agent-alex', upstreamId, 'Yes, Alex here.');
      await proxy.waitForEvents(conversationId, (events) =>
        events.some((event) => event.type === 'message' && event.text === 'Yes, Alex here.'),
      );
      expect(sim.simulator.conversations.size).toBe(1);
    });
  },
);
