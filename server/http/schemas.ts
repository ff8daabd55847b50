/** JSON schemas shared by several route plugins. */

export const conversationParams = {
  type: 'object',
  required: ['conversationId'],
  properties: { conversationId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } },
} as const;

export type ConversationRoute = { Params: { conversationId: string } };

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
