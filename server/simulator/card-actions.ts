import type { Conversations, SimCardSubmit, SimConversation } from './conversations.js';
import type { ReportEvent } from './event-reporter.js';
import { SimulatorError } from './simulator-error.js';

/**
 * 8x8's card action-submit (G33): `PUT …/cards/{cardId}/action-submit` with
 * `{"name":"8x8"}` sets the card's `actionSubmitted` flag and "sends an activity
 * notification" (204). The notification is the `adaptiveCard/action` ACTIVITY of
 * the events reference; its `value` is what the visitor's answer carried (the
 * card of the user message posted just before, card-submit.ts in the adapter),
 * or an empty submit when none did. Every call is recorded, so a test sees a
 * card answered twice.
 */
export class CardActions {
  readonly #conversations: Conversations;
  readonly #report: ReportEvent;
  readonly #changed: (conversation: SimConversation) => void;

  constructor(parts: {
    conversations: Conversations;
    report: ReportEvent;
    changed: (conversation: SimConversation) => void;
  }) {
    this.#conversations = parts.conversations;
    this.#report = parts.report;
    this.#changed = parts.changed;
  }

  submit(conversationId: string, cardId: string, path: SimCardSubmit['path']): void {
    const conversation = this.#conversations.get(conversationId);
    const card = conversation.messages
      .flatMap((message) => message.cards)
      .find((candidate) => candidate.id === cardId);
    if (!card)
      throw new SimulatorError(404, `Resource of type Card with id ${cardId} was not found.`);
    card.actionSubmitted = true;
    const value = lastAnswer(conversation);
    conversation.cardSubmits.push({ cardId, path, value, at: new Date().toISOString() });
    this.#report(conversation, 'ACTIVITY', { name: 'adaptiveCard/action', value });
    this.#changed(conversation);
  }
}

/** The `{type, data}` of the visitor's latest card answer. */
function lastAnswer(conversation: SimConversation): SimCardSubmit['value'] {
  for (const message of [...conversation.messages].reverse()) {
    if (message.author.type !== 'user') continue;
    for (const card of message.cards) {
      const content = card.content as { type?: unknown; data?: unknown } | undefined;
      if (content?.type === 'Action.Submit' || content?.type === 'Action.Execute') {
        const data = typeof content.data === 'object' && content.data !== null ? content.data : {};
        return { type: content.type, data: data as Record<string, unknown> };
      }
    }
  }
  return { type: 'Action.Submit', data: {} };
}
