import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Attachment } from '../../../protocol/events.js';
import type { ConversationCredentials, SendMessageRequest } from '../../../protocol/widget-api.js';
import { applyEvent } from '../apply-event.js';
import { createChat } from '../chat-controller.js';
import type { MessageItem } from '../chat-state.js';
import { type ProxyClient, ProxyError } from '../proxy-client.js';
import { savedConversation } from '../saved-conversation.js';

/**
 * The files part with the real controller, sending and outbox: the proxy is a
 * script, so what is uploaded, cancelled, refused and sent can be counted.
 */

class FakeEventSource {
  readyState = 0;
  onopen = null;
  onerror = null;
  addEventListener() {}
  close() {}
}

const LIMITS = { maxBytes: 1000, types: ['image/png', 'application/pdf', 'text/plain'] };

const credentials: ConversationCredentials = {
  conversationId: 'conv1',
  token: 'api-1',
  streamToken: 'stream-1',
  expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  limits: { maxMessageLength: 5000, attachments: LIMITS },
};

type Upload = (file: File, signal: AbortSignal, progress: (f: number) => void) => Promise<void>;

/** The proxy: uploads answer by the script (`upload`), sends are recorded. */
function chatWith(upload: Upload = async () => {}, send?: () => Promise<void>) {
  const uploaded: string[] = [];
  const sent: SendMessageRequest[] = [];
  const client = {
    proxyUrl: 'https://p/',
    createConversation: async () => credentials,
    refresh: async () => credentials,
    sendMessage: async (_: ConversationCredentials, message: SendMessageRequest) => {
      await send?.();
      sent.push(message);
      return { clientMessageId: message.clientMessageId, status: 'sent' as const };
    },
    upload: async (
      _: ConversationCredentials,
      file: File,
      onProgress: (fraction: number) => void,
      signal: AbortSignal,
    ): Promise<Attachment> => {
      await upload(file, signal, onProgress);
      uploaded.push(file.name);
      return { id: `id-${file.name}`, name: file.name, kind: 'file' };
    },
    transcript: async () => ({ events: [] }),
    streamUrl: () => 'stream',
  } as unknown as ProxyClient;
  const chat = createChat({
    client,
    saved: savedConversation('https://p/'),
    prechat: false,
    locale: () => 'en',
  });
  return { chat, uploaded, sent };
}

const file = (name: string, type = 'application/pdf', size = 10) =>
  new File([new Uint8Array(size)], name, { type });

/** Waits for the outbox and the fake proxy (a few turns of the event loop). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** An upload that never ends by itself: it waits for `finish`, or its signal. */
function held() {
  const started: string[] = [];
  const finish = new Map<string, () => void>();
  const upload: Upload = (uploading, signal, progress) =>
    new Promise((resolve, reject) => {
      started.push(uploading.name);
      progress(0.5);
      finish.set(uploading.name, resolve);
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  return { started, finish, upload };
}

const messages = (chat: ReturnType<typeof createChat>) =>
  chat.state.timeline.value.filter((item): item is MessageItem => item.kind === 'message');

let urls = 0;
beforeEach(() => {
  vi.stubGlobal('EventSource', FakeEventSource);
  // Before a conversation, the limits come from GET /v1/availability.
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify({ open: true, attachments: LIMITS }))),
  );
  URL.createObjectURL = vi.fn(() => `blob:preview-${++urls}`);
  URL.revokeObjectURL = vi.fn();
  localStorage.clear();
});
afterEach(() => vi.unstubAllGlobals());

