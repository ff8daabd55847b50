/**
 * The first number in a validated querystring that is not a safe integer. Ajv's
 * type coercion turns "1e400" into Infinity and lets it through `integer` and
 * `maximum`, and SQLite then fails on it: routes check their numbers here too.
 */
export function unsafeNumber(query: Record<string, unknown>): string | undefined {
  return Object.keys(query).find((name) => {
    const value = query[name];
    return typeof value === 'number' && !Number.isSafeInteger(value);
  });
}
