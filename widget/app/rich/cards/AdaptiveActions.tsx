import { useState } from 'preact/hooks';
import { textNodes } from '../text-nodes.js';
import { elements, Unsupported } from './AdaptiveElement.js';
import { useCard } from './card-context.js';
import { type Fields, fields, linkUrl, list, str } from './card-json.js';
import { actionData, inputValues, type SubmitType } from './card-submit.js';

/**
 * A card's actions: Action.Submit and Action.Execute send the card's inputs
 * (once: the card locks), Action.OpenUrl is a link through the links'
 * allow-list, Action.ShowCard opens its card below the buttons.
 */
export function ActionBar({ actions, depth }: { actions: unknown; depth: number }) {
  const [shown, setShown] = useState<number | undefined>(undefined);
  const items = list(actions).map(fields);
  if (items.length === 0) return null;
  const card = shown === undefined ? undefined : fields(items[shown]?.card);
  return (
    <>
      <div class="card-actions">
        {items.map((action, index) => (
          <Action
            key={index}
            action={action}
            expanded={shown === index}
            onToggle={() => setShown(shown === index ? undefined : index)}
          />
        ))}
      </div>
      {card && (
        <div class="card-showcard">
          {elements(card.body, depth + 1)}
          <ActionBar actions={card.actions} depth={depth + 1} />
        </div>
      )}
    </>
  );
}

function Action({
  action,
  expanded,
  onToggle,
}: {
  action: Fields;
  expanded: boolean;
  onToggle: () => void;
}) {
  const { locked, submit } = useCard();
  const title = str(action.title) ?? '';
  const label = textNodes(title);
  switch (action.type) {
    case 'Action.Submit':
    case 'Action.Execute':
      return (
        <button
          type="button"
          class="card-action submit"
          disabled={locked}
          onClick={(event) => {
            const form = event.currentTarget.form;
            if (!form?.reportValidity()) return;
            submit(
              action.type as SubmitType,
              { ...actionData(action.data), ...inputValues(form) },
              title,
            );
          }}
        >
          {label}
        </button>
      );
    case 'Action.OpenUrl': {
      const href = linkUrl(action.url);
      if (!href) return <span class="card-action">{label}</span>;
      return (
        <a class="card-action" href={href} target="_blank" rel="noopener noreferrer" title={href}>
          {label}
        </a>
      );
    }
    case 'Action.ShowCard':
      return (
        <button type="button" class="card-action" aria-expanded={expanded} onClick={onToggle}>
          {label}
        </button>
      );
    default:
      return <Unsupported />;
  }
}