describe('sending files', () => {
  it('sends the text and the files in one message, each uploaded once with its progress', async () => {
    const { started, finish, upload } = held();
    const { chat, uploaded, sent } = chatWith(upload);
    const files = await chat.files();
    expect(fetch).toHaveBeenCalledWith('https://p/v1/availability', expect.anything());
    await files.add([file('a.pdf'), file('b.png', 'image/png')]);
    chat.send('  here they are ');
    chat.send('');
    expect(chat.state.drafts.value).toEqual([]);
    await settle();
    expect(started).toEqual(['a.pdf']);
    expect(messages(chat)[0]!.uploads!.map((one) => one.progress)).toEqual([0.5, 0]);
    finish.get('a.pdf')!();
    await settle();
    finish.get('b.png')!();
    await settle();
    expect(uploaded).toEqual(['a.pdf', 'b.png']);
    expect(sent).toEqual([
      {
        clientMessageId: messages(chat)[0]!.key,
        text: 'here they are',
        attachmentIds: ['id-a.pdf', 'id-b.png'],
      },
    ]);
    chat.stop();
  });

  it('retries a failed message without uploading its files again, under the same id', async () => {
    let refuse = true;
    const { chat, uploaded, sent } = chatWith(undefined, async () => {
      if (refuse) throw new ProxyError(400, 'Refused.');
    });
    const files = await chat.files();
    await files.add([file('a.pdf')]);
    chat.send('');
    await settle();
    expect(messages(chat)[0]!.status).toBe('failed');
    refuse = false;
    chat.retry(messages(chat)[0]!.key);
    await settle();
    expect(uploaded).toEqual(['a.pdf']);
    expect(sent).toEqual([
      { clientMessageId: messages(chat)[0]!.key, attachmentIds: ['id-a.pdf'] },
    ]);
    chat.stop();
  });

  it('cancels a file on its way: its upload is aborted and the rest is sent without it', async () => {
    const { started, finish, upload } = held();
    const { chat, sent } = chatWith(upload);
    const files = await chat.files();
    await files.add([file('a.pdf'), file('b.pdf')]);
    chat.send('two files');
    await settle();
    const [message] = messages(chat);
    files.cancel(message!.key, message!.uploads![0]!.id);
    expect(messages(chat)[0]!.uploads!.map((one) => one.file.name)).toEqual(['b.pdf']);
    await settle();
    expect(started).toEqual(['a.pdf', 'b.pdf']);
    finish.get('b.pdf')!();
    await settle();
    expect(sent).toEqual([
      { clientMessageId: message!.key, text: 'two files', attachmentIds: ['id-b.pdf'] },
    ]);
    chat.stop();
  });

  it('sends nothing when every file of a message without text is cancelled', async () => {
    const { started, upload } = held();
    const { chat, sent } = chatWith(upload);
    const files = await chat.files();
    await files.add([file('a.pdf')]);
    chat.send('');
    await settle();
    expect(started).toEqual(['a.pdf']);
    const [message] = messages(chat);
    files.cancel(message!.key, message!.uploads![0]!.id);
    expect(messages(chat)).toEqual([]);
    await settle();
    expect(sent).toEqual([]);
    // The outbox moved on: the next message goes.
    chat.send('still here');
    await settle();
    expect(sent.map((one) => one.text)).toEqual(['still here']);
    chat.stop();
  });

  it('gives a file the proxy refuses for its bytes back, with the reason, and sends the rest', async () => {
    const { chat, sent } = chatWith(async (uploading) => {
      if (uploading.name === 'lie.png') {
        throw new ProxyError(415, 'File content does not match its type');
      }
    });
    const files = await chat.files();
    await files.add([file('lie.png', 'image/png'), file('ok.pdf')]);
    chat.send('');
    await settle();
    expect(sent).toEqual([{ clientMessageId: expect.any(String), attachmentIds: ['id-ok.pdf'] }]);
    expect(chat.state.drafts.value).toMatchObject([
      { file: { name: 'lie.png' }, refused: 'type', preview: expect.stringMatching(/^blob:/) },
    ]);
    chat.stop();
  });

  it('sends more files than one message takes as several, the text with the first', async () => {
    const { chat, sent } = chatWith();
    const files = await chat.files();
    await files.add(Array.from({ length: 12 }, (_, n) => file(`f${n}.pdf`)));
    chat.send('a dozen');
    await settle();
    expect(sent.map((one) => [one.text, one.attachmentIds?.length])).toEqual([
      ['a dozen', 10],
      [undefined, 2],
    ]);
    chat.stop();
  });

  it('keeps refused files out of the message, and never uploads them', async () => {
    const { chat, uploaded, sent } = chatWith();
    const files = await chat.files();
    await files.add([
      file('big.pdf', 'application/pdf', 1001),
      file('tool.exe', 'application/x-msdownload'),
      file('empty.txt', 'text/plain', 0),
    ]);
    expect(chat.state.drafts.value.map((draft) => draft.refused)).toEqual([
      'size',
      'type',
      'empty',
    ]);
    chat.send('hello');
    await settle();
    expect(uploaded).toEqual([]);
    expect(sent.map((one) => one.attachmentIds)).toEqual([undefined]);
    expect(chat.state.drafts.value).toHaveLength(3);
    chat.stop();
  });

  it('revokes an image’s object URL once nothing shows it: removed, or sent and logged', async () => {
    const { chat } = chatWith();
    const files = await chat.files();
    await files.add([file('one.png', 'image/png'), file('two.png', 'image/png')]);
    const [one, two] = chat.state.drafts.value;
    expect(URL.createObjectURL).toHaveBeenCalledTimes(2);
    files.remove(one!.id);
    expect(URL.revokeObjectURL).toHaveBeenCalledWith(one!.preview);
    chat.send('');
    await settle();
    // Sent, but its logged copy (with the proxy's attachment) has not arrived: still shown.
    expect(URL.revokeObjectURL).not.toHaveBeenCalledWith(two!.preview);
    const key = messages(chat)[0]!.key;
    applyEvent(chat.state, {
      id: 1,
      at: new Date().toISOString(),
      type: 'message',
      messageId: `visitor-${key}`,
      clientMessageId: key,
      role: 'visitor',
      text: '',
      attachments: [{ id: 'id-two.png', name: 'two.png', kind: 'image' }],
    });
    expect(messages(chat)[0]).toMatchObject({ key, status: 'sent' });
    expect(messages(chat)[0]!.uploads).toBeUndefined();
    expect(URL.revokeObjectURL).toHaveBeenCalledWith(two!.preview);
    chat.stop();
  });
});
