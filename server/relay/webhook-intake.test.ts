import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../protocol/events.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import type { ContactCenter, UpstreamMessage } from '../upstream/contact-center.js';
import { Relay } from './relay.js';

/**
 * The intake with the relay and a real (in-memory) store behind it, and a
 * contact center that answers when the test says: echoes told apart by what the
 * proxy posted, the mapping state under 8x8's retries, and webhooks for
 * conversations not known yet. Two relays on one store are two instances.
 */

const log = pino({ level: 'silent' });

/** A contact center whose create answers when `answer` is called (once it was asked). */
function fakeContactCenter() {
  const posted: UpstreamMessage[] = [];
  let asked: (resolve: (value: { upstreamId: string }) => void) => void = () => {};
  const create = new Promise<(value: { upstreamId: string }) => void>((resolve) => {
    asked = resolve;
  });
  const contactCenter: ContactCenter = {
    api: 'chat-gateway',
    features: { typing: true, attachments: true, readReceipts: true },
    createConversation: () => new Promise((resolve) => asked(resolve)),
    sendMessage: async (_upstreamId, message) => {
      posted.push(message);
    },
    sendTyping: async () => {},
    sendReadReceipt: async () => {},
    uploadAttachment: async () => ({ id: 'a' }),
    leave: async () => {},
    readConversation: async () => ({ state: 'active', messages: [] }),
    reachable: async () => true,
    openAttachment: () => Promise.reject(new Error('not in this test')),
  };
  return {
    contactCenter,
    posted,
    /** The create is under way at 8x8. */
    asked: () => create.then(() => undefined),
    answer: async (upstreamId: string) => (await create)({ upstreamId }),
  };
}

let store: Store;
let next = 0;
beforeEach(() => {
  store = openSqliteStore(':memory:');
});
afterEach(() => store.close());

const event = (eventType: string, data?: Record<string, unknown>, conversationId = 'up-1') => ({
  eventType,
  conversationId,
  timestamp: 1713100000000,
  ...(data ? { data } : {}),
});
const agentMessage = (text: string, isEcho: boolean, type: string) =>
  event('MESSAGE', { isEcho, sender: { id: 'x', type }, text, attachments: [], cards: [] });

async function startedConversation(relay: Relay, fake: ReturnType<typeof fakeContactCenter>) {
  const starting = relay.start({});
  await fake.answer('up-1');
  return starting;
}

const logged = async (conversationId: string): Promise<ParleyEvent[]> =>
  (await store.events.readAfter(conversationId, 0, 100)).events.map(
    ({ id: _id, at: _at, ...rest }) => rest as ParleyEvent,
  );
const texts = async (conversationId: string) =>
  (await logged(conversationId)).flatMap((e) =>
    e.type === 'message' ? [`${e.role}: ${e.text}`] : [],
  );

describe('echoes', () => {
  it('drops an echo that does not say whose it is when the proxy posted it, on any instance, once per post', async () => {
    const fake = fakeContactCenter();
    const relay = new Relay(store, fake.contactCenter, log);
    const other = new Relay(store, fake.contactCenter, log);
    const session = await startedConversation(relay, fake);
    await relay.send(session, { clientMessageId: 'message-0001', text: 'ok' });
    expect(fake.posted).toHaveLength(1);

    // The echo reaches the other instance, as 8x8's chat-workflow page shows it.
    expect(await other.webhooks.receive(agentMessage('ok', true, ''), 'echo-1')).toBe('stored');
    // 8x8 delivers it again: still the visitor's.
    expect(await other.webhooks.receive(agentMessage('ok', true, ''), 'echo-1')).toBe('stored');
    // The agent answers in the same words: one post is one echo, so this is shown.
    await other.webhooks.receive(agentMessage('ok', true, ''), 'agent-1');
    await other.webhooks.receive(agentMessage('ok', false, 'agent'), 'agent-2');
    expect(await texts(session.conversationId)).toEqual(['visitor: ok', 'agent: ok', 'agent: ok']);
  });

  it('shows an echo with another text than the proxy posted', async () => {
    const fake = fakeContactCenter();
    const relay = new Relay(store, fake.contactCenter, log);
    const session = await startedConversation(relay, fake);
    await relay.send(session, { clientMessageId: 'message-0001', text: 'hello' });
    await relay.webhooks.receive(agentMessage('Hi, Alex here', true, 'agent'), 'e-1');
    await relay.webhooks.receive(agentMessage('hello', true, 'user'), 'e-2');
    expect(await texts(session.conversationId)).toEqual(['visitor: hello', 'agent: Hi, Alex here']);
  });
});

