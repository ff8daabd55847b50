import { describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../protocol/events.js';
import { eventually } from '../../test/support/demo.js';
import {
  simulatorAndProxyPerSuite,
  type TestSimulator,
} from '../../test/support/simulator-harness.js';
import type { ContactCenterApi } from '../config.js';

/**
 * Every webhook event type of both API versions, as the simulator sends it
 * (signed, over HTTP) and the proxy stores it for the visitor: the lifecycle
 * created → queued → joined → messages and typing → transfer → left → queued →
 * joined → ended, plus the event shapes no console button makes.
 */

const QUEUE_IDS: Record<string, string> = {
  'Customer Support': '101',
  Billing: '102',
  Sales: '103',
};
/** Queued, with the queue's name and the id 8x8 gives it (the simulator's default queues). */
const queued = (queueName: string): ParleyEvent => ({
  type: 'conversation',
  state: 'queued',
  queueName,
  queueId: QUEUE_IDS[queueName]!,
});
const active: ParleyEvent = { type: 'conversation', state: 'active' };
const idle: ParleyEvent = { type: 'conversation', state: 'idle' };

/** The suite's simulator of `api` and its proxy. */
const startedFor = (api: ContactCenterApi) =>
  // The exact event sequences here are 8x8's webhooks as mapped: no queue waits among them
  // (the legacy API's secret would turn them on; relay/queue-waits.test.ts covers those).
  simulatorAndProxyPerSuite(api, () => ({ QUEUE_STATS_INTERVAL_SECONDS: '0' }));

/** Until every webhook the simulator has sent has been answered. */
const delivered = (sim: TestSimulator) => eventually(() => sim.simulator.sender.pending === 0);

describe('Chat Gateway events, as the visitor gets them', () => {
  const t = startedFor('chat-gateway');

  it('plays the whole lifecycle: queued, joined, typing, messages, transfer, rejoined, ended', async () => {
    const s = t.sim.simulator;
    const { conversationId, upstreamId, token } = await t.proxy.startConversation();
    await t.proxy.waitForEvents(conversationId, (events) => events.length === 2);

    s.accept('agent-alex', upstreamId);
    s.agentTyping('agent-alex', upstreamId, true);
    s.agentMessage('agent-alex', upstreamId, 'Hello, Alex here');
    await t.proxy.waitForEvents(conversationId, (events) => events.length === 6);
    await t.proxy.sendMessage(conversationId, token, 'client-0001', 'Hi Alex');
    s.transfer('agent-alex', upstreamId, '102');
    s.accept('agent-sam', upstreamId);
    s.agentTyping('agent-sam', upstreamId, true);
    s.agentTyping('agent-sam', upstreamId, false);
    s.end('agent-sam', upstreamId);
    await delivered(t.sim);

    const events = await t.proxy.waitForEvents(
      conversationId,
      (all) => all.at(-1)?.type === 'conversation' && all.length >= 17,
    );
    const agentMessage = events.find((e) => e.type === 'message' && e.role === 'agent');
    expect(events).toEqual([
      { type: 'conversation', state: 'created' },
      queued('Customer Support'),
      { type: 'participant', change: 'joined', role: 'agent', participantId: 'agent-alex' },
      active,
      { type: 'typing', role: 'agent', typing: true },
      {
        type: 'message',
        messageId: (agentMessage as { messageId: string }).messageId,
        role: 'agent',
        participantId: 'agent-alex',
        text: 'Hello, Alex here',
        attachments: [],
        // 8x8's timestamp: the widget places messages by it.
        sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
      // The visitor's own message: the proxy's copy; 8x8's echo (isEcho) is dropped.
      {
        type: 'message',
        messageId: 'visitor-client-0001',
        role: 'visitor',
        text: 'Hi Alex',
        attachments: [],
        clientMessageId: 'client-0001',
      },
      expect.objectContaining({
        type: 'message-status',
        clientMessageId: 'client-0001',
        status: 'sent',
      }),
      { type: 'transferred' },
      { type: 'participant', change: 'left', role: 'agent', participantId: 'agent-alex' },
      queued('Billing'),
      { type: 'participant', change: 'joined', role: 'agent', participantId: 'agent-sam' },
      active,
      { type: 'typing', role: 'agent', typing: true },
      { type: 'typing', role: 'agent', typing: false },
      { type: 'participant', change: 'left', role: 'agent', participantId: 'agent-sam' },
      idle,
    ]);
    // The session keeps the queue it last waited in (for wait estimates): Billing after the transfer.
    expect(await t.proxy.parley.store.sessions.get(conversationId)).toMatchObject({
      queueId: '102',
    });
  });

  it("maps attachments, quick replies, Adaptive Cards and the agent's read receipt; ignores card and quick-reply actions and CPaaS activities", async () => {
    const { conversationId, upstreamId } = await t.proxy.startConversation();
    const send = (eventType: string, data?: Record<string, unknown>) =>
      t.sim.simulator.sender.send(t.sim.webhook, upstreamId, {
        eventType,
        conversationId: upstreamId,
        timestamp: Date.now(),
        ...(data ? { data } : {}),
      });
    await send('MESSAGE', {
      isEcho: false,
      sender: { id: 'agent-alex', type: 'agent' },
      text: 'Here is the form',
      attachments: [
        {
          id: 'att-001',
          type: 'image',
          preSignedUrl: 'https://storage.example.com/att-001?signature=abc',
          fileName: 'screenshot.png',
        },
        { id: 'att-002', type: 'something-new', fileName: 'notes.txt' },
      ],
      cards: [
        {
          contentType: 'application/8x8.quick.replies',
          content: {
            options: [
              { title: 'Yes', data: { postback: 'yes' } },
              { title: 'No', data: { postback: 'no' } },
            ],
          },
        },
      ],
    });
    await send('MESSAGE', {
      isEcho: false,
      sender: { id: 'bot-1', type: 'bot' },
      text: '',
      attachments: [],
      cards: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            type: 'AdaptiveCard',
            version: '1.3',
            body: [
              { type: 'TextBlock', text: 'Your order' },
              { type: 'Container', items: [{ type: 'TextBlock', text: 'ships tomorrow' }] },
            ],
          },
        },
      ],
    });
    await send('ACTIVITY', {
      name: 'quickReply/action',
      value: { type: 'postback', data: { title: 'Yes', payload: 'yes' } },
    });
    await send('ACTIVITY', {
      name: 'adaptiveCard/action',
      value: { type: 'Action.Submit', data: { rating: 5 } },
    });
    await send('ACTIVITY', {
      name: 'read-receipts',
      value: [{ timestamp: Date.now(), users: [{ id: 'agent-alex', type: 'agent' }] }],
    });
    await send('ACTIVITY', {
      name: 'interactive/reply',
      value: { type: 'button_reply', button_reply: { id: 'b', title: 'Yes' } },
    });
    await send('MEMBERS_CHANGED', { memberType: 'user', change: 'joined', id: 'user' });
    await send('CONVERSATION_UPDATE', {
      state: 'active',
      assignment: { type: 'queue', id: '101' },
    });

    const events = (await t.proxy.events(conversationId)).slice(2);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'message',
        role: 'agent',
        text: 'Here is the form',
        attachments: [
          {
            id: 'att-001',
            name: 'screenshot.png',
            kind: 'image',
            url: 'https://storage.example.com/att-001?signature=abc',
          },
          { id: 'att-002', name: 'notes.txt', kind: 'file' },
        ],
        quickReplies: [
          { title: 'Yes', payload: 'yes' },
          { title: 'No', payload: 'no' },
        ],
      }),
      expect.objectContaining({ type: 'message', role: 'bot', text: 'Your order\nships tomorrow' }),
      { type: 'read', role: 'agent', upTo: expect.any(String) },
      { type: 'participant', change: 'joined', role: 'visitor', participantId: 'user' },
    ]);
  });

  it('acknowledges an unknown event type with 2xx, so 8x8 does not retry it', async () => {
    const { upstreamId } = await t.proxy.startConversation();
    const statuses: unknown[] = [];
    const listen = (d: { eventType: string; status: unknown }) => {
      if (d.eventType === 'SOMETHING_NEW') statuses.push(d.status);
    };
    t.sim.simulator.on('delivery', listen);
    await t.sim.simulator.sender.send(t.sim.webhook, upstreamId, {
      eventType: 'SOMETHING_NEW',
      conversationId: upstreamId,
      timestamp: Date.now(),
    });
    t.sim.simulator.off('delivery', listen);
    expect(statuses).toEqual([202]);
  });

  it('an agent leaving without a TRANSFER before it ends the chat; a message after it queues a new one', async () => {
    const s = t.sim.simulator;
    const { conversationId, upstreamId } = await t.proxy.startConversation();
    await t.proxy.waitForEvents(conversationId, (events) => events.length === 2);
    s.accept('agent-alex', upstreamId);
    s.leave('agent-alex', upstreamId);
    s.userMessage(upstreamId, 'anyone there?', 'user');
    const events = await t.proxy.waitForEvents(conversationId, (all) => all.length === 7);
    expect(events.slice(2)).toEqual([
      { type: 'participant', change: 'joined', role: 'agent', participantId: 'agent-alex' },
      active,
      { type: 'participant', change: 'left', role: 'agent', participantId: 'agent-alex' },
      idle,
      queued('Customer Support'),
    ]);
  });

  it('the visitor leaving: 8x8 ends the interaction and the agent is gone', async () => {
    const s = t.sim.simulator;
    const { conversationId, upstreamId, token } = await t.proxy.startConversation();
    await t.proxy.waitForEvents(conversationId, (events) => events.length === 2);
    s.accept('agent-alex', upstreamId);
    await t.proxy.waitForEvents(conversationId, (events) => events.length === 4);
    const closed = await fetch(`${t.proxy.origin}/v1/conversations/${conversationId}/close`, {
      method: 'POST',
      headers: { origin: t.proxy.origin, authorization: `Bearer ${token}` },
    });
    expect(closed.status).toBeLessThan(300);
    expect(s.conversation(upstreamId)).toMatchObject({ userRemoved: true, state: 'idle' });
    const events = await t.proxy.waitForEvents(
      conversationId,
      (all) => all.at(-1)?.type === 'conversation' && all.length === 8,
    );
    expect(events.slice(4)).toEqual([
      { type: 'conversation', state: 'closed' },
      { type: 'participant', change: 'left', role: 'visitor', participantId: 'user' },
      { type: 'participant', change: 'left', role: 'agent', participantId: 'agent-alex' },
      idle,
    ]);
  });
});

