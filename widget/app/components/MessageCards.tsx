import type { Card } from '../../../protocol/events.js';
import type { MessageItem } from '../chat-state.js';
import { loadCards, useLazy } from '../rich/lazy.js';
import { useUi } from './ui.js';

/** A message's cards, drawn by the card chunk (loaded only for a message that has cards). */
export function MessageCards({ item, cards }: { item: MessageItem; cards: Card[] }) {
  const { chat, strings } = useUi();
  const rich = useLazy(loadCards, true);
  if (!rich) return null;
  return (
    <rich.CardList
      cards={cards}
      messageId={item.key}
      strings={strings}
      locked={item.cardsLocked === true || chat.state.ended.value}
      onSubmit={(cardIndex, data, summary) => {
        const cardId = cards[cardIndex]?.id;
        chat.submitCard(
          item.key,
          {
            messageId: item.key,
            cardIndex,
            ...(cardId ? { cardId } : {}),
            type: 'Action.Submit',
            data,
          },
          summary,
        );
      }}
      onReply={(title, payload) => chat.quickReply({ title, payload })}
    />
  );
}
