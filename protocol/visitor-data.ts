import { type Static, Type } from 'typebox';
import { Attachment, LoggedEvent } from './events.js';

/**
 * The visitor's own data: the rating after a chat (the survey) and the
 * conversation's export. The routes: visitor-data-routes.ts.
 */

export const MAX_RATING_COMMENT_LENGTH = 1000;

/** POST /v1/conversations/{id}/rating */
export const RatingRequest = Type.Object(
  {
    scale: Type.Union([Type.Literal('stars'), Type.Literal('thumbs')], {
      description: '`stars`: 1–5. `thumbs`: 1 (down) or 5 (up).',
    }),
    score: Type.Integer({ minimum: 1, maximum: 5 }),
    comment: Type.Optional(Type.String({ maxLength: MAX_RATING_COMMENT_LENGTH })),
  },
  { additionalProperties: false, title: 'RatingRequest' },
);
export type RatingRequest = Static<typeof RatingRequest>;

export const Rating = Type.Object(
  {
    conversationId: Type.String(),
    scale: Type.Union([Type.Literal('stars'), Type.Literal('thumbs')]),
    score: Type.Integer({ minimum: 1, maximum: 5 }),
    comment: Type.Optional(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { title: 'Rating' },
);
export type Rating = Static<typeof Rating>;

/** A message of the export: what was said, by whom, when. */
export const ExportedMessage = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  role: Type.String(),
  text: Type.String(),
  attachments: Type.Array(Attachment),
});
export type ExportedMessage = Static<typeof ExportedMessage>;

/** GET /v1/conversations/{id}/data */
export const ConversationExport = Type.Object(
  {
    conversationId: Type.String(),
    createdAt: Type.String(),
    status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
    events: Type.Array(LoggedEvent, { description: 'The whole kept event log, oldest first.' }),
    messages: Type.Array(ExportedMessage, { description: 'The messages among the events.' }),
    uploads: Type.Array(Attachment, { description: 'The files sent, as metadata (no content).' }),
    rating: Type.Union([Rating, Type.Null()]),
  },
  { title: 'ConversationExport' },
);
export type ConversationExport = Static<typeof ConversationExport>;
