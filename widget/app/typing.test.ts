import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LoggedEvent } from '../../protocol/events.js';
import { applyEvent } from './apply-event.js';
import { createChat } from './chat-controller.js';
import type { ProxyClient } from './proxy-client.js';
import type { SavedConversation } from './saved-conversation.js';

const nothingSaved: SavedConversation = {
  load: () => undefined,
  save: () => {},
  clear: () => {},
  watch: () => () => {},
};

let id = 0;
const typing = (on: boolean): LoggedEvent => ({
  id: ++id,
  at: new Date().toISOString(),
  type: 'typing',
  role: 'agent',
  typing: on,
});

describe('the agent’s typing indicator', () => {
  afterEach(() => vi.useRealTimers());

  const chat = () =>
    createChat({
      client: {} as ProxyClient,
      saved: nothingSaved,
      prechat: false,
      locale: () => 'en',
    });

  it('goes out 15 s after it came on, as 8x8’s own indicator would have', () => {
    vi.useFakeTimers();
    const { state, stop } = chat();
    applyEvent(state, typing(true));
    vi.advanceTimersByTime(14_999);
    expect(state.agentTyping.value).toBe(true);
    vi.advanceTimersByTime(1);
    expect(state.agentTyping.value).toBe(false);
    stop();
  });

  it('counts the 15 s afresh each time it comes on again', () => {
    vi.useFakeTimers();
    const { state, stop } = chat();
    applyEvent(state, typing(true));
    vi.advanceTimersByTime(10_000);
    applyEvent(state, typing(false));
    applyEvent(state, typing(true));
    vi.advanceTimersByTime(10_000);
    expect(state.agentTyping.value).toBe(true);
    vi.advanceTimersByTime(5_000);
    expect(state.agentTyping.value).toBe(false);
    stop();
  });

  it('is left alone once the chat is stopped', () => {
    vi.useFakeTimers();
    const { state, stop } = chat();
    applyEvent(state, typing(true));
    stop();
    vi.advanceTimersByTime(15_000);
    expect(state.agentTyping.value).toBe(true);
  });
});
