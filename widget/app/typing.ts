import type { ChatState } from './chat-state.js';
import type { Credentials } from './credentials.js';
import type { ProxyClient } from './proxy-client.js';

const TYPING_EVERY_MS = 3000;

/** The visitor is typing: tell the agent, at most every few seconds. */
export function visitorTyping(client: ProxyClient, credentials: Credentials, state: ChatState) {
  let sentAt = 0;
  return () => {
    if (!credentials.saved() || state.ended.value || Date.now() - sentAt < TYPING_EVERY_MS) return;
    sentAt = Date.now();
    void credentials
      .fresh()
      .then((current) => client.typing(current, true))
      .catch(() => {});
  };
}