describe('the mapping state under 8x8 retries', () => {
  it('maps a retried TRANSFER and agent left as the first time: a hand-over, not an end', async () => {
    const fake = fakeContactCenter();
    const relay = new Relay(store, fake.contactCenter, log);
    const { conversationId } = await startedConversation(relay, fake);
    const left = event('MEMBERS_CHANGED', { memberType: 'agent', change: 'left', id: 'a' });
    for (const [body, eventId] of [
      [event('TRANSFER'), 't-1'],
      [event('TRANSFER'), 't-1'],
      [left, 'l-1'],
      [left, 'l-1'],
    ] as const) {
      await relay.webhooks.receive(body, eventId);
    }
    expect((await logged(conversationId)).slice(1)).toEqual([
      { type: 'transferred' },
      { type: 'participant', change: 'left', role: 'agent', participantId: 'a' },
    ]);
  });

  it('an older event delivered again after later ones changes nothing', async () => {
    const fake = fakeContactCenter();
    const relay = new Relay(store, fake.contactCenter, log);
    const { conversationId } = await startedConversation(relay, fake);
    const member = (change: string) =>
      event('MEMBERS_CHANGED', { memberType: 'agent', change, id: 'a' });
    await relay.webhooks.receive(event('TRANSFER'), 't-1');
    await relay.webhooks.receive(member('left'), 'l-1');
    await relay.webhooks.receive(member('joined'), 'j-1');
    expect(await relay.webhooks.receive(event('TRANSFER'), 't-1')).toBe('duplicate');
    // Not taken for a second transfer: this agent's leaving ends the chat.
    await relay.webhooks.receive(member('left'), 'l-2');
    expect((await logged(conversationId)).at(-1)).toEqual({ type: 'conversation', state: 'idle' });
  });
});

describe('webhooks for conversations not known (yet)', () => {
  it('waits a moment for a create under way on this instance', async () => {
    const fake = fakeContactCenter();
    const relay = new Relay(store, fake.contactCenter, log);
    const starting = relay.start({});
    await fake.asked();
    const early = relay.webhooks.receive(
      event('QUEUED', { queueId: '101', queueName: 'Support' }),
      'q-1',
    );
    await fake.answer('up-1');
    expect(await early).toBe('stored');
    const { conversationId } = await starting;
    expect((await logged(conversationId)).at(-1)).toMatchObject({
      state: 'queued',
      queueId: '101',
    });
  });

  it('keeps one that reaches another instance, and applies it once the create returns', async () => {
    const fake = fakeContactCenter();
    const creator = new Relay(store, fake.contactCenter, log);
    const other = new Relay(store, fake.contactCenter, log);
    const starting = creator.start({});
    await fake.asked();
    const queued = event('QUEUED', { queueId: '101', queueName: 'Support' });
    const joined = event('MEMBERS_CHANGED', { memberType: 'agent', change: 'joined', id: 'a' });
    expect(await other.webhooks.receive(queued, 'q-1')).toBe('unknown-conversation');
    expect(await other.webhooks.receive(joined, 'j-1')).toBe('unknown-conversation');
    // 8x8 retries the first (our 2xx was lost): kept once.
    expect(await other.webhooks.receive(queued, 'q-1')).toBe('unknown-conversation');
    await fake.answer('up-1');
    const { conversationId } = await starting;
    expect((await logged(conversationId)).slice(1)).toEqual([
      { type: 'conversation', state: 'queued', queueName: 'Support', queueId: '101' },
      { type: 'participant', change: 'joined', role: 'agent', participantId: 'a' },
      { type: 'conversation', state: 'active' },
    ]);
    expect(await store.sessions.get(conversationId)).toMatchObject({ queueId: '101' });
  });

  it('acknowledges one of a conversation that is not this proxy’s, and stores nothing', async () => {
    const fake = fakeContactCenter();
    const relay = new Relay(store, fake.contactCenter, log);
    const foreign = event('QUEUED', { queueId: '101', queueName: 'Support' }, 'someone-elses');
    expect(await relay.webhooks.receive(foreign, `f-${next++}`)).toBe('unknown-conversation');
    expect(await store.sessions.findByUpstreamId('someone-elses')).toBeUndefined();
  });
});
