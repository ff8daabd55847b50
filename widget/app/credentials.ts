import type { ConversationCredentials } from '../../protocol/widget-api.js';
import type { ChatState } from './chat-state.js';
import { type ProxyClient, ProxyError } from './proxy-client.js';
import type { Saved, SavedConversation } from './saved-conversation.js';

const REFRESH_BEFORE_MS = 60 * 60 * 1000;

/**
 * The conversation this tab is in, as saved for the other tabs and the next
 * visit, and its credentials, refreshed (once, however many callers ask) when
 * they are about to expire.
 */
export function createCredentials(
  client: ProxyClient,
  storage: SavedConversation,
  state: ChatState,
) {
  let saved: Saved | undefined;
  let refreshing: Promise<void> | undefined;

  const store = (next: Saved) => {
    saved = next;
    storage.save(next);
    state.limits.value = next.credentials.limits;
    state.seenId.value = next.seen;
  };

  const refresh = (current: ConversationCredentials) =>
    (refreshing ??= client
      .refresh(current)
      .then(
        (refreshed) => {
          if (saved?.credentials === current) store({ ...saved, credentials: refreshed });
        },
        () => {},
      )
      .finally(() => {
        refreshing = undefined;
      }));

  return {
    /** The conversation, when there is one. */
    saved: () => saved,
    store,
    /** What another tab saved: taken as it is, not saved again. */
    adopt(other: Saved) {
      saved = other;
    },
    forget() {
      saved = undefined;
      storage.clear();
    },
    /** Credentials good for the next hour at least (or the last ones, if the refresh failed). */
    async fresh(): Promise<ConversationCredentials> {
      if (!saved) throw new ProxyError(404, 'no conversation');
      const current = saved.credentials;
      if (Date.parse(current.expiresAt) - Date.now() < REFRESH_BEFORE_MS) await refresh(current);
      if (!saved) throw new ProxyError(404, 'no conversation');
      return saved.credentials;
    },
  };
}

export type Credentials = ReturnType<typeof createCredentials>;
