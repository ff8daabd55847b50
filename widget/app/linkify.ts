import { displayLink } from './safe-link.js';

export type TextPart = { text: string } | { text: string; href: string };

/** Where a link may begin (after a non-word character). Fixed strings: no backtracking. */
const LINK_START = /\b(?:https?:\/\/|www\.|mailto:|tel:)/gi;
/** A link ends at a space, a quote or an angle bracket. */
const ENDS_LINK = /[\s<>"']/;
const TRAILING = '.,;:!?)]}\'"';
const TEL_NUMBER = /\+?[0-9][0-9().-]{2,}/y;

/**
 * Splits message text into plain parts and links. Only http(s), mailto and tel links are
 * made, as safe-display.ts allows them (no user name before the host, the real host shown);
 * everything else (javascript:, data:, markdown-style links) stays plain text. Rendered as
 * text nodes and <a> elements: never as HTML.
 *
 * One pass over the text: each character is looked at a bounded number of times, so a
 * hostile message (50,000 dots after a link, thousands of "mailto:") costs no more than its
 * length. (A regular expression for the whole link backtracked quadratically on those.)
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  /** The word (up to ENDS_LINK) the current candidate is in. */
  let word: Word = { start: -1, end: -1, lastAt: undefined };
  LINK_START.lastIndex = 0;
  for (let match = LINK_START.exec(text); match; match = LINK_START.exec(text)) {
    const start = match.index;
    if (start >= word.end) word = wordFrom(text, start);
    const end = candidateEnd(text, start, match[0].toLowerCase(), word);
    if (end === undefined) continue;
    LINK_START.lastIndex = end;
    let trimmed = end;
    while (trimmed > start && TRAILING.includes(text[trimmed - 1]!)) trimmed--;
    const link = displayLink(text.slice(start, trimmed));
    if (!link) continue;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push(link);
    last = trimmed;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

type Word = { start: number; end: number; lastAt: number | undefined };

function wordFrom(text: string, start: number): Word {
  let end = start;
  while (end < text.length && !ENDS_LINK.test(text[end]!)) end++;
  return { start, end, lastAt: undefined };
}

/** Where the link that starts here ends, before trailing punctuation; undefined if none does. */
function candidateEnd(text: string, start: number, prefix: string, word: Word) {
  const after = start + prefix.length;
  if (prefix === 'tel:') {
    TEL_NUMBER.lastIndex = after;
    return TEL_NUMBER.test(text) ? TEL_NUMBER.lastIndex : undefined;
  }
  if (prefix !== 'mailto:') return word.end > after ? word.end : undefined;
  // An "@" with something on both sides, inside the word; looked for once per word.
  word.lastAt ??= lastAt(text, word);
  return word.lastAt > after ? word.end : undefined;
}

function lastAt(text: string, word: Word): number {
  for (let at = word.end - 2; at > word.start; at--) if (text[at] === '@') return at;
  return -1;
}
