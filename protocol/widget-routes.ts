import { type TSchema, Type } from 'typebox';
import { Attachment } from './events.js';
import { BODY_LIMITS } from './limits.js';
import { json, media, problem, type RouteContract } from './route-contract.js';
import {
  AttachmentParams,
  AttachmentQuery,
  ConversationCredentials,
  ConversationParams,
  CreateConversationRequest,
  EventStreamQuery,
  ReadRequest,
  SendMessageRequest,
  SendMessageResponse,
  TranscriptPage,
  TranscriptQuery,
  TypingRequest,
  UploadQuery,
} from './widget-api.js';

/**
 * The widget API's routes (under /v1), each one's whole contract: see
 * route-contract.ts. `{id}` is the conversationId; the conversation token is
 * `Authorization: Bearer <token>`. Every answer carries `X-Request-Id` (quote it
 * in bug reports).
 */

export const tags = ['widget'];
export const conversationToken = [{ conversationToken: [] }];

const kb = (bytes: number) => `${bytes / 1024} KB`;
export const BAD_REQUEST = problem(
  'The request does not match the schema (unknown fields included); `detail` says where.',
);
export const UNAUTHORIZED = problem(
  'The token is missing, malformed, not signed by this proxy, expired, for another conversation, of the wrong scope, or revoked; `detail` says which.',
);
export const FORBIDDEN = problem(
  'The page’s Origin is not in ALLOWED_ORIGINS (or a POST came with no Origin).',
);
export const CLOSED = problem('The conversation has ended.');
const TOO_LARGE = (bytes: number) => problem(`The body is over ${kb(bytes)}.`);
const NOT_JSON = problem('The body is not application/json.');
export const RATE_LIMITED = problem(
  'A rate limit (per address, then per conversation); wait `Retry-After` seconds.',
);
const REFUSED = problem('8x8 refused the call.');
export const UNAVAILABLE = problem(
  '8x8 is unavailable, the store cannot write, or the proxy is shutting down; retry after `Retry-After` seconds.',
);

/** How any call on a conversation may be refused. */
export const REFUSED_CALL = { 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN };
/** …and one that posts JSON (or nothing) within `bytes`. */
export const refusedPost = (bytes: number) => ({
  ...REFUSED_CALL,
  413: TOO_LARGE(bytes),
  415: NOT_JSON,
});

/** A signal from the visitor on the conversation (typing, read) that the proxy notes: 204. */
function signal<Body extends TSchema>(summary: string, description: string, body: Body) {
  return {
    summary,
    description,
    tags,
    security: conversationToken,
    params: ConversationParams,
    body,
    response: {
      204: { description: 'Noted.' },
      ...refusedPost(BODY_LIMITS.small),
      409: CLOSED,
      429: RATE_LIMITED,
    },
  } satisfies RouteContract;
}

export const createConversation = {
  summary: 'Start a conversation',
  description:
    'Creates the conversation with 8x8 and answers its id and tokens. Nothing is created before the visitor writes.',
  tags,
  body: CreateConversationRequest,
  response: {
    201: json('Created.', ConversationCredentials),
    400: BAD_REQUEST,
    403: FORBIDDEN,
    413: TOO_LARGE(BODY_LIMITS.createConversation),
    415: NOT_JSON,
    429: RATE_LIMITED,
    502: REFUSED,
    503: UNAVAILABLE,
  },
} satisfies RouteContract;

export const refreshToken = {
  summary: 'Renew the tokens',
  description: 'Answers the credentials again, with a later expiry; the old tokens keep working.',
  tags,
  security: conversationToken,
  params: ConversationParams,
  response: {
    200: json('Fresh tokens.', ConversationCredentials),
    ...refusedPost(BODY_LIMITS.small),
  },
} satisfies RouteContract;

export const sendMessage = {
  summary: 'Send a message',
  description:
    'Idempotent per clientMessageId: a repeat answers the same and posts nothing. `pending` means the proxy keeps retrying; message-status events follow.',
  tags,
  security: conversationToken,
  params: ConversationParams,
  body: SendMessageRequest,
  response: {
    202: json('Taken.', SendMessageResponse),
    ...refusedPost(BODY_LIMITS.sendMessage),
    409: CLOSED,
    429: RATE_LIMITED,
    503: UNAVAILABLE,
  },
} satisfies RouteContract;

export const sendTyping = signal(
  'Say the visitor is typing',
  '8x8 has no "stopped typing" (its indicator times out): only `typing: true` is forwarded, at most every few seconds.',
  TypingRequest,
);

