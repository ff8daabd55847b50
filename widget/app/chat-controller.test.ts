import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LoggedEvent } from '../../protocol/events.js';
import type {
  ConversationCredentials,
  CreateConversationRequest,
  SendMessageRequest,
} from '../../protocol/widget-api.js';
import { createChat } from './chat-controller.js';
import { type ProxyClient, ProxyError } from './proxy-client.js';
import { type Saved, savedConversation } from './saved-conversation.js';

/** EventSource for jsdom: records what was opened, never connects. */
class FakeEventSource {
  static opened: string[] = [];
  static readonly CLOSED = 2;
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeEventSource.opened.push(url);
  }
  addEventListener() {}
  close() {}
}

const credentials = (expiresInMs: number, token = 'api-1'): ConversationCredentials => ({
  conversationId: 'conv1',
  token,
  streamToken: 'stream-1',
  expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
  limits: { maxMessageLength: 5000, attachments: null },
});

/** The proxy as the controller sees it, answering from a script. */
function fakeClient(
  answers: { send?: () => Promise<{ status: 'pending' | 'sent' | 'failed' }> } = {},
) {
  const calls = {
    create: [] as CreateConversationRequest[],
    send: [] as SendMessageRequest[],
    refresh: 0,
    tokens: [] as string[],
  };
  const client = {
    createConversation: async (request: CreateConversationRequest) => {
      calls.create.push(request);
      return credentials(24 * 3600_000);
    },
    refresh: async () => {
      calls.refresh++;
      return credentials(24 * 3600_000, 'api-2');
    },
    sendMessage: async (current: ConversationCredentials, message: SendMessageRequest) => {
      calls.send.push(message);
      calls.tokens.push(current.token);
      return {
        clientMessageId: message.clientMessageId,
        ...(await (answers.send?.() ?? Promise.resolve({ status: 'sent' as const }))),
      };
    },
    transcript: async () => ({ events: [] }),
    streamUrl: (current: ConversationCredentials, last: number) =>
      `stream:${current.conversationId}:${last}`,
  };
  return { client: client as unknown as ProxyClient, calls };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

/** A chat whose proxy refuses every send (400) until `heal` is called. */
function refusingFirstSend() {
  let fail = true;
  const { client, calls } = fakeClient({
    send: async () => {
      if (fail) throw new ProxyError(400, 'Refused.');
      return { status: 'sent' };
    },
  });
  const chat = createChat({
    client,
    saved: savedConversation('https://p/'),
    prechat: false,
    locale: () => 'en',
  });
  return {
    chat,
    calls,
    heal: () => {
      fail = false;
    },
  };
}

describe('the chat controller', () => {
  beforeEach(() => {
    vi.stubGlobal('EventSource', FakeEventSource);
    FakeEventSource.opened = [];
    localStorage.clear();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('starts the conversation with the first message, with the visitor’s details, and saves it', async () => {
    const { client, calls } = fakeClient();
    const chat = createChat({
      client,
      saved: savedConversation('https://p/'),
      prechat: false,
      locale: () => 'de',
    });
    chat.visitor.name = 'Ada';
    chat.variables.orderId = 'A-1';
    expect(localStorage.length).toBe(0);
    chat.send('  Hallo  ');
    await settle();
    expect(calls.create).toEqual([
      { visitor: { name: 'Ada' }, variables: { orderId: 'A-1' }, locale: 'de' },
    ]);
    expect(calls.send).toEqual([
      { clientMessageId: expect.stringMatching(/^[0-9a-f]{32}$/), text: 'Hallo' },
    ]);
    expect(chat.state.timeline.value).toMatchObject([
      { role: 'visitor', text: 'Hallo', status: 'sent' },
    ]);
    expect(
      (JSON.parse(localStorage.getItem('parley:https://p/')!) as Saved).credentials.token,
    ).toBe('api-1');
    expect(FakeEventSource.opened).toEqual(['stream:conv1:0']);
    chat.stop();
  });

  it('answers a quick reply with its title as text and its payload, also when retried', async () => {
    const { chat, calls, heal } = refusingFirstSend();
    chat.quickReply({ title: 'Track my order', payload: 'order_status' });
    await settle();
    heal();
    chat.retry(chat.state.timeline.value[0]!.key);
    await settle();
    const answer = {
      clientMessageId: expect.any(String),
      text: 'Track my order',
      quickReplyPayload: 'order_status',
    };
    expect(calls.send).toEqual([answer, answer]);
    expect(chat.state.timeline.value).toMatchObject([
      { role: 'visitor', text: 'Track my order', status: 'sent' },
    ]);
    chat.stop();
  });

  it('retries a failed message with the same client message id', async () => {
    const { chat, calls, heal } = refusingFirstSend();
    chat.send('once');
    await settle();
    const [item] = chat.state.timeline.value;
    expect(item).toMatchObject({ status: 'failed', reason: 'Refused.', text: 'once' });
    heal();
    chat.retry(item!.key);
    await settle();
    expect(calls.send.map((message) => message.clientMessageId)).toEqual([item!.key, item!.key]);
    expect(chat.state.timeline.value[0]).toMatchObject({ status: 'sent' });
    chat.stop();
  });

  it('does not let a late "pending" answer undo a "sent" that came first on the stream', async () => {
    let answer: (value: { status: 'pending' }) => void = () => {};
    const { client } = fakeClient({ send: () => new Promise((resolve) => (answer = resolve)) });
    const chat = createChat({
      client,
      saved: savedConversation('https://p/'),
      prechat: false,
      locale: () => 'en',
    });
    chat.send('hi');
    await settle();
    const key = chat.state.timeline.value[0]!.key;
    chat.state.timeline.value = [{ ...chat.state.timeline.value[0]!, status: 'sent' } as never];
    answer({ status: 'pending' });
    await settle();
    expect(chat.state.timeline.value[0]).toMatchObject({ key, status: 'sent' });
    chat.stop();
  });

  it('refreshes a token about to expire before using it', async () => {
    const saved = savedConversation('https://p/');
    saved.save({ credentials: credentials(10 * 60_000), seen: 0 });
    const { client, calls } = fakeClient();
    const chat = createChat({ client, saved, prechat: true, locale: () => 'en' });
    // A conversation in progress: no pre-chat form again.
    expect(chat.state.prechatDone.value).toBe(true);
    chat.send('still there?');
    await settle();
    expect(calls.refresh).toBe(1);
    expect(calls.tokens).toEqual(['api-2']);
    expect(saved.load()!.credentials.token).toBe('api-2');
    chat.stop();
  });

  it('a new chat started while the old one’s end is still being read stays open', async () => {
    const { client } = fakeClient();
    let answerTranscript: (page: { events: LoggedEvent[] }) => void = () => {};
    const late = client as unknown as Record<string, unknown>;
    late.close = async () => {};
    late.transcript = () => new Promise((resolve) => (answerTranscript = resolve));
    const chat = createChat({
      client,
      saved: savedConversation('https://p/'),
      prechat: false,
      locale: () => 'en',
    });
    chat.send('hello');
    await settle();
    const ending = chat.endChat();
    await settle();
    chat.newChat();
    answerTranscript({
      events: [{ id: 7, type: 'conversation', state: 'closed', at: new Date().toISOString() }],
    });
    await ending;
    expect(chat.state.ended.value).toBe(false);
    expect(chat.state.timeline.value).toEqual([]);
    chat.stop();
  });

  it('new chat forgets the conversation and stores nothing', async () => {
    const { client } = fakeClient();
    const chat = createChat({
      client,
      saved: savedConversation('https://p/'),
      prechat: true,
      locale: () => 'en',
    });
    chat.state.prechatDone.value = true;
    chat.send('hello');
    await settle();
    chat.newChat();
    expect(localStorage.length).toBe(0);
    expect(chat.state.timeline.value).toEqual([]);
    expect(chat.state.prechatDone.value).toBe(false);
    chat.stop();
  });
});
