import { text } from './json-read.js';

/**
 * How much text from 8x8 the proxy passes on. A webhook body may be 1 MB, and one unbroken word
 * of that length stalls the visitor's browser while it lays the text out; nothing a person
 * writes in a chat is that long.
 *
 * 8x8 documents no message length for its chat APIs (reference §5: [UNCONFIRMED]); its agent
 * chat window accepts 5000 characters, so that is the cap both ways (the widget API refuses
 * longer visitor messages with the same number).
 */
export const MAX_TEXT_LENGTH = 5000;

/** Display names, file names, queue names and quick-reply titles: a line, not a page. */
export const MAX_NAME_LENGTH = 200;

/** Marks text that was cut, so the visitor sees that there was more. */
export const TRUNCATION_MARK = '…';

/** Told when a text was cut: which field, and how long it was. */
export type OnTruncated = (field: string, length: number) => void;

/**
 * `value` if it is at most `max` characters (UTF-16 code units, as the widget API counts),
 * else its beginning and an ellipsis, `max` in all, never splitting a surrogate pair.
 */
export function capText(value: string, max: number, field: string, onTruncated?: OnTruncated) {
  if (value.length <= max) return value;
  onTruncated?.(field, value.length);
  let end = max - TRUNCATION_MARK.length;
  if (isHighSurrogate(value.charCodeAt(end - 1))) end--;
  return value.slice(0, end) + TRUNCATION_MARK;
}

function isHighSurrogate(code: number) {
  return code >= 0xd800 && code <= 0xdbff;
}

/** A message's text from 8x8, cut at 8x8's own limit. */
export function messageText(value: string, onTruncated?: OnTruncated): string {
  return capText(value, MAX_TEXT_LENGTH, 'text', onTruncated);
}

/** A name from 8x8 (an agent, a queue, a file, a quick reply), cut to a line; undefined if not a string. */
export function nameText(value: unknown, field: string, onTruncated?: OnTruncated) {
  const given = text(value);
  return given === undefined ? undefined : capText(given, MAX_NAME_LENGTH, field, onTruncated);
}