describe('legacy Chat API v2 events, as the visitor gets them', () => {
  const t = startedFor('chat-api');

  const alex = { participantId: 'agent-alex', name: 'Alex Morgan' };
  const sam = { participantId: 'agent-sam', name: 'Sam Okafor' };

  it('plays the whole lifecycle, and frees the agent who ended the chat (customer leaves)', async () => {
    const s = t.sim.simulator;
    const { conversationId, upstreamId } = await t.proxy.startConversation();
    await t.proxy.waitForEvents(conversationId, (events) => events.length === 2);
    s.accept('agent-alex', upstreamId);
    s.agentTyping('agent-alex', upstreamId, true); // the legacy API has no typing event
    s.agentMessage('agent-alex', upstreamId, 'Hello, Alex here');
    s.transfer('agent-alex', upstreamId, '102');
    s.accept('agent-sam', upstreamId);
    s.end('agent-sam', upstreamId);
    // The proxy calls "customer leaves"; 8x8 frees Sam and says AGENT_LEFT once more.
    await eventually(() => s.conversation(upstreamId).userRemoved);
    await delivered(t.sim);

    const events = await t.proxy.events(conversationId);
    const text = events.find((e) => e.type === 'message');
    expect(events).toEqual([
      { type: 'conversation', state: 'created' },
      queued('Customer Support'),
      { type: 'participant', change: 'joined', role: 'agent', ...alex },
      active,
      {
        type: 'message',
        messageId: (text as { messageId: string }).messageId,
        role: 'agent',
        authorName: 'Alex Morgan',
        participantId: 'agent-alex',
        text: 'Hello, Alex here',
        attachments: [],
        sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
      { type: 'transferred' },
      { type: 'participant', change: 'left', role: 'agent', ...alex },
      queued('Billing'),
      { type: 'participant', change: 'joined', role: 'agent', ...sam },
      active,
      { type: 'participant', change: 'left', role: 'agent', ...sam },
      idle,
    ]);
    expect(s.conversation(upstreamId).heldAgentId).toBeUndefined();
  });

  it("a message after the end starts a new interaction in the last queue (8x8's legacy workflow)", async () => {
    const s = t.sim.simulator;
    const { conversationId, upstreamId } = await t.proxy.startConversation();
    await t.proxy.waitForEvents(conversationId, (events) => events.length === 2);
    s.accept('agent-alex', upstreamId);
    s.end('agent-alex', upstreamId);
    await eventually(() => s.conversation(upstreamId).userRemoved);
    s.userMessage(upstreamId, 'one more thing', 'user');
    await delivered(t.sim);
    const events = await t.proxy.events(conversationId);
    expect(events.slice(-3)).toEqual([
      { type: 'participant', change: 'left', role: 'agent', ...alex },
      idle,
      queued('Customer Support'),
    ]);
    expect(s.conversation(upstreamId).interactions).toHaveLength(2);
  });

  it('maps a retried legacy event exactly as the first time (the state is kept per event)', async () => {
    const s = t.sim.simulator;
    const { conversationId, upstreamId } = await t.proxy.startConversation();
    await t.proxy.waitForEvents(conversationId, (events) => events.length === 2);
    s.accept('agent-alex', upstreamId);
    await delivered(t.sim);
    // TRANSFER arrives twice (at-least-once), then AGENT_LEFT twice: still a hand-over, not an end.
    s.faults.webhooks.add('duplicate', 2);
    s.transfer('agent-alex', upstreamId, '103');
    await delivered(t.sim);
    const events = await t.proxy.events(conversationId);
    expect(events.slice(4)).toEqual([
      { type: 'transferred' },
      { type: 'participant', change: 'left', role: 'agent', ...alex },
      queued('Sales'),
    ]);
    expect(s.conversation(upstreamId).userRemoved).toBe(false);
  });
});
