import { describe, expect, it } from 'vitest';
import type { LoggedEvent, ParleyEvent } from '../../protocol/events.js';
import { applyEvent } from './apply-event.js';
import { createChatState } from './chat-state.js';
import { answered } from './rich/cards/answered.js';

let nextId = 1;
const logged = (event: ParleyEvent): LoggedEvent => ({
  ...event,
  id: nextId++,
  at: '2026-12-02T10:00:00.000Z',
});

const card = {
  contentType: 'application/vnd.microsoft.card.adaptive',
  content: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Rate us' }] },
};

/** The bot's message m1 carrying the card, as the stream logs it. */
const cardMessage = (text: string, more: { textFromCards?: boolean } = {}) =>
  logged({
    type: 'message',
    messageId: 'm1',
    role: 'bot',
    text,
    attachments: [],
    cards: [card],
    ...more,
  });

describe('cards in the timeline', () => {
  it("keeps a message's cards, and hides text that only repeats them", () => {
    const state = createChatState();
    applyEvent(state, cardMessage('Rate us', { textFromCards: true }));
    expect(state.timeline.value[0]).toMatchObject({ cards: [card], textFromCards: true });
  });

  it("the visitor's answer (as the transcript replays it after a reload) locks the card it answers", () => {
    const state = createChatState();
    applyEvent(state, cardMessage(''));
    expect(answered(state.timeline.value, 'm1')).toBe(false);
    applyEvent(
      state,
      logged({
        type: 'message',
        messageId: 'visitor-c1',
        clientMessageId: 'c1c1c1c1',
        role: 'visitor',
        text: 'Send\nrating: 5',
        attachments: [],
        cardSubmit: { messageId: 'm1', cardIndex: 0, type: 'Action.Submit', data: { rating: '5' } },
      }),
    );
    expect(answered(state.timeline.value, 'm1')).toBe(true);
    expect(answered(state.timeline.value, 'another')).toBe(false);
  });
});
