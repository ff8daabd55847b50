import type { Card } from '../../../../protocol/events.js';
import { adoptSheet } from '../../adopt-sheet.js';
import type { MessageItem } from '../../chat-state.js';
import { MessageText } from '../../components/MessageText.js';
import { useUi } from '../../components/ui.js';
import markdownCss from '../markdown.css?inline';
import { answered } from './answered.js';
import { CardList } from './CardList.js';
import css from './cards.css?inline';

/**
 * A message with cards, drawn by the card chunk (rich/lazy.ts loads it only for
 * such a message): its text unless it only repeats the cards' (`textFromCards`),
 * then the cards, read-only once answered or once the chat has ended.
 */
export function MessageCards({ item }: { item: MessageItem }) {
  const { chat, strings, root } = useUi();
  adoptSheet(root, markdownCss);
  adoptSheet(root, css);
  const cards = Array.isArray(item.cards) ? (item.cards as Card[]) : [];
  const locked = chat.state.ended.value || answered(chat.state.timeline.value, item.key);
  return (
    <>
      {item.text && !item.textFromCards && <MessageText text={item.text} />}
      <CardList
        cards={cards}
        messageId={item.key}
        strings={strings}
        locked={locked}
        onSubmit={(cardIndex, type, data, summary) => {
          const cardId = cards[cardIndex]?.id;
          if (!locked) {
            chat.submitCard(
              { messageId: item.key, cardIndex, ...(cardId ? { cardId } : {}), type, data },
              summary,
            );
          }
        }}
        onReply={(title, payload) => chat.quickReply({ title, payload })}
      />
    </>
  );
}
