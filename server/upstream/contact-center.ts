import type { Readable } from 'node:stream';
import type { CardSubmit, ParleyEvent, Role } from '../../protocol/events.js';
import type { VisitorDetails } from '../../protocol/widget-api.js';

/**
 * One 8x8 chat API, seen from the relay. Implementations: chat-gateway.ts (the
 * current Chat Gateway v1, the default) and chat-api.ts (the legacy Chat API v2).
 *
 * Every call has a timeout. Each call path is retried by one layer (docs/8x8.md,
 * "Who retries what"): a send is tried once, as the relay's outbox retries it;
 * create, upload, leave and reads retry a few times on their own (backoff with
 * jitter, honouring Retry-After) when 8x8 is unreachable, slow, busy (429) or
 * failing (5xx); never on other 4xx. What still fails surfaces as UpstreamError.
 */
export interface ContactCenter {
  readonly api: 'chat-gateway' | 'chat-api';
  /** What this API can carry besides text. */
  readonly features: { typing: boolean; attachments: boolean; readReceipts: boolean };
  /**
   * Creates the conversation at 8x8, at most once per `visitorId`: after a
   * failure 8x8 may have acted on, it looks the conversation up before it
   * creates another (create-once.ts).
   */
  createConversation(input: NewUpstreamConversation): Promise<{ upstreamId: string }>;
  /**
   * One try at posting the visitor's message: no retries of its own (the outbox
   * is the retry layer). After a failure 8x8 may have acted on (a timeout, a
   * reset connection, a 5xx), the next try reads the conversation back before it
   * posts again. See docs/8x8.md, "A retried send never posts twice".
   */
  sendMessage(upstreamId: string, message: UpstreamMessage): Promise<void>;
  /** The visitor is typing (8x8 has no "stopped": its indicator times out). One try. */
  sendTyping(upstreamId: string): Promise<void>;
  /** The visitor has read everything 8x8 sent up to `readAt` (epoch ms). One try. */
  sendReadReceipt(upstreamId: string, readAt: number): Promise<void>;
  /** Uploads a file the visitor will send; its id goes in a message's attachmentIds. */
  uploadAttachment(upstreamId: string, file: UpstreamFile): Promise<{ id: string }>;
  /**
   * An attachment's bytes as 8x8 serves them now, streamed, not read whole: a
   * pre-signed URL from a webhook expires, this does not. A 404 UpstreamError
   * when 8x8 has no such attachment in the conversation (or the API has none).
   */
  openAttachment(upstreamId: string, attachmentId: string): Promise<AttachmentContent>;
  /** The visitor left: 8x8 ends the interaction and frees the agent. */
  leave(upstreamId: string): Promise<void>;
  /** The conversation as 8x8 has it now, to resync after a gap in webhooks. */
  readConversation(upstreamId: string): Promise<UpstreamSnapshot>;
  /** Is the API reachable (for /readyz)? Never throws. */
  reachable(): Promise<boolean>;
}

export interface UpstreamMessage {
  text?: string;
  attachmentIds?: string[];
  /**
   * The visitor chose a quick reply: `text` is its title, this its postback. Sent
   * where the API can carry it (the Chat Gateway); the legacy API sends the text.
   */
  quickReplyPayload?: string;
  /** The visitor submitted a card: `text` says what they chose (card-submit.ts in the gateway adapter). */
  cardSubmit?: CardSubmit;
  /**
   * Epoch ms of the first attempt to send this very message, when this call
   * retries an earlier one (e.g. from the outbox after a restart): the adapter
   * then checks whether that attempt reached 8x8 before it posts again.
   */
  firstAttemptAt?: number;
}

export interface UpstreamFile {
  name: string;
  contentType: string;
  data: Uint8Array;
}

export interface AttachmentContent {
  /** The bytes as they arrive; destroying it ends the download from 8x8. */
  body: Readable;
  /** As 8x8 labelled it, lowercased, without parameters; 8x8's OAS says application/octet-stream. */
  contentType: string | undefined;
  contentLength: number | undefined;
  /** The name in 8x8's Content-Disposition, when it gave one. */
  fileName: string | undefined;
}

export interface UpstreamSnapshot {
  state: 'created' | 'active' | 'idle';
  /** Oldest first. */
  messages: { id: string; role: Role; text: string; createdAt: string }[];
}

export interface NewUpstreamConversation {
  /**
   * 8x8's id for the visitor (`user.userId`, legacy `customer.customerId`): made
   * by the proxy, random per conversation, never the visitor's details. A create
   * whose answer was lost is looked up by it (create-once.ts).
   */
  visitorId: string;
  visitor: VisitorDetails;
  /** BCP 47, as the browser reports it; mapped onto 8x8's language list. */
  locale?: string;
  variables: Record<string, string>;
  /** What was said before the conversation reached 8x8 (e.g. with a bot), oldest first. */
  history?: { role: 'visitor' | 'bot'; text: string }[];
  /**
   * Where to route it instead of the configured queue or script (a department,
   * the offline queue). The Chat Gateway's `assignment`; the legacy API has none
   * (its channel routes), so it ignores this.
   */
  assignment?: { type: 'queue' | 'script'; id: string };
}

/** What a verified webhook body means for one conversation. */
export interface UpstreamEvents {
  upstreamId: string;
  events: ParleyEvent[];
}

/** A failed call to 8x8, with what the widget may be told about it. */
export class UpstreamError extends Error {
  /** How long 8x8 asked us to wait (Retry-After), when it did. */
  readonly retryAfterMs: number | undefined;
  /**
   * 8x8 may have acted on the request although it failed: it timed out, the
   * connection broke after it was sent, or 8x8 answered 5xx.
   */
  readonly maybeProcessed: boolean;

  constructor(
    message: string,
    /** HTTP status from 8x8, or undefined for a network failure or timeout. */
    readonly status: number | undefined,
    /** Worth trying again later (network, timeout, 429, 5xx). */
    readonly retryable: boolean,
    details: { retryAfterMs?: number; maybeProcessed?: boolean } = {},
  ) {
    super(message);
    this.name = 'UpstreamError';
    this.retryAfterMs = details.retryAfterMs;
    this.maybeProcessed = details.maybeProcessed ?? false;
  }
}
