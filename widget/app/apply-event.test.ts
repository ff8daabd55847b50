import { describe, expect, it } from 'vitest';
import type { LoggedEvent, ParleyEvent } from '../../protocol/events.js';
import { applyEvent } from './apply-event.js';
import { createChatState } from './chat-state.js';

let nextId = 1;
const logged = (event: ParleyEvent): LoggedEvent => ({
  ...event,
  id: nextId++,
  at: '2026-11-24T10:00:00.000Z',
});

describe('applyEvent', () => {
  it('follows a conversation from queued to an agent reply', () => {
    const state = createChatState();
    applyEvent(state, logged({ type: 'conversation', state: 'queued', queueName: 'Billing' }));
    expect(state.conversation.value).toBe('queued');
    expect(state.queue.value).toEqual({ name: 'Billing' });
    applyEvent(
      state,
      logged({ type: 'participant', change: 'joined', role: 'agent', name: 'Alex' }),
    );
    applyEvent(state, logged({ type: 'typing', role: 'agent', typing: true }));
    expect(state.agentTyping.value).toBe(true);
    applyEvent(
      state,
      logged({ type: 'message', messageId: 'm1', role: 'agent', text: 'Hi', attachments: [] }),
    );
    expect(state.agentTyping.value).toBe(false);
    expect(state.agent.value).toEqual({ name: 'Alex' });
    expect(state.queue.value).toBeUndefined();
    expect(
      state.timeline.value.map((item) => (item.kind === 'notice' ? item.notice : item.text)),
    ).toEqual(['queued', 'agent-joined', 'Hi']);
  });

  it('places 8x8’s messages by their send time when webhooks arrive out of order', () => {
    const state = createChatState();
    const agentSaid = (text: string, second: number) =>
      logged({
        type: 'message',
        messageId: text,
        role: 'agent',
        text,
        attachments: [],
        sentAt: `2026-11-24T10:00:0${second}.000Z`,
      });
    applyEvent(state, agentSaid('one', 1));
    applyEvent(state, logged({ type: 'transferred' }));
    applyEvent(state, agentSaid('two', 2));
    applyEvent(state, agentSaid('four', 4));
    applyEvent(state, agentSaid('three', 3));
    // Sent before everything shown so far, but a notice stands between: it does not cross it.
    applyEvent(state, agentSaid('zero', 0));
    expect(
      state.timeline.value.map((item) => (item.kind === 'notice' ? item.notice : item.text)),
    ).toEqual(['one', 'transferred', 'zero', 'two', 'three', 'four']);
  });

  it('ignores an event it has already applied (a replay after reconnecting)', () => {
    const state = createChatState();
    const message = logged({
      type: 'message',
      messageId: 'm2',
      role: 'agent',
      text: 'once',
      attachments: [],
    });
    applyEvent(state, message);
    applyEvent(state, message);
    expect(state.timeline.value).toHaveLength(1);
    expect(state.lastEventId).toBe(message.id);
  });

  it('matches the visitor’s own message to its optimistic copy and updates its status', () => {
    const state = createChatState();
    state.timeline.value = [
      {
        kind: 'message',
        key: 'cm-1',
        role: 'visitor',
        text: 'hello',
        at: '',
        attachments: [],
        status: 'pending',
      },
    ];
    applyEvent(
      state,
      logged({
        type: 'message',
        messageId: 'visitor-cm-1',
        role: 'visitor',
        text: 'hello',
        attachments: [],
        clientMessageId: 'cm-1',
      }),
    );
    expect(state.timeline.value).toHaveLength(1);
    applyEvent(
      state,
      logged({
        type: 'message-status',
        clientMessageId: 'cm-1',
        status: 'failed',
        reason: '8x8 answered 503',
      }),
    );
    expect(state.timeline.value[0]).toMatchObject({ status: 'failed', reason: '8x8 answered 503' });
  });

  it('clears the agent and typing when the conversation ends', () => {
    const state = createChatState();
    applyEvent(state, logged({ type: 'participant', change: 'joined', role: 'agent' }));
    applyEvent(state, logged({ type: 'typing', role: 'agent', typing: true }));
    applyEvent(state, logged({ type: 'conversation', state: 'idle' }));
    expect(state.agent.value).toBeUndefined();
    expect(state.agentTyping.value).toBe(false);
    expect(state.timeline.value.at(-1)).toMatchObject({ kind: 'notice', notice: 'ended' });
  });

  it('counts agent messages the visitor has not seen', () => {
    const state = createChatState();
    applyEvent(
      state,
      logged({ type: 'message', messageId: 'a', role: 'agent', text: '1', attachments: [] }),
    );
    applyEvent(
      state,
      logged({
        type: 'message',
        messageId: 'b',
        role: 'visitor',
        text: '2',
        attachments: [],
        clientMessageId: 'cm-b',
      }),
    );
    applyEvent(
      state,
      logged({ type: 'message', messageId: 'c', role: 'bot', text: '3', attachments: [] }),
    );
    expect(state.unread.value).toBe(2);
    state.seenId.value = state.lastEventId;
    expect(state.unread.value).toBe(0);
  });

  it('names an agent’s message after the agent who joined when 8x8 sent no author name', () => {
    const state = createChatState();
    applyEvent(
      state,
      logged({ type: 'participant', change: 'joined', role: 'agent', name: 'Sam' }),
    );
    applyEvent(
      state,
      logged({ type: 'message', messageId: 'm', role: 'agent', text: 'Hi', attachments: [] }),
    );
    expect(state.timeline.value.at(-1)).toMatchObject({ kind: 'message', authorName: 'Sam' });
  });

  it("marks the visitor's sent messages up to the agent's read time as delivered, nothing else", () => {
    const state = createChatState();
    const visitorSaid = (clientMessageId: string, at: string) => {
      applyEvent(state, {
        ...logged({
          type: 'message',
          messageId: clientMessageId,
          clientMessageId,
          role: 'visitor',
          text: clientMessageId,
          attachments: [],
        }),
        at,
      });
      applyEvent(state, logged({ type: 'message-status', clientMessageId, status: 'sent' }));
    };
    visitorSaid('early', '2026-11-24T10:00:00.000Z');
    visitorSaid('late', '2026-11-24T10:05:00.000Z');
    applyEvent(
      state,
      logged({
        type: 'message',
        messageId: 'p',
        clientMessageId: 'pending',
        role: 'visitor',
        text: 'p',
        attachments: [],
      }),
    );
    applyEvent(state, logged({ type: 'read', role: 'agent', upTo: '2026-11-24T10:01:00.000Z' }));
    const statuses = () =>
      state.timeline.value.map((item) => (item.kind === 'message' ? item.status : item.kind));
    expect(statuses()).toEqual(['delivered', 'sent', 'pending']);
    applyEvent(state, logged({ type: 'read', role: 'agent', upTo: '2026-11-24T11:00:00.000Z' }));
    expect(statuses()).toEqual(['delivered', 'delivered', 'pending']);
  });
});
