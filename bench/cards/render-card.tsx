import { render } from 'preact';
import type { Card } from '../../protocol/events.js';
import { en } from '../../widget/app/locales/en.js';
import { CardList } from '../../widget/app/rich/cards/CardList.js';

/**
 * In the page: draws an Adaptive Card of `count` elements (a mix of every kind
 * the renderer knows) and reports how long render() took, median of `runs`.
 */
function bigCard(count: number): Card {
  const kinds = [
    (i: number) => ({
      type: 'TextBlock',
      text: `Line ${i} with **bold** and a [link](https://example.com/${i})`,
      wrap: true,
    }),
    (i: number) => ({ type: 'FactSet', facts: [{ title: `Fact ${i}`, value: 'Value' }] }),
    (i: number) => ({ type: 'Input.Text', id: `text${i}`, label: `Field ${i}` }),
    (i: number) => ({
      type: 'Input.ChoiceSet',
      id: `choice${i}`,
      choices: [
        { title: 'A', value: 'a' },
        { title: 'B', value: 'b' },
      ],
    }),
    (i: number) => ({ type: 'Container', items: [{ type: 'TextBlock', text: `Inside ${i}` }] }),
    (i: number) => ({
      type: 'RichTextBlock',
      inlines: [{ type: 'TextRun', text: `Run ${i}`, weight: 'bolder' }],
    }),
    (i: number) => ({ type: 'Input.Toggle', id: `toggle${i}`, title: `Toggle ${i}` }),
    (i: number) => ({ type: 'Image', url: `https://example.com/${i}.png`, altText: `Image ${i}` }),
  ];
  const body = Array.from({ length: count }, (_, i) => kinds[i % kinds.length]!(i));
  return {
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: {
      type: 'AdaptiveCard',
      version: '1.5',
      body,
      actions: [{ type: 'Action.Submit', title: 'Send' }],
    },
  };
}

(window as unknown as { renderCard: (count: number, runs: number) => number }).renderCard = (
  count,
  runs,
) => {
  const card = bigCard(count);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const host = document.createElement('div');
    document.body.append(host);
    const start = performance.now();
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
    // Layout too: what the visitor waits for before the card is on screen.
    void host.offsetHeight;
    times.push(performance.now() - start);
    render(null, host);
    host.remove();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
};
