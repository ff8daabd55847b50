import { render } from 'preact';
import { en } from '../../widget/app/locales/en.js';
import { CardList } from '../../widget/app/rich/cards/CardList.js';
import cardsCss from '../../widget/app/rich/cards/cards.css?inline';
import markdownCss from '../../widget/app/rich/markdown.css?inline';
import { bigCard } from './big-card.js';

/**
 * In the page: draws an Adaptive Card of `count` elements (a mix of every kind
 * the renderer knows) into a panel-sized box styled as the widget styles it,
 * `runs` times, and reports each run's render (preact to the DOM) and layout
 * (style and layout, what the visitor waits for before the card is on screen),
 * measured apart with performance marks so a profile says which one costs.
 */
export type CardTimings = { renders: number[]; layouts: number[] };

/** The cards' styles, which the widget adopts as it draws its first card: in the first card's time. */
const style = document.createElement('style');
style.textContent = `${cardsCss}\n${markdownCss}`;

/**
 * What the page has done before a card arrives: preact has drawn the panel and
 * a few messages, and they are laid out (a stand-in of plain elements: none of
 * the card code runs).
 */
function drawPanel() {
  const panel = document.createElement('div');
  document.body.append(panel);
  render(
    <section>
      {Array.from({ length: 20 }, (_, index) => (
        <div key={index} class="group">
          <p class="text">Message {index}</p>
        </div>
      ))}
      <textarea aria-label="Message" />
    </section>,
    panel,
  );
  void panel.offsetHeight;
}

function renderCard(count: number, runs: number): CardTimings {
  const card = bigCard(count);
  const renders: number[] = [];
  const layouts: number[] = [];
  for (let run = 0; run < runs; run++) {
    const host = document.createElement('div');
    host.style.inlineSize = '340px';
    document.body.append(host);
    performance.mark('card-start');
    if (!style.isConnected) document.head.append(style);
    render(
      <CardList
        cards={[card]}
        messageId={`m${run}`}
        strings={en}
        locked={false}
        onSubmit={() => {}}
        onReply={() => {}}
      />,
      host,
    );
    performance.mark('card-rendered');
    void host.offsetHeight;
    performance.mark('card-laid-out');
    renders.push(performance.measure('card-render', 'card-start', 'card-rendered').duration);
    layouts.push(performance.measure('card-layout', 'card-rendered', 'card-laid-out').duration);
    render(null, host);
    host.remove();
  }
  return { renders, layouts };
}

Object.assign(window, { drawPanel, renderCard });
