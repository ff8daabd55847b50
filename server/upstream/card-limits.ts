import { capText, type OnTruncated } from './text-limits.js';

/**
 * How much of a card from 8x8 the proxy passes on. A webhook may carry 1 MB of
 * nested JSON; the widget renders a card element by element, so a card that is
 * too deep or too big would stall the visitor's browser. 8x8 documents no card
 * limits (Adaptive Cards define none either), so these are generous for what a
 * bot or agent sends and small for a browser:
 * - nesting deeper than MAX_CARD_DEPTH is flattened: the subtree becomes one
 *   TextBlock with its texts, so nothing readable is lost silently;
 * - past MAX_CARD_NODES values in all, the rest of every list is dropped;
 * - strings are cut at MAX_CARD_STRING characters;
 * - a message keeps at most MAX_CARDS cards.
 */
export const MAX_CARD_DEPTH = 12;
export const MAX_CARD_NODES = 2000;
export const MAX_CARD_STRING = 2000;
export const MAX_CARDS = 10;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Which limit reduced a card (for the log: which field, how big it was). */
export type CardReduced = OnTruncated;

interface Walk {
  nodes: number;
  onReduced: CardReduced | undefined;
}

/** A copy of `value` within the limits; unknown kinds of value (functions, undefined) are dropped. */
export function reduceCard(value: unknown, onReduced?: CardReduced): Json {
  const walk: Walk = { nodes: 0, onReduced };
  return reduce(value, 0, walk) ?? null;
}

function reduce(value: unknown, depth: number, walk: Walk): Json | undefined {
  walk.nodes++;
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return capText(value, MAX_CARD_STRING, 'card', walk.onReduced);
  if (typeof value !== 'object') return undefined;
  if (depth >= MAX_CARD_DEPTH) {
    walk.onReduced?.('card depth', depth);
    return flattened(value, walk);
  }
  if (Array.isArray(value)) return reduceList(value, depth, walk);
  const copy: { [key: string]: Json } = {};
  for (const [key, item] of Object.entries(value)) {
    if (walk.nodes >= MAX_CARD_NODES) break;
    const reduced = reduce(item, depth + 1, walk);
    // Defined as own data properties, so a key "__proto__" stays a key.
    if (reduced !== undefined) Object.defineProperty(copy, key, ownValue(reduced));
  }
  return copy;
}

function reduceList(value: unknown[], depth: number, walk: Walk): Json[] {
  const copy: Json[] = [];
  for (const item of value) {
    if (walk.nodes >= MAX_CARD_NODES) {
      walk.onReduced?.('card size', value.length);
      break;
    }
    const reduced = reduce(item, depth + 1, walk);
    if (reduced !== undefined) copy.push(reduced);
  }
  return copy;
}

/** A subtree past the depth limit: its texts, in order, in one TextBlock (a list of one, in a list). */
function flattened(value: object, walk: Walk): Json {
  const texts: string[] = [];
  const stack: unknown[] = [value];
  // Iterative and bounded: a hostile card is as deep as it likes.
  while (stack.length > 0 && texts.length < 50 && walk.nodes < MAX_CARD_NODES) {
    const item = stack.pop();
    walk.nodes++;
    if (item === null || typeof item !== 'object') continue;
    const fields = item as Record<string, unknown>;
    for (const key of ['text', 'title', 'value']) {
      const text = fields[key];
      if (typeof text === 'string' && text) texts.push(capText(text, MAX_CARD_STRING, 'card'));
    }
    const children = Array.isArray(item) ? item : Object.values(fields);
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]);
  }
  const block = { type: 'TextBlock', text: texts.join('\n'), wrap: true };
  return Array.isArray(value) ? [block] : block;
}

function ownValue(value: Json): PropertyDescriptor {
  return { value, enumerable: true, writable: true, configurable: true };
}
