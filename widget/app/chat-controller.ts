import type {
  ConversationCredentials,
  LoggedEvent,
  QuickReply,
  VisitorDetails,
} from '../../server/protocol.js';
import { bare } from '../no-prototype.js';
import { applyEvent, updateMessage } from './apply-event.js';
import { createChatState, type MessageItem } from './chat-state.js';
import { openEventStream } from './event-stream.js';
import { createOutbox } from './outbox.js';
import { type ProxyClient, ProxyError } from './proxy-client.js';
import type { Saved, SavedConversation } from './saved-conversation.js';
import { followShared } from './shared-feed.js';

/** A random id for the visitor's message (crypto.randomUUID needs a secure context; this does not). */
export function newClientMessageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface ChatOptions {
  client: ProxyClient;
  saved: SavedConversation;
  /** The pre-chat form must be filled in before the first message. */
  prechat: boolean;
  locale: () => string;
  /** An event as it happens (not history read after a reload); `own`: this tab's stream got it. */
  onLive?: (event: LoggedEvent, own: boolean) => void;
  /** Something the visitor asked for failed: starting the chat, or ending it. */
  onError?: (message: string, during: 'start' | 'end') => void;
}

const TYPING_EVERY_MS = 3000;
const REFRESH_BEFORE_MS = 60 * 60 * 1000;

/**
 * The visitor's actions and the conversation's life: start it on the first
 * message, send through the outbox, follow the (tab-shared) event stream, read
 * the transcript after a reload or a reset, end it, start over. State lives in
 * signals (chat-state.ts); events become state only in apply-event.ts.
 */
