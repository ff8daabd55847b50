/** Small readers for JSON from outside: each returns undefined rather than trusting a shape. */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record(value: unknown): JsonRecord {
  return isRecord(value) ? value : {};
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A non-empty string 8x8 must have sent; a clear error when it did not. */
export function requiredText(value: unknown, what: string): string {
  if (typeof value === 'string' && value !== '') return value;
  throw new Error(`8x8 answered without ${what}`);
}

/** An id 8x8 must have sent: a non-empty string, or a number (read as its decimal text). */
export function requiredId(value: unknown, what: string): string {
  return requiredText(
    typeof value === 'number' && Number.isFinite(value) ? String(value) : value,
    what,
  );
}

/**
 * A URL to hand a browser as a link or an image: http(s) only. A `javascript:`
 * or `data:` "pre-signed URL" from a webhook would run in the host page when clicked.
 */
export function webUrl(value: unknown): string | undefined {
  const given = text(value);
  if (!given) return undefined;
  try {
    const url = new URL(given);
    return url.protocol === 'https:' || url.protocol === 'http:' ? given : undefined;
  } catch {
    return undefined;
  }
}

/** An epoch-milliseconds timestamp (8x8's webhook `timestamp`) as ISO 8601; anything else, undefined. */
export function epochMsToIso(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
