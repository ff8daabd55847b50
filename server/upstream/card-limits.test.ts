import { describe, expect, it } from 'vitest';
import {
  MAX_CARD_DEPTH,
  MAX_CARD_NODES,
  MAX_CARD_STRING,
  MAX_CARDS,
  reduceCard,
} from './card-limits.js';
import { mapGatewayEvent } from './chat-gateway-events.js';

/** A Container nested `levels` deep with a TextBlock at the bottom. */
function nested(levels: number): unknown {
  let element: unknown = { type: 'TextBlock', text: 'at the bottom' };
  for (let level = 0; level < levels; level++) element = { type: 'Container', items: [element] };
  return { type: 'AdaptiveCard', version: '1.5', body: [element] };
}

function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

describe('cards from 8x8 within limits', () => {
  it('passes a card within the limits on unchanged', () => {
    const card = nested(3);
    const reduced: string[] = [];
    expect(reduceCard(card, (field) => reduced.push(field))).toEqual(card);
    expect(reduced).toEqual([]);
  });

  it('flattens what is nested deeper than the limit into a TextBlock that keeps its text', () => {
    const reduced: string[] = [];
    const card = reduceCard(nested(100), (field) => reduced.push(field));
    expect(depthOf(card)).toBeLessThanOrEqual(MAX_CARD_DEPTH + 2);
    expect(JSON.stringify(card)).toContain('"type":"TextBlock","text":"at the bottom"');
    expect(reduced).toContain('card depth');
    // Far deeper than a stack would take: reduced within the limits all the same.
    const hostile = reduceCard(nested(100_000));
    expect(depthOf(hostile)).toBeLessThanOrEqual(MAX_CARD_DEPTH + 2);
  });

  it('drops the rest of a card past the size limit, and cuts long strings', () => {
    const body = Array.from({ length: 50_000 }, (_, index) => ({
      type: 'TextBlock',
      text: `${index} ${'x'.repeat(5000)}`,
    }));
    const reduced: string[] = [];
    const card = reduceCard({ type: 'AdaptiveCard', body }, (field) => reduced.push(field)) as {
      body: { text: string }[];
    };
    expect(card.body.length).toBeLessThan(MAX_CARD_NODES);
    expect(card.body.length).toBeGreaterThan(100);
    expect(card.body[0]!.text).toHaveLength(MAX_CARD_STRING);
    expect(card.body[0]!.text.endsWith('…')).toBe(true);
    expect(reduced).toEqual(expect.arrayContaining(['card', 'card size']));
  });

  it('keeps "__proto__" a plain key and drops what JSON cannot hold', () => {
    const card = reduceCard(JSON.parse('{"__proto__":{"polluted":1},"n":1e999}')) as object;
    expect(Object.getPrototypeOf(card)).toBe(Object.prototype);
    expect(Object.hasOwn(card, '__proto__')).toBe(true);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });

  it('a MESSAGE passes its cards on reduced, quick replies apart, at most MAX_CARDS', () => {
    const deep = nested(500);
    const cards = [
      { contentType: 'application/8x8.quick.replies', content: { options: [{ title: 'Yes' }] } },
      { id: 'card-1', content: deep, actionSubmitted: true },
      ...Array.from({ length: 20 }, () => ({ contentType: 'Buttons', content: { buttons: [] } })),
    ];
    const event = mapGatewayEvent(
      {
        eventType: 'MESSAGE',
        conversationId: 'c-1',
        data: { sender: { type: 'bot' }, text: '', cards },
      },
      { eventId: 'e-1' },
    )!.events[0] as {
      cards: { id?: string; contentType: string; content: unknown; submitted?: boolean }[];
    };
    expect(event).toMatchObject({ quickReplies: [{ title: 'Yes' }], textFromCards: true });
    expect(event.cards).toHaveLength(MAX_CARDS);
    expect(event.cards[0]).toMatchObject({
      id: 'card-1',
      contentType: 'application/vnd.microsoft.card.adaptive',
      submitted: true,
    });
    expect(depthOf(event.cards[0]!.content)).toBeLessThanOrEqual(MAX_CARD_DEPTH + 2);
    expect(event.cards[0]!.content).not.toEqual(deep);
  });
});
