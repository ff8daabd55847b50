import type { ConversationCredentials } from '../../protocol/widget-api.js';
import { parseJson } from '../no-prototype.js';
import { isCredentials } from './wire.js';

export interface Saved {
  credentials: ConversationCredentials;
  /** Highest event id the visitor has seen, in any tab (unread badge, sound). */
  seen: number;
}

/**
 * The conversation this browser has with this proxy, in localStorage (so a
 * reload, or another tab, finds it). The loader reads the same key (`parley:<proxy
 * url>`) to load the app at once when there is one. Nothing is written until the
 * visitor starts a chat.
 */
export function savedConversation(proxyUrl: string) {
  const key = `parley:${proxyUrl}`;
  const parse = (value: string | null): Saved | undefined => {
    try {
      // Written by this widget, but storage is the page's too: check before trusting it.
      const saved: unknown = parseJson(value ?? 'null');
      const { credentials, seen } = (saved ?? {}) as Partial<Saved>;
      return isCredentials(credentials) && typeof seen === 'number'
        ? { credentials, seen }
        : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    load: () => parse(storage()?.getItem(key) ?? null),
    save(saved: Saved) {
      try {
        storage()?.setItem(key, JSON.stringify(saved));
      } catch {}
    },
    clear() {
      storage()?.removeItem(key);
    },
    /** Another tab changed it: started, saw messages, or forgot the conversation. */
    watch(listener: (saved: Saved | undefined) => void): () => void {
      const onStorage = (event: StorageEvent) => {
        if (event.key === key) listener(parse(event.newValue));
      };
      addEventListener('storage', onStorage);
      return () => removeEventListener('storage', onStorage);
    },
  };
}

/** Storage can be missing or throw (privacy modes, sandboxed frames): then nothing is kept. */
function storage(): Storage | undefined {
  try {
    return localStorage;
  } catch {
    return undefined;
  }
}

export type SavedConversation = ReturnType<typeof savedConversation>;
