import type { ComponentChildren } from 'preact';
import { plainText } from '../../safe-display.js';
import { markdownNodes } from '../Markdown.js';
import { textNodes } from '../text-nodes.js';
import { ActionBar } from './AdaptiveActions.js';
import { AdaptiveInput, INPUT_TYPES } from './AdaptiveInputs.js';
import { useCard } from './card-context.js';
import { choice, type Fields, fields, imageUrl, list, str } from './card-json.js';

/** Nesting the widget draws, whatever the proxy let through: deeper shows "unsupported". */
const MAX_DEPTH = 16;

const SIZES = ['small', 'default', 'medium', 'large', 'extralarge'] as const;
const WEIGHTS = ['lighter', 'default', 'bolder'] as const;
const COLORS = ['default', 'dark', 'light', 'accent', 'good', 'warning', 'attention'] as const;
const IMAGE_SIZES = ['auto', 'stretch', 'small', 'medium', 'large'] as const;

/**
 * The elements of a body, a Container's items or a Column's items, drawn by
 * plain calls rather than a component each: 200 components (and the Fragment
 * each returned) were a large share of a long card's first render. A card's
 * JSON does not change, so the elements need no keys.
 */
export function elements(items: unknown, depth: number): ComponentChildren[] {
  return list(items).map((item) => element(item, depth));
}

/**
 * One Adaptive Card element. One not known (or too deep) shows its `fallback`
 * element if it has one, else the "unsupported" line: never nothing.
 */
function element(value: unknown, depth: number): ComponentChildren {
  const item = fields(value);
  const drawn = depth <= MAX_DEPTH ? drawElement(item, depth) : undefined;
  if (drawn !== undefined) return drawn;
  if (typeof item.fallback === 'object' && depth <= MAX_DEPTH) {
    return element(item.fallback, depth + 1);
  }
  return <Unsupported />;
}

export function Unsupported() {
  const { strings } = useCard();
  return <p class="card-unsupported">{strings.unsupportedCard}</p>;
}

function drawElement(item: Fields, depth: number): ComponentChildren | undefined {
  const type = str(item.type) ?? '';
  if (item.isVisible === false) return null;
  if (INPUT_TYPES.has(type)) return <AdaptiveInput item={item} />;
  switch (type) {
    case 'TextBlock':
      return textBlock(item);
    case 'RichTextBlock':
      return richTextBlock(item);
    case 'Image':
      return cardImage(item);
    case 'ImageSet':
      return (
        <div class="card-imageset">
          {list(item.images).map((image, index) => cardImage(fields(image), index))}
        </div>
      );
    case 'FactSet':
      return factSet(item);
    case 'Container':
      return (
        <div class={`card-container ${separated(item)}`}>{elements(item.items, depth + 1)}</div>
      );
    case 'ColumnSet':
      return (
        <div class={`card-columnset ${separated(item)}`}>
          {list(item.columns).map((column, index) => (
            <div key={index} class="card-column" style={columnWidth(fields(column).width)}>
              {elements(fields(column).items, depth + 2)}
            </div>
          ))}
        </div>
      );
    case 'ActionSet':
      return <ActionBar actions={item.actions} depth={depth + 1} />;
    default:
      return undefined;
  }
}

function separated(item: Fields) {
  return item.separator === true ? 'card-separator' : '';
}

function textBlock(item: Fields) {
  const text = str(item.text) ?? '';
  const size = choice(item.size, SIZES) ?? 'default';
  const weight = choice(item.weight, WEIGHTS) ?? 'default';
  const color = choice(item.color, COLORS) ?? 'default';
  const classes = `card-text markdown size-${size} weight-${weight} color-${color} ${separated(item)}`;
  // Headings as the card says (style "heading", Adaptive Cards 1.5): a role, not an <h*> level.
  const heading = item.style === 'heading' ? ({ role: 'heading', 'aria-level': 3 } as const) : {};
  return (
    <div class={classes} {...heading}>
      {markdownNodes(text)}
    </div>
  );
}

/** Its inlines: TextRuns (and bare strings), each with its own emphasis; no markdown (per the spec). */
function richTextBlock(item: Fields) {
  return (
    <p class={`card-text card-richtext ${separated(item)}`}>
      {list(item.inlines).map((inline) => {
        if (typeof inline === 'string') return textNodes(inline);
        const run = fields(inline);
        if (run.type !== 'TextRun') return null;
        let node: ComponentChildren = textNodes(str(run.text) ?? '');
        if (run.weight === 'bolder' || run.weight === 'Bolder') node = <strong>{node}</strong>;
        if (run.italic === true) node = <em>{node}</em>;
        if (run.strikethrough === true) node = <del>{node}</del>;
        if (run.underline === true) node = <u>{node}</u>;
        if (run.highlight === true) node = <mark>{node}</mark>;
        if (run.fontType === 'monospace' || run.fontType === 'Monospace')
          node = <code>{node}</code>;
        return node;
      })}
    </p>
  );
}

function cardImage(item: Fields, key?: number) {
  const src = imageUrl(item.url);
  const alt = plainText(str(item.altText) ?? '');
  if (!src)
    return alt ? (
      <p key={key} class="card-text">
        {alt}
      </p>
    ) : null;
  const size = choice(item.size, IMAGE_SIZES) ?? 'auto';
  const style = item.style === 'person' || item.style === 'Person' ? 'person' : '';
  // loading before src: an image below the fold is not fetched while the card is drawn.
  return (
    <img key={key} loading="lazy" class={`card-image size-${size} ${style}`} alt={alt} src={src} />
  );
}

function factSet(item: Fields) {
  return (
    <dl class="card-facts">
      {list(item.facts).flatMap((fact) => [
        <dt>{textNodes(str(fields(fact).title) ?? '')}</dt>,
        <dd class="markdown">{markdownNodes(str(fields(fact).value) ?? '')}</dd>,
      ])}
    </dl>
  );
}

/** "auto", "stretch", a weight (2) or pixels ("80px"); anything else is "stretch". */
function columnWidth(width: unknown): Record<string, string> {
  if (width === 'auto') return { flex: '0 0 auto' };
  if (typeof width === 'number' && width > 0 && width < 1000) return { flex: `${width} 1 0` };
  const px = typeof width === 'string' ? /^(\d{1,4})px$/.exec(width) : null;
  if (px) return { flex: `0 0 ${px[1]}px` };
  return { flex: '1 1 0' };
}
