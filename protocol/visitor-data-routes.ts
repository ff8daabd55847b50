import { BODY_LIMITS } from './limits.js';
import { json, problem, type RouteContract } from './route-contract.js';
import { ConversationExport, Rating, RatingRequest } from './visitor-data.js';
import { ConversationParams } from './widget-api.js';
import {
  BAD_REQUEST,
  conversationToken,
  FORBIDDEN,
  RATE_LIMITED,
  REFUSED_CALL,
  refusedPost,
  tags,
  UNAUTHORIZED,
  UNAVAILABLE,
} from './widget-routes.js';

/** The survey's answer and the visitor's data on request (export, delete), under /v1. */

export const rateConversation = {
  summary: 'Rate the chat (the survey after it ended)',
  description:
    'Once per conversation: a second rating answers 409 and changes nothing. Stored by the proxy, counted in /metrics (`parley_ratings_total`) and posted to 8x8 (docs/8x8.md says how).',
  tags,
  security: conversationToken,
  params: ConversationParams,
  body: RatingRequest,
  response: {
    201: json('Stored.', Rating),
    ...refusedPost(BODY_LIMITS.rating),
    404: problem('The survey is turned off on this proxy (SURVEY=off).'),
    409: problem('The conversation has already been rated.'),
    429: RATE_LIMITED,
    503: UNAVAILABLE,
  },
} satisfies RouteContract;

export const exportConversation = {
  summary: 'Export the visitor’s conversation data',
  description:
    'Everything the proxy keeps about this conversation, as JSON: its event log, its messages, the metadata of the files sent and the rating. 404 once it has been deleted.',
  tags,
  security: conversationToken,
  params: ConversationParams,
  response: {
    200: json('The conversation’s data.', ConversationExport),
    ...REFUSED_CALL,
    404: problem('Nothing is kept for this conversation (deleted, or forgotten by the retention).'),
  },
} satisfies RouteContract;

export const deleteConversation = {
  summary: 'Delete the visitor’s conversation data',
  description:
    'Deletes the event log, session, outbox, uploads’ metadata and rating of this conversation and ends it at 8x8 if still open. Its tokens are revoked: afterwards they can only repeat this call, which answers 204 again (idempotent).',
  tags,
  security: conversationToken,
  params: ConversationParams,
  response: {
    204: { description: 'Deleted (or already deleted).' },
    400: BAD_REQUEST,
    401: UNAUTHORIZED,
    403: FORBIDDEN,
    429: RATE_LIMITED,
  },
} satisfies RouteContract;
