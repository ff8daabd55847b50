import { displayLink } from '../../safe-link.js';

/**
 * Reading a card's JSON, which comes from 8x8 (the proxy limited its size and
 * depth, not its shape): every field is checked where it is read, and a field of
 * the wrong kind reads as absent.
 */
export type Fields = Record<string, unknown>;

export const fields = (value: unknown): Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {};

export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

/** The first of several field names that holds a string (8x8's card shapes name things variously). */
export function firstStr(item: Fields, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = str(item[name]);
    if (value) return value;
  }
  return undefined;
}

/** A link target, through the same allow-list as links in messages; undefined if it is not one. */
export function linkUrl(value: unknown): string | undefined {
  const raw = str(value);
  return raw ? displayLink(raw.trim())?.href : undefined;
}

/** An image source: http(s) only (no data:, no javascript:, no user name before the host). */
export function imageUrl(value: unknown): string | undefined {
  const href = linkUrl(value);
  return href && /^https?:/i.test(href) ? href : undefined;
}

/** A class-name-safe choice from an Adaptive Cards enum (size, weight, color…), lower-cased. */
export function choice(value: unknown, allowed: readonly string[]): string | undefined {
  const given = str(value)?.toLowerCase();
  return given && allowed.includes(given) ? given : undefined;
}
