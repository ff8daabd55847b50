import type { ComponentChildren } from 'preact';
import { linkify } from '../linkify.js';
import { plainText, textChunks } from '../safe-display.js';

/**
 * Text from outside as text nodes, as SafeText draws it (no bidi controls, long
 * runs in pieces: safe-display.ts), but as its parent's children rather than a
 * component of its own: a card of 200 elements draws thousands of pieces of
 * text, and a component each was most of its render time. One piece (nearly
 * always) is a plain string: preact draws an array among children as a
 * Fragment, a component of its own.
 */
export function textNodes(text: string): string | string[] {
  const chunks = textChunks(plainText(text));
  return chunks.length === 1 ? chunks[0]! : chunks;
}

/** Where a bare link can begin (linkify.ts): `:` of a scheme, or `www.`. Without one, no link. */
const MAY_LINK = /:|www\./i;

/** Text with its bare links made safe links (linkify.ts, safe-link.ts); never HTML. */
export function linkedNodes(text: string): ComponentChildren {
  if (!MAY_LINK.test(text)) return textNodes(text);
  return linkify(text).map((part, index) =>
    'href' in part ? (
      <a key={index} href={part.href} target="_blank" rel="noopener noreferrer">
        {textNodes(part.text)}
      </a>
    ) : (
      textNodes(part.text)
    ),
  );
}
