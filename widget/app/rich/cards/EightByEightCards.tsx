import { useState } from 'preact/hooks';
import { plainText } from '../../safe-display.js';
import { markdownNodes } from '../Markdown.js';
import { textNodes } from '../text-nodes.js';
import { useCard } from './card-context.js';
import { type Fields, fields, firstStr, imageUrl, linkUrl, str } from './card-json.js';

/**
 * 8x8's own card kinds. The Chat Gateway OAS names them (`Buttons`, `Carousel`,
 * `Template`, `Suggestions`) but documents no content shape [UNCONFIRMED], so
 * each reads every shape seen in 8x8's and its peers' cards:
 * - a button: `title` | `text` | `label`; a link when it has `url` (or `type`
 *   "url"/"web_url" with `value`/`payload`), else a postback answered like a quick
 *   reply with `payload` | `postback` | `value` | `data.postback` (default: its title);
 * - Buttons: `text` | `title` and `buttons` | `options` | `actions`;
 * - Suggestions: `suggestions` | `options` | `replies`, buttons or plain strings;
 * - Template: one tile, `title`, `subtitle` | `text`, `imageUrl` | `image`
 *   (string or `{url}`), `buttons`;
 * - Carousel: `cards` | `items` | `elements` | `templates`, tiles or whole cards.
 */
export function ButtonsCard({ content }: { content: Fields }) {
  const text = firstStr(content, 'text', 'title');
  return (
    <div class="card-8x8">
      {text && <div class="card-text markdown">{markdownNodes(text)}</div>}
      <ButtonRow buttons={firstList(content, 'buttons', 'options', 'actions')} />
    </div>
  );
}

export function SuggestionsCard({ content }: { content: Fields }) {
  const { strings } = useCard();
  return (
    <fieldset class="card-8x8 card-suggestions" aria-label={strings.suggestedReplies}>
      <ButtonRow buttons={firstList(content, 'suggestions', 'options', 'replies')} />
    </fieldset>
  );
}

export function TemplateCard({ content }: { content: Fields }) {
  const title = firstStr(content, 'title', 'header');
  const subtitle = firstStr(content, 'subtitle', 'text', 'description');
  const image = fields(content.image);
  const src = imageUrl(content.imageUrl) ?? imageUrl(content.image) ?? imageUrl(image.url);
  const alt = plainText(str(image.altText) ?? str(content.imageAltText) ?? title ?? '');
  return (
    <div class="card-8x8 card-template">
      {src && <img loading="lazy" class="card-image" alt={alt} src={src} />}
      {title && <p class="card-title">{textNodes(title)}</p>}
      {subtitle && <div class="card-text markdown">{markdownNodes(subtitle)}</div>}
      <ButtonRow buttons={firstList(content, 'buttons', 'actions', 'options')} />
    </div>
  );
}

/**
 * Slides one at a time: previous / next buttons, the arrow keys while focus is
 * in it, and a swipe. Screen readers hear "slide 2 of 5" (APG carousel pattern).
 */
export function CarouselCard({
  content,
  slide,
}: {
  content: Fields;
  slide: (item: Fields, index: number) => preact.ComponentChildren;
}) {
  const { strings } = useCard();
  const items = firstList(content, 'cards', 'items', 'elements', 'templates').map(fields);
  const [index, setIndex] = useState(0);
  const [swipeFrom, setSwipeFrom] = useState<number | undefined>(undefined);
  if (items.length === 0) return null;
  const at = Math.min(index, items.length - 1);
  // Round, as the APG carousel: a button never turns disabled under the keyboard's focus.
  const go = (step: number) => setIndex((at + step + items.length) % items.length);
  return (
    <section
      class="card-carousel"
      aria-roledescription="carousel"
      aria-label={strings.carousel}
      onKeyDown={(event) => {
        if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
          // In a right-to-left panel "next" is to the left.
          const rtl = getComputedStyle(event.currentTarget).direction === 'rtl';
          go((event.key === 'ArrowRight') !== rtl ? 1 : -1);
          event.preventDefault();
        }
      }}
      onPointerDown={(event) => setSwipeFrom(event.clientX)}
      onPointerUp={(event) => {
        if (swipeFrom === undefined) return;
        const moved = event.clientX - swipeFrom;
        setSwipeFrom(undefined);
        if (Math.abs(moved) > 40) go(moved < 0 ? 1 : -1);
      }}
    >
      {/* biome-ignore lint/a11y/useSemanticElements: the APG carousel's slide is a group with a roledescription, not a form fieldset */}
      <div
        key={at}
        class="card-slide"
        role="group"
        aria-roledescription="slide"
        aria-label={strings.slide(at + 1, items.length)}
      >
        {slide(items[at]!, at)}
      </div>
      <div class="card-carousel-nav">
        <button type="button" onClick={() => go(-1)} aria-label={strings.previousSlide}>
          ‹
        </button>
        <span aria-hidden="true">
          {at + 1} / {items.length}
        </span>
        <button type="button" onClick={() => go(1)} aria-label={strings.nextSlide}>
          ›
        </button>
      </div>
    </section>
  );
}

function firstList(content: Fields, ...names: string[]): unknown[] {
  for (const name of names) if (Array.isArray(content[name])) return content[name] as unknown[];
  return [];
}

function ButtonRow({ buttons }: { buttons: unknown[] }) {
  if (buttons.length === 0) return null;
  return (
    <div class="card-actions">
      {buttons.map((button, index) => (
        <CardButton key={index} button={button} />
      ))}
    </div>
  );
}

function CardButton({ button }: { button: unknown }) {
  const { locked, reply } = useCard();
  const item = typeof button === 'string' ? { title: button } : fields(button);
  const title = firstStr(item, 'title', 'text', 'label') ?? '';
  const type = str(item.type)?.toLowerCase();
  const link =
    linkUrl(item.url) ??
    (type === 'url' || type === 'web_url' || type === 'openurl'
      ? linkUrl(item.value ?? item.payload)
      : undefined);
  if (link) {
    return (
      <a class="card-action" href={link} target="_blank" rel="noopener noreferrer" title={link}>
        {textNodes(title)}
      </a>
    );
  }
  const payload =
    firstStr(item, 'payload', 'postback', 'value') ?? str(fields(item.data).postback) ?? title;
  return (
    <button
      type="button"
      class="card-action"
      disabled={locked || !title}
      onClick={() => reply(title, payload)}
    >
      {textNodes(title)}
    </button>
  );
}