export const uploadAttachment = {
  summary: 'Upload a file',
  description:
    'The raw file is the body, its type the Content-Type, its name the `filename` parameter. Its first bytes must be that type’s (PNG, JPEG, GIF, WebP and PDF signatures; text/* as UTF-8 without NUL bytes). The answered id goes in a message’s attachmentIds.',
  tags,
  security: conversationToken,
  params: ConversationParams,
  querystring: UploadQuery,
  requestBody: {
    required: true,
    content: {
      '*/*': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } },
    },
  },
  response: {
    201: json('Uploaded.', Attachment),
    ...REFUSED_CALL,
    403: problem(
      'The page’s Origin is not in ALLOWED_ORIGINS, or this proxy does not accept attachments.',
    ),
    409: CLOSED,
    413: problem('Larger than ATTACHMENT_MAX_BYTES.'),
    415: problem(
      'A type not in ATTACHMENT_TYPES, or a file whose first bytes are not its type’s (`detail` says what they are).',
    ),
    429: RATE_LIMITED,
    502: REFUSED,
    503: UNAVAILABLE,
  },
} satisfies RouteContract;

export const closeConversation = {
  summary: 'End the conversation (the visitor left)',
  description: 'Closing twice is fine.',
  tags,
  security: conversationToken,
  params: ConversationParams,
  response: {
    204: { description: 'Ended.' },
    ...refusedPost(BODY_LIMITS.small),
  },
} satisfies RouteContract;

export const readTranscript = {
  summary: 'Read the transcript, a page at a time',
  tags,
  security: conversationToken,
  params: ConversationParams,
  querystring: TranscriptQuery,
  response: {
    200: json('A page of events.', TranscriptPage),
    ...REFUSED_CALL,
  },
} satisfies RouteContract;

export const downloadAttachment = {
  summary: 'Download an attachment',
  description:
    'The link every attachment `url` in the transcript and the stream is: the file as 8x8 serves it now (its own pre-signed URL may have expired), streamed. Takes a file token in `token`, made for this one attachment (a link sends no header), valid for TOKEN_TTL_SECONDS; read the transcript again for fresh links. PNG, JPEG, GIF and WebP are served inline (for `<img>`); PDF, plain text and common audio and video as themselves, to download; any other type as application/octet-stream, to download. Always with `X-Content-Type-Options: nosniff`, a sandboxing Content-Security-Policy and `Cross-Origin-Resource-Policy: cross-origin` (the host page shows the images).',
  tags,
  params: AttachmentParams,
  querystring: AttachmentQuery,
  response: {
    200: media(
      '*/*',
      'The file, with `Content-Disposition` (inline or attachment, and its name).',
      // The bytes, streamed as they come from 8x8: whatever the route sends, never serialized.
      Type.Unsafe<unknown>({ type: 'string', contentMediaType: 'application/octet-stream' }),
    ),
    ...REFUSED_CALL,
    404: problem('8x8 has no such attachment in this conversation.'),
    429: RATE_LIMITED,
    502: REFUSED,
    503: UNAVAILABLE,
  },
} satisfies RouteContract;

export const streamEvents = {
  summary: 'The conversation as Server-Sent Events',
  description:
    'Takes the stream token in `token` (EventSource cannot send headers). Resumes after `Last-Event-ID` (header) or `lastEventId` (query). `event: reset` means the asked-for id is older than the kept history: reload the transcript. At a connection cap or during shutdown the answer is still 200, with only a `retry:` line (long at a cap, short at shutdown), and ends; EventSource then reconnects by itself.',
  tags,
  params: ConversationParams,
  querystring: EventStreamQuery,
  response: {
    200: media(
      'text/event-stream',
      'The stream: `id:`, `event:` (the event type) and JSON `data:` (an Event) per event.',
      Type.String(),
    ),
    ...REFUSED_CALL,
  },
} satisfies RouteContract;

export const markRead = signal(
  'Say the visitor has seen the messages',
  "Up to and including `lastReadEventId`. Idempotent: an id at or below the last one told changes nothing. The proxy tells 8x8 (the Chat Gateway's read-receipt call, with the time of that event); the legacy Chat API has no such call, so there it is only noted.",
  ReadRequest,
);

/** CORS preflight of every /v1 route: answered by the origin check itself. */
export const preflight = {
  summary: 'CORS preflight',
  tags,
  hide: true,
  response: { 204: { description: 'Allowed.' }, 403: FORBIDDEN },
} satisfies RouteContract;
