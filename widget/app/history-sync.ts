import type { LoggedEvent } from '../../protocol/events.js';
import type { ChatState } from './chat-state.js';
import type { Credentials } from './credentials.js';
import { openEventStream } from './event-stream.js';
import { type ProxyClient, ProxyError } from './proxy-client.js';
import { followShared } from './shared-feed.js';

export interface HistorySyncOptions {
  client: ProxyClient;
  state: ChatState;
  credentials: Credentials;
  /** An event for the state; `live`: it is news, not history; `own`: this tab's stream got it. */
  apply: (event: LoggedEvent, live: boolean, own?: boolean) => void;
  /** The proxy no longer knows the conversation (expired or revoked): it cannot be continued. */
  onGone: () => void;
}

/**
 * The conversation's events in order and each once: the transcript read after
 * our last id (after a reload, a reset, a reconnect), then the tab-shared
 * stream, whose events wait while the transcript is being read.
 */
export function createHistorySync({
  client,
  state,
  credentials,
  apply,
  onGone,
}: HistorySyncOptions) {
  let feed: { stop: () => void } | undefined;
  let buffer: [LoggedEvent, boolean][] | undefined;
  let loading: Promise<void> | undefined;
  /** Counts conversations forgotten, so late answers for an old one are dropped. */
  let generation = 0;

  const receive = (event: LoggedEvent, own: boolean) =>
    buffer ? buffer.push([event, own]) : apply(event, true, own);

  /** Reads the log after our last id; `live` says whether what it finds is news. */
  const catchUp = (live: boolean) =>
    (loading ??= (async () => {
      buffer ??= [];
      // A read still in flight when the visitor starts a new chat belongs to the old one:
      // its pages (the old chat's "ended" among them) must not land in the new chat.
      const mine = generation;
      try {
        const current = await credentials.fresh();
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
          onGone();
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
    const saved = credentials.saved();
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
      (handlers) => {
        // This tab holds the browser's one stream: it alone counts in the title and chimes.
        // It stays the one until it closes (the lock passes on only then).
        state.leading.value = true;
        return openEventStream({
          ...handlers,
          url: (lastEventId) => client.streamUrl(credentials.saved()!.credentials, lastEventId),
          lastEventId: () => state.lastEventId,
          beforeReconnect: () =>
            catchUp(true).then(
              () => true,
              (error: unknown) =>
                !(error instanceof ProxyError && !error.retryable) || !!credentials.saved(),
            ),
        });
      },
    );
  };

  return {
    catchUp,
    follow,
    /** Drops the conversation's stream and reads: what arrives late for it is ignored. */
    forget() {
      generation++;
      loading = buffer = undefined;
      feed?.stop();
      feed = undefined;
    },
    stop: () => feed?.stop(),
  };
}