export function createChat(options: ChatOptions) {
  const { client } = options;
  const state = createChatState();
  const outbox = createOutbox();
  // No prototype (no-prototype.ts): a detail the visitor did not give is missing.
  const visitor: VisitorDetails = Object.create(null);
  const variables: Record<string, string> = Object.create(null);
  let saved: Saved | undefined;
  let starting: Promise<ConversationCredentials> | undefined;
  let feed: { stop: () => void } | undefined;
  let buffer: [LoggedEvent, boolean][] | undefined;
  let loading: Promise<void> | undefined;
  /** Counts conversations forgotten, so late answers for an old one are dropped. */
  let generation = 0;
  let typingSentAt = 0;

  const apply = (event: LoggedEvent, live: boolean, own = false) => {
    if (applyEvent(state, event) && live) options.onLive?.(event, own);
  };
  /** Events from the stream wait while the transcript is being read, then follow it in order. */
  const receive = (event: LoggedEvent, own: boolean) =>
    buffer ? buffer.push([event, own]) : apply(event, true, own);

  const store = (next: Saved) => {
    saved = next;
    options.saved.save(next);
    state.limits.value = next.credentials.limits;
    state.seenId.value = next.seen;
  };

  /** The credentials, refreshed (once, however many callers ask) when they are about to expire. */
  let refreshing: Promise<void> | undefined;
  const credentials = async (): Promise<ConversationCredentials> => {
    if (!saved) throw new ProxyError(404, 'no conversation');
    const current = saved.credentials;
    if (Date.parse(current.expiresAt) - Date.now() < REFRESH_BEFORE_MS) {
      refreshing ??= client
        .refresh(current)
        .then(
          (refreshed) => {
            if (saved?.credentials === current) store({ ...saved, credentials: refreshed });
          },
          () => {},
        )
        .finally(() => {
          refreshing = undefined;
        });
      await refreshing;
    }
    if (!saved) throw new ProxyError(404, 'no conversation');
    return saved.credentials;
  };

  /** Reads the log after our last id; `live` says whether what it finds is news. */
  const catchUp = (live: boolean) =>
    (loading ??= (async () => {
      buffer ??= [];
      // A read still in flight when the visitor starts a new chat belongs to the old one:
      // its pages (the old chat's "ended" among them) must not land in the new chat.
      const mine = generation;
      try {
        const current = await credentials();
        for (;;) {
          const page = await client.transcript(current, state.lastEventId);
          if (generation !== mine) return;
          for (const event of page.events) apply(event, live);
          if (page.next === undefined) break;
        }
      } catch (error) {
        if (
          generation === mine &&
          error instanceof ProxyError &&
          (error.status === 401 || error.status === 404)
        ) {
          // Expired or revoked: this conversation cannot be continued.
          forget();
        }
        throw error;
      } finally {
        if (generation === mine) {
          const held = buffer ?? [];
          buffer = undefined;
          loading = undefined;
          for (const [event, own] of held) apply(event, true, own);
        }
      }
    })());

  const reload = () => {
    // History was trimmed past our last id: read what is kept, keeping unsent messages.
    state.timeline.value = state.timeline.value.filter(
      (item) => item.kind === 'message' && item.id === undefined,
    );
    state.lastEventId = 0;
    void catchUp(false).catch(() => {});
  };

  /** `live`: what the log holds so far is news (a conversation just started), not history. */
  const follow = (live: boolean) => {
    feed?.stop();
    if (!saved) return;
    buffer = [];
    const read = catchUp(live);
    read.catch(() => {});
    feed = followShared(
      saved.credentials.conversationId,
      {
        onEvent: receive,
        onReset: reload,
        onStatus: (status) => {
          state.connection.value = status;
        },
      },
      read,
      (handlers) =>
        openEventStream({
          ...handlers,
          url: (lastEventId) => client.streamUrl(saved!.credentials, lastEventId),
          lastEventId: () => state.lastEventId,
          beforeReconnect: () =>
            catchUp(true).then(
              () => true,
              (error: unknown) => !(error instanceof ProxyError && !error.retryable) || !!saved,
            ),
        }),
    );
  };

  const conversation = (): Promise<ConversationCredentials> => {
    if (saved) return credentials();
    starting ??= client
      .createConversation({
        ...(Object.keys(visitor).length > 0 ? { visitor } : {}),
        ...(Object.keys(variables).length > 0 ? { variables } : {}),
        locale: options.locale(),
      })
      .then((created) => {
        store({ credentials: created, seen: 0 });
        follow(true);
        return created;
      })
      .finally(() => {
        starting = undefined;
      });
    return starting;
  };

  const message = (key: string) =>
    state.timeline.value.find((item): item is MessageItem => item.key === key);

  async function deliver(key: string) {
    const current = await conversation();
    const item = message(key);
    if (!item) return;
    let upload = item.upload;
    if (upload && !upload.attachmentId) {
      const attachment = await client.upload(current, upload.file, (progress) => {
        upload = bare({ ...upload!, progress });
        updateMessage(state, key, { upload });
      });
      upload = bare({ ...upload, attachmentId: attachment.id, progress: 1 });
      updateMessage(state, key, { upload });
    }
    const result = await client.sendMessage(current, {
      clientMessageId: key,
      ...(item.text ? { text: item.text } : {}),
      ...(upload?.attachmentId ? { attachmentIds: [upload.attachmentId] } : {}),
    });
    // 'pending' means the proxy's own outbox has it; its status events will follow.
    if (result.status !== 'pending') {
      updateMessage(state, key, {
        status: result.status,
        ...(result.reason ? { reason: result.reason } : {}),
      });
    }
  }

  const enqueue = (key: string) =>
    outbox.add({
      key,
      run: () => deliver(key),
      fail: (reason) => {
        updateMessage(state, key, { status: 'failed', reason });
        if (!saved) options.onError?.(reason, 'start');
      },
    });

  function forget() {
    generation++;
    loading = buffer = undefined;
    feed?.stop();
    feed = undefined;
    saved = undefined;
    options.saved.clear();
  }

  /** Back to a fresh start: no conversation, nothing stored. */
  function reset() {
    forget();
    state.conversation.value = 'none';
    state.queue.value = state.agent.value = state.limits.value = state.error.value = undefined;
    state.agentTyping.value = state.confirmingEnd.value = false;
    state.timeline.value = [];
    state.connection.value = 'offline';
    state.seenId.value = state.lastEventId = 0;
    state.prechatDone.value = !options.prechat;
  }

  const unwatch = options.saved.watch((other) => {
    if (!other) {
      if (saved) reset();
    } else if (other.credentials.conversationId !== saved?.credentials.conversationId) {
      // Another tab started a conversation: this one joins it.
      saved = other;
      state.limits.value = other.credentials.limits;
      state.prechatDone.value = true;
      follow(true);
    } else {
      saved = other;
      state.seenId.value = other.seen;
    }
  });

  state.prechatDone.value = !options.prechat;
  const found = options.saved.load();
  if (found) {
    store(found);
    state.prechatDone.value = true;
    follow(false);
  }

  function send(text: string, file?: File) {
    const trimmed = text.trim();
    if (!trimmed && !file) return;
    const key = newClientMessageId();
    state.error.value = undefined;
    state.timeline.value = [
      ...state.timeline.value,
      bare({
        kind: 'message' as const,
        key,
        role: 'visitor',
        text: trimmed,
        at: new Date().toISOString(),
        attachments: [],
        status: 'pending',
        ...(file
          ? {
              upload: bare({
                file,
                progress: 0,
                ...(file.type.startsWith('image/') ? { preview: URL.createObjectURL(file) } : {}),
              }),
            }
          : {}),
      }),
    ];
    enqueue(key);
  }

  return {
    state,
    /** Details from the pre-chat form or identify(), for the next conversation. */
    visitor,
    variables,
    send,
    retry(key: string) {
      if (outbox.has(key)) return;
      updateMessage(state, key, { status: 'pending' });
      enqueue(key);
    },
    quickReply: (reply: QuickReply) => send(reply.title),
    /** The visitor is typing: tell the agent, at most every few seconds. */
    typing() {
      if (!saved || state.ended.value || Date.now() - typingSentAt < TYPING_EVERY_MS) return;
      typingSentAt = Date.now();
      void credentials()
        .then((current) => client.typing(current, true))
        .catch(() => {});
    },
    async endChat() {
      state.confirmingEnd.value = false;
      if (!saved || state.ended.value) return;
      const ending = saved;
      try {
        await client.close(await credentials());
        if (saved === ending) await catchUp(true);
      } catch (error) {
        options.onError?.((error as Error).message, 'end');
      }
    },
    newChat: reset,
    /** The visitor has seen everything so far (the panel is open and in view). */
    markSeen() {
      if (!saved || state.lastEventId <= saved.seen) return;
      store({ ...saved, seen: state.lastEventId });
    },
    stop() {
      feed?.stop();
      outbox.stop();
      unwatch();
    },
  };
}

export type Chat = ReturnType<typeof createChat>;
