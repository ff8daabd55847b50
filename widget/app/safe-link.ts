/**
 * Links from outside (8x8's messages, cards) shown so that they cannot fool the
 * visitor: only safe schemes, the real host. Apart from safe-display.ts because
 * only the formatted-text and card chunks need it: the first open does not carry it.
 */
import { remembered } from './remembered.js';

export interface DisplayLink {
  readonly href: string;
  /** What the link says: its real host, readable. */
  readonly text: string;
}

const SCHEMES = ['http:', 'https:', 'mailto:', 'tel:'];

/**
 * A link for text that looks like one, or undefined when it should stay plain text: not
 * http(s), mailto or tel, or with a user name before the host (`https://bank.example@evil/`
 * goes to `evil`). The text shown is what was written when it shows the host the link goes
 * to; otherwise (a host in mixed scripts, an encoded host) the URL as the browser reads it,
 * with the host in its ASCII (punycode) form.
 */
export const displayLink = remembered(checkedLink);

// Remembered: a card or a message drawn again checks each of its links once (URL parsing, scripts).
function checkedLink(raw: string): DisplayLink | undefined {
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
