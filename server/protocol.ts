/**
 * The widget ⇄ proxy contract (JSON under /v1, events over SSE).
 *
 * Types only: the widget imports this file with `import type`, so nothing here
 * may exist at run time. The proxy's JSON schemas in http/ must agree with it.
 *
 * Routes (`{id}` is the conversationId; "api token" is `Authorization: Bearer <token>`):
 *   POST /v1/conversations                  CreateConversationRequest → 201 ConversationCredentials
 *   POST /v1/conversations/{id}/token       api token → 200 ConversationCredentials (refreshed expiry)
 *   POST /v1/conversations/{id}/messages    api token, SendMessageRequest → 202 SendMessageResponse
 *   POST /v1/conversations/{id}/typing      api token, TypingRequest → 204
 *   POST /v1/conversations/{id}/attachments api token, the file as body → 201 UploadedAttachment
 *   POST /v1/conversations/{id}/close       api token → 204 (closing twice is fine)
 *   GET  /v1/conversations/{id}/transcript  api token, ?after&limit → 200 TranscriptPage
 *   GET  /v1/conversations/{id}/events      ?token=<streamToken>&lastEventId → 200 text/event-stream
 *
 * Errors are always Problem (application/problem+json):
 *   400 invalid body/query/path (unknown fields included), naming the field
 *   401 token missing, malformed, not signed by this proxy, expired, for another
 *       conversation, of the wrong scope, or revoked (the detail says which)
 *   403 Origin not in ALLOWED_ORIGINS (or no Origin on a POST); attachments disabled
 *   409 the conversation is closed (messages, typing, attachments)
 *   413 body over the route's limit (16 KB create, 32 KB message, 1 KB typing/close/token,
 *       the attachment limit for uploads)
 *   415 unsupported content type, or a file type not allowed
 *   429 a rate limit (per address, then per conversation); `Retry-After` in seconds
 *   502 8x8 refused the call; 503 8x8 unavailable, with `Retry-After`
 * Every answer carries `X-Request-Id` (quote it in bug reports).
 *
 * The event stream answers 200 whenever the token is good: at a stream cap, or
 * while the proxy shuts down, the 200 carries only a comment and a `retry:` (long
 * at a cap, short at shutdown) and ends; EventSource then reconnects by itself.
 */

/** Who said or did something, as the visitor's widget needs to know it. */
export type Role = 'visitor' | 'agent' | 'bot' | 'system';

export type ConversationState = 'created' | 'queued' | 'active' | 'idle' | 'closed';

export interface Attachment {
  id: string;
  name: string;
  kind: 'image' | 'video' | 'audio' | 'file';
  url?: string;
  sizeInBytes?: number;
}

export interface QuickReply {
  title: string;
  payload: string;
}

/** A Parley event, normalised from either 8x8 API or made by the proxy itself. */
export type ParleyEvent =
  | { type: 'conversation'; state: ConversationState; queueName?: string; position?: number }
  | {
      type: 'participant';
      change: 'joined' | 'left';
      role: Role;
      participantId?: string;
      name?: string;
    }
  | { type: 'transferred' }
  | {
      type: 'message';
      messageId: string;
      role: Role;
      authorName?: string;
      text: string;
      attachments: Attachment[];
      quickReplies?: QuickReply[];
      /** Set on the visitor's own messages, so the widget can match its optimistic copy. */
      clientMessageId?: string;
      /**
       * When 8x8 says the message was sent (the webhook's `timestamp`). Webhooks can arrive
       * out of order; the widget places 8x8's messages by this, not by arrival.
       */
      sentAt?: string;
    }
  | { type: 'typing'; role: Role; typing: boolean }
  | {
      /**
       * Where a visitor's message stands. `pending` comes (once, with a reason) when
       * 8x8 could not take it yet and the proxy keeps retrying it from its outbox;
       * `sent` when 8x8 took it; `failed` (with a reason to show) when 8x8 refused
       * it for good, it waited past the proxy's give-up deadline, or the chat ended
       * first. Each status comes at most once per client message id.
       */
      type: 'message-status';
      clientMessageId: string;
      status: 'pending' | 'sent' | 'failed';
      reason?: string;
    };

export type ParleyEventType = ParleyEvent['type'];

/**
 * Sent on the stream, with no id, when the asked-for Last-Event-ID is older than
 * the history the proxy keeps: the events that follow are all it has, so the
 * widget should drop what it shows and reload the transcript.
 */
export interface StreamReset {
  type: 'reset';
}

/** An event as the log stores it and the stream sends it: `id` is increasing per conversation. */
export type LoggedEvent = ParleyEvent & { id: number; at: string };

export interface VisitorDetails {
  name?: string;
  email?: string;
  phone?: string;
}

/** POST /v1/conversations */
export interface CreateConversationRequest {
  visitor?: VisitorDetails;
  locale?: string;
  variables?: Record<string, string>;
}

export interface ConversationCredentials {
  conversationId: string;
  /** Bearer token for every /v1 call on this conversation. */
  token: string;
  /** Token for the event stream URL only (EventSource cannot send headers). */
  streamToken: string;
  expiresAt: string;
  limits: WidgetLimits;
}

/** What the proxy accepts, so the widget can say so before the visitor tries. */
export interface WidgetLimits {
  maxMessageLength: number;
  /** null when the contact center API takes no attachments (the legacy Chat API). */
  attachments: { maxBytes: number; types: string[] } | null;
}

/** POST /v1/conversations/{id}/messages: text, attachments uploaded before, or both. */
export interface SendMessageRequest {
  clientMessageId: string;
  text?: string;
  attachmentIds?: string[];
}

/** POST /v1/conversations/{id}/typing (the widget debounces; the proxy forwards "on" only). */
export interface TypingRequest {
  typing: boolean;
}

/**
 * POST /v1/conversations/{id}/attachments: the raw file as the body, its type as
 * Content-Type and its name in the `filename` query parameter. Answers 201 with
 * the attachment, whose id then goes in a message's attachmentIds.
 */
export type UploadedAttachment = Attachment;

/**
 * 202 from POST /v1/conversations/{id}/messages. `pending` means the proxy holds
 * the message in its outbox and keeps trying; `message-status` events follow. A
 * repeat of the same clientMessageId answers the same, and posts nothing.
 */
export interface SendMessageResponse {
  clientMessageId: string;
  status: 'pending' | 'sent' | 'failed';
  /** Why it is pending or failed, in words the widget may show. */
  reason?: string;
}

/** GET /v1/conversations/{id}/transcript */
export interface TranscriptPage {
  events: LoggedEvent[];
  /** Pass as `after` to read the next page; absent on the last page. */
  next?: number;
}

/**
 * RFC 9457 problem details, as every error from the proxy is shaped. A 429 (rate
 * limit) and a 503 (8x8 unavailable, proxy shutting down) carry `Retry-After`
 * (seconds) in their headers.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
}
