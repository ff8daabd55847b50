import { beforeEach, describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../protocol/events.js';
import { eventually } from '../../test/support/demo.js';
import {
  simulatorAndProxyPerSuite,
  type TestSimulator,
} from '../../test/support/simulator-harness.js';
import type { ContactCenterApi } from '../config.js';
import type { VariantSettings } from '../simulator/variants.js';
import type { Delivery } from '../simulator/webhook-sender.js';

/**
 * Where 8x8's documents allow more than one reading of what it sends, the
 * simulator sends each (server/simulator/variants.ts) and the proxy must give
 * the visitor the same chat: echoes of every shape, an agent's end told in
 * either or both webhooks, every shape of the JWK answer, webhooks before the
 * create's answer, conversations that are not the proxy's, another tenant.
 */

/** The suite's simulator of `api` and its proxy, which knows the simulator's tenant. */
const startedFor = (api: ContactCenterApi) =>
  simulatorAndProxyPerSuite(api, (sim) => ({
    CC_TENANT_ID: sim.simulator.tenantId,
    CC_CUSTOMER_ID: sim.simulator.customerId,
    // No queue statistics: the tests count every event, and a `wait` would be one more.
    QUEUE_STATS_INTERVAL_SECONDS: '0',
  }));

/** Until every webhook the simulator has sent has been answered (or given up on). */
const delivered = (sim: TestSimulator) =>
  eventually(() => sim.simulator.sender.pending === 0, 10_000);

/** The webhook deliveries (with their answers) made while `run` runs. */
async function deliveries(sim: TestSimulator, run: () => Promise<unknown>): Promise<Delivery[]> {
  const seen: Delivery[] = [];
  const listen = (delivery: Delivery) => seen.push(delivery);
  sim.simulator.on('delivery', listen);
  try {
    await run();
    await delivered(sim);
  } finally {
    sim.simulator.off('delivery', listen);
  }
  return seen;
}

const messages = (events: ParleyEvent[]) =>
  events.flatMap((event) => (event.type === 'message' ? [`${event.role}: ${event.text}`] : []));
const ends = (events: ParleyEvent[]) =>
  events.filter((event) => event.type === 'conversation' && event.state === 'idle').length;

describe('Chat Gateway variants', () => {
  const t = startedFor('chat-gateway');
  beforeEach(async () => {
    t.sim.simulator.faults.clear();
    await delivered(t.sim); // nothing of the test before still on its way
  });

  /** A chat with Alex, in which the visitor writes `visitor` and Alex answers `agent`. */
  async function chat(visitor: string, agent: string[]) {
    const s = t.sim.simulator;
    const { conversationId, upstreamId, token } = await t.proxy.startConversation();
    await t.proxy.waitForEvents(conversationId, (events) => events.length >= 2);
    s.accept('agent-alex', upstreamId);
    const sent = await t.proxy.sendMessage(conversationId, token, 'client-0001', visitor);
    expect(sent.status).toBe(202);
    await eventually(() => s.conversation(upstreamId).messages.length === 1);
    for (const text of agent) s.agentMessage('agent-alex', upstreamId, text);
    await delivered(t.sim);
    return { conversationId, upstreamId };
  }

  it.each<VariantSettings['echoSender']>(['author', '', 'user', 'bot', 'agent', 'none'])(
    'the echo of the visitor’s message with sender type "%s": the visitor sees it once',
    async (echoSender) => {
      t.sim.simulator.faults.variants.set({ echoSender });
      const { conversationId } = await chat('Is my order on its way?', ['Let me check']);
      expect(messages(await t.proxy.events(conversationId))).toEqual([
        'visitor: Is my order on its way?',
        'agent: Let me check',
      ]);
    },
  );

  it("agent messages as 8x8's chat-workflow page shows them (isEcho, no sender type) are shown; the visitor's echo of that shape is not", async () => {
    t.sim.simulator.faults.variants.set({ agentMessage: 'chat-workflow', echoSender: '' });
    const { conversationId } = await chat('Thanks', ['Thanks', 'Anything else?']);
    expect(messages(await t.proxy.events(conversationId))).toEqual([
      'visitor: Thanks',
      'agent: Thanks',
      'agent: Anything else?',
    ]);
  });

  it.each<VariantSettings['agentEnd']>(['left-then-idle', 'left-only', 'idle-only'])(
    'the agent ending the chat (%s): the visitor is told once',
    async (agentEnd) => {
      t.sim.simulator.faults.variants.set({ agentEnd });
      const s = t.sim.simulator;
      const { conversationId, upstreamId } = await t.proxy.startConversation();
      await t.proxy.waitForEvents(conversationId, (events) => events.length >= 2);
      s.accept('agent-alex', upstreamId);
      s.end('agent-alex', upstreamId);
      await delivered(t.sim);
      const events = await t.proxy.events(conversationId);
      expect(ends(events)).toBe(1);
      expect(events.filter((event) => event.type === 'conversation').at(-1)).toEqual({
        type: 'conversation',
        state: 'idle',
      });
    },
  );

  it('the agent leaving (no TRANSFER before it) ends the chat; after a TRANSFER it does not', async () => {
    const s = t.sim.simulator;
    const { conversationId, upstreamId } = await t.proxy.startConversation();
    await t.proxy.waitForEvents(conversationId, (events) => events.length >= 2);
    s.accept('agent-alex', upstreamId);
    s.transfer('agent-alex', upstreamId, '102');
    await delivered(t.sim);
    expect(ends(await t.proxy.events(conversationId))).toBe(0);
    s.accept('agent-sam', upstreamId);
    s.leave('agent-sam', upstreamId);
    await delivered(t.sim);
    const events = await t.proxy.events(conversationId);
    expect(ends(events)).toBe(1);
    expect(events.at(-1)).toEqual({ type: 'conversation', state: 'idle' });
  });

  it.each<VariantSettings['jwkShape']>(['bare', 'bare-without-kid', 'json-string', 'jwk-set'])(
    'webhooks verify with the key 8x8 answers as %s',
    async (jwkShape) => {
      t.sim.simulator.faults.variants.set({ jwkShape });
      t.sim.simulator.rotateKey(); // a kid the proxy has not fetched yet
      const { conversationId } = await t.proxy.startConversation();
      const events = await t.proxy.waitForEvents(conversationId, (all) => all.length >= 2);
      expect(events[1]).toMatchObject({ type: 'conversation', state: 'queued' });
    },
  );

  it('webhooks whose key is not an RSA key are refused, and nothing is stored', async () => {
    t.sim.simulator.faults.variants.set({ jwkShape: 'not-rsa' });
    t.sim.simulator.rotateKey();
    const seen: Delivery[] = [];
    const listen = (delivery: Delivery) => seen.push(delivery);
    t.sim.simulator.on('delivery', listen);
    try {
      const { conversationId, upstreamId } = await t.proxy.startConversation();
      const ours = () => seen.filter((delivery) => delivery.conversationId === upstreamId);
      await eventually(() => ours().length >= 3);
      expect(new Set(ours().map((delivery) => delivery.status))).toEqual(new Set([401]));
      expect(await t.proxy.events(conversationId)).toEqual([
        { type: 'conversation', state: 'created' },
      ]);
    } finally {
      t.sim.simulator.off('delivery', listen);
      // 8x8's next retries are signed with a new RSA key: they go through.
      t.sim.simulator.faults.variants.clear();
      t.sim.simulator.rotateKey();
      await delivered(t.sim);
    }
  });

  it("webhooks sent before the create's answer are kept and applied once it returns", async () => {
    t.sim.simulator.faults.variants.set({ earlyWebhooks: true });
    let conversationId = '';
    const seen = await deliveries(t.sim, async () => {
      ({ conversationId } = await t.proxy.startConversation());
    });
    // Each was answered 2xx at once: none waited for 8x8's undocumented retries.
    expect(seen.map((delivery) => [delivery.eventType, delivery.retry])).toEqual([
      ['CONVERSATION_UPDATE', 0],
      ['CONVERSATION_UPDATE', 0],
      ['QUEUED', 0],
    ]);
    expect(seen.every((delivery) => delivery.status === 202)).toBe(true);
    expect(await t.proxy.events(conversationId)).toEqual([
      { type: 'conversation', state: 'created' },
      { type: 'conversation', state: 'queued', queueName: 'Customer Support', queueId: '101' },
    ]);
  });

  it('webhooks of a conversation that is not this proxy’s are acknowledged once', async () => {
    // Made at 8x8 by someone else on the same channel.
    let foreign = '';
    const seen = await deliveries(t.sim, async () => {
      const made = t.sim.simulator.createConversation({ channelId: t.sim.channel.id, user: {} });
      foreign = made.id;
      await eventually(() => made.state === 'active');
    });
    const answers = seen
      .filter((delivery) => delivery.conversationId === foreign)
      .map((delivery) => [delivery.eventType, delivery.status, delivery.retry]);
    expect(answers).toEqual([
      ['CONVERSATION_UPDATE', 202, 0],
      ['CONVERSATION_UPDATE', 202, 0],
      ['QUEUED', 202, 0],
    ]);
  });

  it('webhooks of another tenant are refused 403 and counted, and taken once the tenant is right', async () => {
    t.sim.simulator.faults.variants.set({ webhookTenantId: 'someone-else' });
    const { conversationId } = await t.proxy.startConversation();
    await eventually(async () => (await refusals()) > 0);
    expect(await t.proxy.events(conversationId)).toHaveLength(1);
    // The tenant's webhook is pointed right again: 8x8's retries come through.
    t.sim.simulator.faults.variants.clear();
    const events = await t.proxy.waitForEvents(conversationId, (all) => all.length >= 2);
    expect(events[1]).toMatchObject({ type: 'conversation', state: 'queued' });
  });

  async function refusals(): Promise<number> {
    const text = await (await fetch(`${t.proxy.origin}/metrics`)).text();
    return Number(/^parley_webhook_tenant_refusals_total (\d+)/m.exec(text)?.[1] ?? 0);
  }
});

describe('legacy Chat API variants', () => {
  const t = startedFor('chat-api');

  it("webhooks sent before the create's answer are kept and applied once it returns", async () => {
    t.sim.simulator.faults.variants.set({ earlyWebhooks: true });
    const { conversationId } = await t.proxy.startConversation();
    await delivered(t.sim);
    expect(await t.proxy.events(conversationId)).toEqual([
      { type: 'conversation', state: 'created' },
      { type: 'conversation', state: 'queued', queueName: 'Customer Support', queueId: '101' },
    ]);
  });
});
