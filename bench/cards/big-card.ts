import type { Card } from '../../protocol/events.js';

/** One of each kind of element the renderer knows, numbered. */
export const KINDS: ((i: number) => Record<string, unknown>)[] = [
  (i) => ({
    type: 'TextBlock',
    text: `Line ${i} with **bold** and a [link](https://example.com/${i})`,
    wrap: true,
  }),
  (i) => ({ type: 'FactSet', facts: [{ title: `Fact ${i}`, value: 'Value' }] }),
  (i) => ({ type: 'Input.Text', id: `text${i}`, label: `Field ${i}` }),
  (i) => ({
    type: 'Input.ChoiceSet',
    id: `choice${i}`,
    choices: [
      { title: 'A', value: 'a' },
      { title: 'B', value: 'b' },
    ],
  }),
  (i) => ({ type: 'Container', items: [{ type: 'TextBlock', text: `Inside ${i}` }] }),
  (i) => ({
    type: 'RichTextBlock',
    inlines: [{ type: 'TextRun', text: `Run ${i}`, weight: 'bolder' }],
  }),
  (i) => ({ type: 'Input.Toggle', id: `toggle${i}`, title: `Toggle ${i}` }),
  (i) => ({ type: 'Image', url: `https://example.com/${i}.png`, altText: `Image ${i}` }),
];

/**
 * An Adaptive Card of `count` elements: a mix of every kind (`only` unset), or
 * `count` of one kind (an index into KINDS, to find which kind costs).
 */
export function bigCard(count: number, only = -1): Card {
  const body = Array.from({ length: count }, (_, i) =>
    KINDS[only >= 0 ? only : i % KINDS.length]!(i),
  );
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
