/** JSON schemas shared by several route plugins. */

export const conversationParams = {
  type: 'object',
  required: ['conversationId'],
  properties: { conversationId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } },
} as const;

export type ConversationRoute = { Params: { conversationId: string } };
