import { type Static, Type } from 'typebox';
import { type Attachment, CardSubmit, LoggedEvent, MessageStatus } from './events.js';
import {
  MAX_ATTACHMENTS_PER_MESSAGE,
  MAX_MESSAGE_LENGTH,
  MAX_QUICK_REPLY_PAYLOAD_LENGTH,
  TRANSCRIPT_PAGE,
} from './limits.js';

/**
 * What the widget sends the proxy under /v1 and what it gets back: the schemas
 * the proxy validates and serializes with, and the types derived from them (the
 * widget imports the types only). The routes themselves: widget-routes.ts.
 */

export const ConversationParams = Type.Object({
  conversationId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
});

export const VisitorDetails = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    email: Type.Optional(Type.String({ maxLength: 320, format: 'email' })),
    phone: Type.Optional(Type.String({ maxLength: 40, pattern: '^[0-9+() .-]*$' })),
  },
  { additionalProperties: false },
);
export type VisitorDetails = Static<typeof VisitorDetails>;

/** POST /v1/conversations */
export const CreateConversationRequest = Type.Object(
  {
    visitor: Type.Optional(VisitorDetails),
    locale: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$' })),
    variables: Type.Optional(
      Type.Record(Type.String(), Type.String({ maxLength: 500 }), {
        maxProperties: 30,
        propertyNames: { pattern: '^[A-Za-z0-9_$-]{1,100}$' },
      }),
    ),
    department: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9-]{1,40}$',
        description:
          'A department id of GET /v1/availability: routes the chat to its queue or script.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateConversationRequest = Static<typeof CreateConversationRequest>;

/**
 * The files a visitor may send (ATTACHMENT_TYPES, ATTACHMENT_MAX_BYTES), or null
 * when attachments are off or the 8x8 API takes none. In the conversation's
 * credentials and in GET /v1/availability, so the widget can say so before a chat.
 */
export const AttachmentLimits = Type.Union(
  [
    Type.Object({
      maxBytes: Type.Integer({ description: 'The largest file, in bytes.' }),
      types: Type.Array(Type.String(), { description: 'The MIME types taken.' }),
    }),
    Type.Null(),
  ],
  { description: 'null when attachments are off or the 8x8 API takes none.' },
);
export type AttachmentLimits = Static<typeof AttachmentLimits>;

/** What the proxy accepts, so the widget can say so before the visitor tries. */
export const WidgetLimits = Type.Object(
  {
    maxMessageLength: Type.Integer(),
    attachments: AttachmentLimits,
    survey: Type.Optional(
      Type.Union([Type.Literal('stars'), Type.Literal('thumbs')], {
        description:
          'The survey offered after the chat ends, on this scale; absent when SURVEY=off.',
      }),
    ),
  },
  { title: 'WidgetLimits' },
);
export type WidgetLimits = Static<typeof WidgetLimits>;

export const ConversationCredentials = Type.Object(
  {
    conversationId: Type.String(),
    token: Type.String({ description: 'Bearer token for every /v1 call on this conversation.' }),
    streamToken: Type.String({
      description: 'For the event stream URL only (EventSource cannot send headers).',
    }),
    expiresAt: Type.String({ format: 'date-time' }),
    limits: WidgetLimits,
  },
  { title: 'ConversationCredentials' },
);
export type ConversationCredentials = Static<typeof ConversationCredentials>;

/** POST /v1/conversations/{id}/messages: text, attachments uploaded before, or both. */
export const SendMessageRequest = Type.Object(
  {
    clientMessageId: Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' }),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_MESSAGE_LENGTH })),
    attachmentIds: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
        minItems: 1,
        maxItems: MAX_ATTACHMENTS_PER_MESSAGE,
      }),
    ),
    quickReplyPayload: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: MAX_QUICK_REPLY_PAYLOAD_LENGTH,
        description:
          "The visitor chose a quick reply: `text` is its title, this its `payload` (8x8's postback). On the Chat Gateway it goes to 8x8 with the message, so a bot behind 8x8 can route on it; the legacy API carries the text only.",
      }),
    ),
    /**
     * The visitor submitted a card (`text` says what they chose): on the Chat
     * Gateway it goes to 8x8 as the `adaptiveCard/action` value and the card's
     * action-submit; the legacy API carries the text only. The message named
     * locks its cards, also after a reload.
     */
    cardSubmit: Type.Optional(CardSubmit),
  },
  {
    additionalProperties: false,
    anyOf: [{ required: ['text'] }, { required: ['attachmentIds'] }],
    dependencies: { quickReplyPayload: ['text'], cardSubmit: ['text'] },
  },
);
export type SendMessageRequest = Static<typeof SendMessageRequest>;

