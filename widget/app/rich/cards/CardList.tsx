import type { Card } from '../../../../protocol/events.js';
import type { Strings } from '../../locales/en.js';
import { textNodes } from '../text-nodes.js';
import { ActionBar } from './AdaptiveActions.js';
import { elements, Unsupported } from './AdaptiveElement.js';
import { CardContext, type CardUi } from './card-context.js';
import { type Fields, fields, list, str } from './card-json.js';
import { type SubmitData, type SubmitType, submitSummary } from './card-submit.js';
import { ButtonsCard, CarouselCard, SuggestionsCard, TemplateCard } from './EightByEightCards.js';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

export interface CardListProps {
  cards: Card[];
  /** The message the cards are in: what a submit names, and what makes input ids unique. */
  messageId: string;
  strings: Strings;
  /** A submit was sent for this message (now or before a reload): its cards are read-only. */
  locked: boolean;
  /** A card was submitted: its index, the action's type, the data, and the text that says it. */
  onSubmit: (cardIndex: number, type: SubmitType, data: SubmitData, summary: string) => void;
  onReply: (title: string, payload: string) => void;
}

/** The cards of one message, drawn from their JSON into elements (never HTML). */
export function CardList({ cards, messageId, strings, locked, onSubmit, onReply }: CardListProps) {
  return (
    <div class="cards">
      {list(cards).map((value, index) => {
        const card = fields(value) as Partial<Card>;
        const ui: CardUi = {
          strings,
          locked: locked || card.submitted === true,
          submit: (type, data, title) => onSubmit(index, type, data, submitSummary(title, data)),
          reply: onReply,
          idPrefix: `card-${messageId.replace(/[^A-Za-z0-9_-]/g, '')}-${index}`,
        };
        return (
          <CardContext.Provider key={index} value={ui}>
            <form
              class="card"
              part="card"
              data-locked={ui.locked}
              onSubmit={(event) => event.preventDefault()}
            >
              <CardBody contentType={str(card.contentType) ?? ''} content={fields(card.content)} />
            </form>
          </CardContext.Provider>
        );
      })}
    </div>
  );
}

function CardBody({ contentType, content }: { contentType: string; content: Fields }) {
  switch (contentType) {
    case ADAPTIVE:
      return <AdaptiveCard content={content} />;
    case 'Buttons':
      return <ButtonsCard content={content} />;
    case 'Suggestions':
      return <SuggestionsCard content={content} />;
    case 'Template':
      return <TemplateCard content={content} />;
    case 'Carousel':
      return (
        <CarouselCard
          content={content}
          slide={(item) =>
            // A slide is a whole card (`{contentType, content}`) or a Template tile.
            str(item.contentType) ? (
              <CardBody contentType={str(item.contentType)!} content={fields(item.content)} />
            ) : item.type === 'AdaptiveCard' ? (
              <AdaptiveCard content={item} />
            ) : (
              <TemplateCard content={item} />
            )
          }
        />
      );
    default:
      return <Unsupported />;
  }
}

/** An Adaptive Card (1.0–1.6): its body and its actions; one that is not one shows its fallbackText. */
function AdaptiveCard({ content }: { content: Fields }) {
  if (content.type !== 'AdaptiveCard') {
    const fallbackText = str(content.fallbackText);
    return fallbackText ? <p class="card-text">{textNodes(fallbackText)}</p> : <Unsupported />;
  }
  return (
    <div class="adaptive-card" lang={str(content.lang)?.replace(/[^A-Za-z-]/g, '') || undefined}>
      {elements(content.body, 0)}
      <ActionBar actions={content.actions} depth={0} />
    </div>
  );
}
