import { effect } from '@preact/signals';
import type { ChatState } from './chat-state.js';
import type { Credentials } from './credentials.js';
import type { ProxyClient } from './proxy-client.js';

const TYPING_EVERY_MS = 3000;
/** 8x8's typing indicator times out by itself, and no event says it did. */
const AGENT_TYPING_TIMEOUT_MS = 15_000;

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

/**
 * "Agent is typing…" lasts until the agent sends or stops, or until 8x8's own
 * indicator would have timed out. Returns the function that stops the timer.
 */
export function expireAgentTyping(state: ChatState): () => void {
  return effect(() => {
    if (!state.agentTyping.value) return;
    const timer = setTimeout(() => {
      state.agentTyping.value = false;
    }, AGENT_TYPING_TIMEOUT_MS);
    return () => clearTimeout(timer);
  });
}
