import type { ConversationCredentials } from '../../server/protocol.js';
import { applyEvent, updateMessage } from './apply-event.js';
import { createChatState } from './chat-state.js';
import { openEventStream } from './event-stream.js';
import type { ProxyClient } from './proxy-client.js';
import type { SavedConversation } from './saved-conversation.js';

/** A random id for the visitor's message (crypto.randomUUID needs a secure context; this does not). */
export function newClientMessageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The visitor's actions: start a conversation on the first message, send
 * optimistically, follow the event stream. State lives in signals (chat-state.ts).
 */
export function createChat(client: ProxyClient, saved: SavedConversation) {
  const state = createChatState();
  let credentials = saved.load();
  let starting: Promise<ConversationCredentials> | undefined;
  let stream: { stop: () => void } | undefined;

  const follow = (current: ConversationCredentials) => {
    stream?.stop();
    stream = openEventStream({
      url: (lastEventId) => client.streamUrl(current, lastEventId),
      lastEventId: () => state.lastEventId,
      onEvent: (event) => applyEvent(state, event),
      onReset: () => {
        // History was trimmed past our last id: start over from what is kept.
        state.timeline.value = [];
        state.lastEventId = 0;
      },
      onStatus: (status) => {
        state.connection.value = status;
      },
    });
  };

  const conversation = (): Promise<ConversationCredentials> => {
    if (credentials) return Promise.resolve(credentials);
    starting ??= client
      .createConversation({ locale: navigator.language })
      .then((created) => {
        credentials = created;
        saved.save(created);
        follow(created);
        return created;
      })
      .finally(() => {
        starting = undefined;
      });
    return starting;
  };

  async function send(text: string, clientMessageId = newClientMessageId()) {
    const trimmed = text.trim();
    if (!trimmed) return;
    state.error.value = undefined;
    if (!state.timeline.value.some((item) => item.key === clientMessageId)) {
      state.timeline.value = [
        ...state.timeline.value,
        {
          kind: 'message',
          key: clientMessageId,
          role: 'visitor',
          text: trimmed,
          at: new Date().toISOString(),
          attachments: [],
          status: 'pending',
        },
      ];
    } else {
      updateMessage(state, clientMessageId, { status: 'pending' });
    }
    try {
      const current = await conversation();
      const result = await client.sendMessage(current, { clientMessageId, text: trimmed });
      updateMessage(state, clientMessageId, { status: result.status });
    } catch {
      updateMessage(state, clientMessageId, { status: 'failed', reason: 'network' });
    }
  }

  return {
    state,
    send,
    /** Follow a conversation this browser already has (after a reload). */
    resume() {
      if (credentials) follow(credentials);
    },
    stop() {
      stream?.stop();
    },
  };
}

export type Chat = ReturnType<typeof createChat>;