/**
 * 202 from POST /v1/conversations/{id}/messages. `pending` means the proxy holds
 * the message in its outbox and keeps trying; `message-status` events follow. A
 * repeat of the same clientMessageId answers the same, and posts nothing.
 */
export const SendMessageResponse = Type.Object(
  {
    clientMessageId: Type.String(),
    status: MessageStatus,
    reason: Type.Optional(
      Type.String({ description: 'Why it is pending or failed, in words the widget may show.' }),
    ),
  },
  { title: 'SendMessageResponse' },
);
export type SendMessageResponse = Static<typeof SendMessageResponse>;

/** POST /v1/conversations/{id}/typing (the widget debounces; the proxy forwards "on" only). */
export const TypingRequest = Type.Object(
  { typing: Type.Boolean() },
  { additionalProperties: false },
);
export type TypingRequest = Static<typeof TypingRequest>;

/**
 * POST /v1/conversations/{id}/attachments: the raw file as the body, its type as
 * Content-Type and its name in the `filename` query parameter. Answers 201 with
 * the attachment, whose id then goes in a message's attachmentIds.
 */
export const UploadQuery = Type.Object({ filename: Type.String({ minLength: 1, maxLength: 255 }) });
export type UploadedAttachment = Attachment;

/** GET /v1/conversations/{id}/attachments/{attachmentId}/content */
export const AttachmentParams = Type.Object({
  conversationId: ConversationParams.properties.conversationId,
  // 8x8's ids are opaque: any printable characters but the URL's own.
  attachmentId: Type.String({ pattern: '^[^\\s/?#\\\\\\u0000-\\u001f]{1,200}$' }),
});

export const AttachmentQuery = Type.Object({
  token: Type.Optional(
    Type.String({ maxLength: 1024, description: 'The file token the link was made with.' }),
  ),
  name: Type.Optional(
    Type.String({
      maxLength: 255,
      description: 'The name to save it under, when 8x8 names none (cleaned before use).',
    }),
  ),
});

/** GET /v1/conversations/{id}/transcript */
export const TranscriptQuery = Type.Object({
  after: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: TRANSCRIPT_PAGE.max, default: TRANSCRIPT_PAGE.default }),
  ),
});

export const TranscriptPage = Type.Object(
  {
    events: Type.Array(LoggedEvent),
    next: Type.Optional(
      Type.Integer({ description: 'Pass as `after` to read the next page; absent on the last.' }),
    ),
  },
  { title: 'TranscriptPage' },
);
export type TranscriptPage = Static<typeof TranscriptPage>;

/** GET /v1/conversations/{id}/events */
export const EventStreamQuery = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 512, description: 'The stream token.' })),
  // After a page reload there is no Last-Event-ID header: the widget passes its last id here.
  lastEventId: Type.Optional(
    Type.Integer({ minimum: 0, description: 'Resume after this id (when no Last-Event-ID).' }),
  ),
});

/**
 * POST /v1/conversations/{id}/read: the visitor has seen everything up to this
 * event (the widget batches; a repeat or an older id is a no-op).
 */
export const ReadRequest = Type.Object(
  { lastReadEventId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type ReadRequest = Static<typeof ReadRequest>;
