import type { ComponentChildren } from 'preact';
import { linkify } from '../linkify.js';
import { plainText, textChunks } from '../safe-display.js';

/**
 * Text from outside as text nodes, as SafeText draws it (no bidi controls, long
 * runs in pieces: safe-display.ts), but as its parent's children rather than a
 * component of its own: a card of 200 elements draws thousands of pieces of
 * text, and a component each was most of its render time.
 */
export const textNodes = (text: string): string[] => textChunks(plainText(text));

/** Text with its bare links made safe links (linkify.ts, safe-link.ts); never HTML. */
export function linkedNodes(text: string): ComponentChildren[] {
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
