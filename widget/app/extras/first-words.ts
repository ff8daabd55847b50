/** Words of a message a desktop notification may show: the rest stays in the panel. */
const MAX_WORDS = 8;
const MAX_CHARS = 60;

/**
 * The start of a message for a notification (which other people near the screen
 * may read, and the system may keep in its notification centre): at most a few
 * words, cut with an ellipsis.
 */
export function firstWords(text: string): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let start = words.slice(0, MAX_WORDS).join(' ');
  if (start.length > MAX_CHARS) start = start.slice(0, MAX_CHARS).trimEnd();
  return start.length < words.join(' ').length ? `${start}…` : start;
}
