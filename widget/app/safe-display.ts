/**
 * Showing text and links from outside (8x8's messages, agent names, file names) so that
 * they cannot fool the visitor or freeze the page. Every component that shows such text
 * goes through here.
 */

/**
 * Bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) reorder
 * what follows them: "invoice\u202Efdp.exe" shows as "invoiceexe.pdf".
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** The text without bidi controls: it reads in the order it was written. */
export function plainText(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * Longest unbroken run of characters in one text node. Chromium lays out a long word that
 * may break anywhere by shaping it again for every place it might break, so one word of
 * 30,000 capitals took seconds; in pieces of this size it takes milliseconds.
 */
const MAX_RUN = 64;
const LONG_RUN = /\S{65,}/g;
/** Where a piece may not begin: inside a surrogate pair, on a combining mark, next to a joiner. */
const CONTINUES = /^(?:\p{M}|\p{Emoji_Modifier}|\u200c|\u200d|\ufe0f|[\udc00-\udfff])/u;

/**
 * The text in pieces to render as consecutive text nodes: ordinary words stay whole, a run
 * longer than MAX_RUN is cut every MAX_RUN characters (moved on a little to keep a
 * character whole). The text reads, copies and wraps the same.
 */
export function textChunks(text: string): string[] {
  // Nearly all text: too short to hold a long run.
  if (text.length <= MAX_RUN) return [text];
  const chunks: string[] = [];
  let from = 0;
  for (const run of text.matchAll(LONG_RUN)) {
    const end = run.index + run[0].length;
    for (let cut = run.index + MAX_RUN; cut < end; cut = from + MAX_RUN) {
      const stop = Math.min(end, cut + MAX_RUN / 2);
      while (cut < stop && (CONTINUES.test(text.slice(cut, cut + 2)) || text[cut - 1] === '\u200d'))
        cut++;
      if (cut >= end) break;
      chunks.push(text.slice(from, cut));
      from = cut;
    }
  }
  chunks.push(text.slice(from));
  return chunks;
}

/**
 * An agent's photo as the browser may load it: https, or anything on the proxy's
 * own origin (a path is resolved against the proxy, not the host page); else none.
 */
export function avatarSrc(url: string | undefined, proxy: string): string | undefined {
  try {
    const src = url && new URL(url, proxy);
    if (src && (src.protocol === 'https:' || src.origin === new URL(proxy).origin)) return src.href;
  } catch {}
}
