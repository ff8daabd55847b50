import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Availability } from '../../protocol/availability-api.js';
import type {
  ConversationCredentials,
  CreateConversationRequest,
} from '../../protocol/widget-api.js';
import { createChat } from './chat-controller.js';
import { type ProxyClient, ProxyError } from './proxy-client.js';
import { savedConversation } from './saved-conversation.js';

class FakeEventSource {
  static readonly CLOSED = 2;
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  addEventListener() {}
  close() {}
}

const credentials: ConversationCredentials = {
  conversationId: 'conv1',
  token: 'api-1',
  streamToken: 'stream-1',
  expiresAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
  limits: { maxMessageLength: 5000, attachments: null },
};

const OPEN: Availability = {
  open: true,
  source: 'always',
  offlineForm: false,
  transcriptEmail: false,
  departments: [],
  attachments: null,
};

/** The proxy: its availability answer (or a failure), and the conversations it was asked to create. */
function fakeClient(answer: Availability | ProxyError) {
  const created: CreateConversationRequest[] = [];
  const client = {
    proxyUrl: 'https://p/',
    availability: vi.fn(async () => {
      if (answer instanceof ProxyError) throw answer;
      return answer;
    }),
    createConversation: async (request: CreateConversationRequest) => {
      created.push(request);
      return credentials;
    },
    sendMessage: async () => ({ clientMessageId: 'x', status: 'sent' as const }),
    transcript: async () => ({ events: [] }),
    streamUrl: () => 'stream',
  };
  return { client: client as unknown as ProxyClient, created };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

function chatWith(answer: Availability | ProxyError, prechat = false) {
  const { client, created } = fakeClient(answer);
  const chat = createChat({
    client,
    saved: savedConversation('https://p/'),
    prechat,
    locale: () => 'en',
  });
  return { chat, client, created };
}

const DEPARTMENTS: Availability = {
  ...OPEN,
  departments: [
    { id: 'sales', label: 'Sales' },
    { id: 'billing', label: 'Billing' },
  ],
};

beforeEach(() => {
  vi.stubGlobal('EventSource', FakeEventSource);
  localStorage.clear();
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('availability', () => {
  it('is asked at start; closed (for any reason) with no conversation shows the closed panel', async () => {
    const { chat } = chatWith({
      ...OPEN,
      open: false,
      source: 'hours',
      reason: 'no-agents',
    } as Availability);
    expect(chat.state.closed.value).toBe(false);
    await settle();
    expect(chat.state.closed.value).toBe(true);
    chat.stop();
  });

  it('a proxy that cannot say leaves the widget open, with no departments', async () => {
    const { chat } = chatWith(new ProxyError(404, 'Not found'));
    await settle();
    expect(chat.state.closed.value).toBe(false);
    expect(chat.state.prechatDone.value).toBe(true);
    chat.send('hello');
    await settle();
    expect(chat.state.timeline.value).toHaveLength(1);
    chat.stop();
  });

  it('is asked again when the panel opens a minute later, not on every open', async () => {
    const { chat, client } = chatWith(OPEN);
    await settle();
    chat.setOpen(true);
    expect(client.availability).toHaveBeenCalledTimes(1);
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 61_000);
    chat.setOpen(true);
    expect(client.availability).toHaveBeenCalledTimes(2);
    chat.stop();
  });
});

describe('departments', () => {
  it('bring the pre-chat form, and the visitor’s choice goes with the new conversation', async () => {
    const { chat, created } = chatWith(DEPARTMENTS);
    expect(chat.state.prechatDone.value).toBe(true);
    await settle();
    expect(chat.state.prechatDone.value).toBe(false);
    chat.submitPrechat({}, false, 'billing');
    expect(chat.state.prechatDone.value).toBe(true);
    chat.send('invoice question');
    await settle();
    expect(created).toEqual([{ locale: 'en', department: 'billing' }]);
    chat.stop();
  });

  it('a forced one needs no picker and is sent', async () => {
    const { chat, created } = chatWith(DEPARTMENTS);
    await chat.setDepartment('sales', true);
    await settle();
    expect(chat.state.prechatDone.value).toBe(true);
    expect(chat.state.department.value).toEqual({ id: 'sales', forced: true });
    chat.send('hi');
    await settle();
    expect(created[0]?.department).toBe('sales');
    chat.stop();
  });

  it('an unknown or malformed id is ignored with a warning, never sent', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { chat, created } = chatWith(DEPARTMENTS);
    await chat.setDepartment('Sales!', true);
    expect(chat.state.department.value).toBeUndefined();
    await chat.setDepartment('support', true);
    await settle();
    expect(chat.state.department.value).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[1]![0]).toContain('"support"');
    // Nothing forced: the visitor picks.
    expect(chat.state.prechatDone.value).toBe(false);
    chat.submitPrechat({}, false);
    chat.send('hi');
    await settle();
    expect(created[0]).not.toHaveProperty('department');
    chat.stop();
  });

  it('are not sent when the proxy lists none (an id chosen before the answer)', async () => {
    const { chat, created } = chatWith(new ProxyError(0, 'network'));
    await chat.setDepartment('sales', true);
    await settle();
    chat.send('hi');
    await settle();
    expect(created[0]).not.toHaveProperty('department');
    chat.stop();
  });
});
