/**
 * Readers for the attributes a site themes with (data-accent, data-radius,
 * data-font) and the teaser's delay. Each returns undefined for anything that is
 * not plainly what it claims to be, so a value can never carry another CSS
 * declaration, a url() or a var() into the widget's style. They are pure: the
 * browser's CSS.supports is not needed to trust them.
 */

/** CSS-wide keywords and the like: valid CSS, but not a colour or a font the site chose. */
const KEYWORD = /^(inherit|initial|unset|revert|revert-layer|transparent|currentcolor)$/i;

/** A hex colour, a colour keyword, or rgb()/hsl() with numbers only. */
export function colour(value: string): string | undefined {
  const shape =
    /^(#[\da-f]{3,4}|#[\da-f]{6}|#[\da-f]{8}|[a-z]{3,20}|(rgb|hsl)a?\([\d\s.,%/+-]{5,60}\))$/i;
  return shape.test(value) && !KEYWORD.test(value) ? value : undefined;
}

/** A corner radius: 0 to 40px (or em/rem), which keeps the panel a panel. */
export function radius(value: string): string | undefined {
  const match = /^(\d{1,2}(?:\.\d{1,2})?)(px|rem|em)?$/.exec(value);
  if (!match || (match[2] === undefined && match[1] !== '0')) return undefined;
  const px = Number(match[1]) * (match[2] === 'px' || !match[2] ? 1 : 16);
  return px <= 40 ? value : undefined;
}

const FAMILY = `(?:"[\\w .-]{1,60}"|'[\\w .-]{1,60}'|[a-z][\\w-]{0,40}(?: [a-z][\\w-]{0,40}){0,4})`;

/** A font-family list: quoted names or plain words, separated by commas. */
export function fontFamily(value: string): string | undefined {
  // Built here, not at the top: a module-level `new RegExp` would keep this file in the loader's bundle.
  const list = new RegExp(`^${FAMILY}(?:\\s*,\\s*${FAMILY}){0,7}$`, 'i');
  return value.length <= 300 && list.test(value) && !KEYWORD.test(value) ? value : undefined;
}

/** The teaser's delay, in seconds: 0 to 600, at most one decimal. */
export function seconds(value: string): number | undefined {
  return /^\d{1,3}(\.\d)?$/.test(value) && Number(value) <= 600 ? Number(value) : undefined;
}
