import type { ConversationCredentials } from '../../server/protocol.js';

/**
 * The visitor's conversation, remembered in localStorage so a reload or a second
 * tab finds it. Written only once the visitor has started a chat. The key matches
 * the loader's check (`parley:<proxy url>`).
 */
export function savedConversation(proxyUrl: string) {
  const key = `parley:${proxyUrl}`;
  return {
    load(): ConversationCredentials | undefined {
      try {
        const value = JSON.parse(
          localStorage.getItem(key) ?? 'null',
        ) as ConversationCredentials | null;
        return value && typeof value.conversationId === 'string' ? value : undefined;
      } catch {
        return undefined;
      }
    },
    save(credentials: ConversationCredentials) {
      try {
        localStorage.setItem(key, JSON.stringify(credentials));
      } catch {}
    },
    clear() {
      try {
        localStorage.removeItem(key);
      } catch {}
    },
  };
}

export type SavedConversation = ReturnType<typeof savedConversation>;
