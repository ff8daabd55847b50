import type { ChatState } from './chat-state.js';
import type { Credentials } from './credentials.js';
import type { SavedConversation } from './saved-conversation.js';

export interface OtherTabsOptions {
  storage: SavedConversation;
  credentials: Credentials;
  state: ChatState;
  /** Another tab started a conversation: follow it here too. */
  join: () => void;
  /** Another tab forgot the conversation (a new chat): forget it here too. */
  leave: () => void;
}

/**
 * The conversation as this browser's other tabs change it: one that starts a
 * chat brings this tab in, one that starts over takes this tab along, and what
 * one has shown the visitor is seen here too.
 */
export function watchOtherTabs(options: OtherTabsOptions): () => void {
  const { credentials, state } = options;
  return options.storage.watch((other) => {
    const mine = credentials.saved();
    if (!other) {
      if (mine) options.leave();
    } else if (other.credentials.conversationId !== mine?.credentials.conversationId) {
      credentials.adopt(other);
      state.limits.value = other.credentials.limits;
      state.prechatDone.value = true;
      options.join();
    } else {
      credentials.adopt(other);
      state.seenId.value = other.seen;
    }
  });
}
