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

export interface DisplayLink {
  href: string;
  /** What the link says: its real host, readable. */
  text: string;
}

const SCHEMES = ['http:', 'https:', 'mailto:', 'tel:'];

/**
 * A link for text that looks like one, or undefined when it should stay plain text: not
 * http(s), mailto or tel, or with a user name before the host (`https://bank.example@evil/`
 * goes to `evil`). The text shown is what was written when it shows the host the link goes
 * to; otherwise (a host in mixed scripts, an encoded host) the URL as the browser reads it,
 * with the host in its ASCII (punycode) form.
 */
export function displayLink(raw: string): DisplayLink | undefined {
  const web = /^(?:https?:\/\/|www\.)/i.test(raw);
  let url: URL;
  try {
    url = new URL(raw.toLowerCase().startsWith('www.') ? `https://${raw}` : raw);
  } catch {
    return undefined;
  }
  if (!SCHEMES.includes(url.protocol)) return undefined;
  if (!web) return { href: url.href, text: raw };
  const authority = /^(?:https?:\/\/)?([^/?#\\]*)/i.exec(raw)![1]!;
  if (authority.includes('@')) return undefined;
  const host = authority.replace(/:\d*$/, '');
  // A backslash is a slash to the browser, not to a reader ("evil.com\@bank.example").
  const honest =
    !raw.includes('\\') &&
    (host.toLowerCase() === url.hostname || readableHost(host, url.hostname));
  return { href: url.href, text: honest ? raw : url.href };
}

/** An internationalised host shown in its own letters: one script, nothing but letters, digits, dots and hyphens. */
function readableHost(host: string, hostname: string): boolean {
  if (!/^[\p{L}\p{M}0-9.-]+$/u.test(host) || !oneScript(host)) return false;
  try {
    return new URL(`https://${host}`).hostname === hostname;
  } catch {
    return false;
  }
}

const SCRIPTS = (
  'Latn Grek Cyrl Armn Hebr Arab Syrc Thaa Deva Beng Guru Gujr Orya Taml Telu Knda Mlym Sinh ' +
  'Thai Laoo Tibt Mymr Geor Hang Ethi Cher Khmr Mong Hira Kana Bopo Hani'
)
  .split(' ')
  .map((script) => ({ script, pattern: new RegExp(`\\p{scx=${script}}`, 'u') }));

/** Scripts written together (Unicode's "highly restrictive" level, UTS #39). */
const MIXES = ['Latn Hani Hira Kana', 'Latn Hani Hang', 'Latn Hani Bopo'];

/** Are the host's letters all of one script (or one of the usual CJK mixes)? Look-alikes from two scripts are not. */
function oneScript(host: string): boolean {
  const seen = new Set<string>();
  for (const letter of host.match(/\p{L}/gu) ?? []) {
    const found = SCRIPTS.find(({ pattern }) => pattern.test(letter));
    if (!found) return false;
    seen.add(found.script);
  }
  return seen.size <= 1 || MIXES.some((mix) => [...seen].every((script) => mix.includes(script)));
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
