import type { CardSubmit, LoggedEvent, ParleyEvent } from '../../protocol/events.js';
import type { Deliveries } from './deliveries.js';

/**
 * The storage interfaces. Each has an embedded implementation (SQLite plus an
 * in-process bus) and a distributed one (Redis, store/redis/). Everything above this
 * file talks to these interfaces only.
 */

export interface LogRead {
  events: LoggedEvent[];
  /** The asked-for id is older than the kept history: events were trimmed away. */
  gap: boolean;
}

export interface Appended {
  events: LoggedEvent[];
  /** The key was appended before: nothing was written, `events` is empty. */
  duplicate: boolean;
}

/** Per-conversation append-only log: the truth about what happened. */
export interface EventLog {
  /**
   * Appends the events atomically, in order. With a `key` (an 8x8 event id), a
   * second append with the same key writes nothing: storing and deduplicating are
   * one step, so a crash between them can neither lose nor double an event.
   */
  append(conversationId: string, events: ParleyEvent[], key?: string): Promise<Appended>;
  /** Events with id > afterId, oldest first, at most `limit`. */
  readAfter(conversationId: string, afterId: number, limit: number): Promise<LogRead>;
}

/** "Conversation X has a new entry": liveness, to every proxy instance. */
export interface Bus {
  publish(conversationId: string, event: LoggedEvent): void;
  /**
   * Returns the function that unsubscribes. A bus that can lose messages (Redis
   * pub/sub) calls `missed` whenever events may have passed the listener by: the
   * subscription has just become active, or is back after a lost connection. The
   * subscriber then reads the log.
   */
  subscribe(
    conversationId: string,
    listener: (event: LoggedEvent) => void,
    missed?: () => void,
  ): () => void;
}

export interface Session {
  conversationId: string;
  /** The conversation's id at 8x8; absent until 8x8 has answered the create call. */
  upstreamId?: string;
  /**
   * The id 8x8 knows the visitor by (`user.userId`, legacy `customer.customerId`):
   * random per conversation, never the visitor's details. It finds the conversation
   * at 8x8 when a create's answer was lost (docs/8x8.md, "A create never queues twice").
   */
  visitorId?: string;
  createdAt: string;
  status: 'open' | 'closed';
  /** Bumped to revoke every token issued before. */
  tokenVersion: number;
  /** 8x8's queue the conversation last waited in (QUEUED), for wait estimates. */
  queueId?: string;
}

export interface Sessions {
  create(session: Session): Promise<void>;
  get(conversationId: string): Promise<Session | undefined>;
  findByUpstreamId(upstreamId: string): Promise<Session | undefined>;
  update(conversationId: string, patch: Partial<Omit<Session, 'conversationId'>>): Promise<void>;
}

/** What `setIfAbsent` found: `first` when this call stored its value, else the value there. */
export type Claim = { first: true } | { first: false; value: string };

/**
 * Values under keys, each forgotten after its time to live: the legacy webhooks'
 * per-conversation state, the typing throttle, uploaded attachments' metadata.
 * The keys are built in keys.ts, so no two uses can collide.
 */
export interface ExpiringValues {
  /** Stores `value` under `key`, whatever was there. */
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Stores `value` under `key` unless a live value is there; then returns that one. */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<Claim>;
  /** The value under a key, unless absent or expired. */
  get(key: string): Promise<string | undefined>;
}

/** A visitor's message on its way to 8x8. The client message id is its key. */
export interface OutboxMessage {
  conversationId: string;
  clientMessageId: string;
  text: string;
  /** 8x8 attachment ids, uploaded before. */
  attachmentIds: string[];
  /** The payload of the quick reply the visitor chose (`text` is its title). */
  quickReplyPayload?: string;
  /** The card the visitor submitted (`text` says what they chose). */
  cardSubmit?: CardSubmit;
  /** Epoch ms when the visitor sent it; the give-up deadline counts from here. */
  createdAt: number;
  status: 'pending' | 'sent' | 'failed';
  /** Calls to 8x8 made for it so far. */
  attempts: number;
  /** Epoch ms before which it is not tried again. */
  nextAttemptAt: number;
  /** Why it is still pending or why it failed, as the widget may show it. */
  reason?: string;
}

/**
 * The visitor's messages 8x8 has not taken yet, one FIFO queue per conversation,
 * kept durably so a restart loses none. A message stays (settled, as sent or
 * failed) for `keepSettledMs` after it settled, so a repeat of its client message
 * id is answered from here and never posted twice.
 */
export interface Outbox {
  /** Queues the message at the end of its conversation's queue, unless its id is known. */
  add(message: OutboxMessage): Promise<{ added: true } | { added: false; existing: OutboxMessage }>;
  get(conversationId: string, clientMessageId: string): Promise<OutboxMessage | undefined>;
  /** The oldest pending message of the conversation: the only one that may be tried. */
  head(conversationId: string): Promise<OutboxMessage | undefined>;
  /** Conversations whose head is due (nextAttemptAt <= now), at most `limit`. */
  due(now: number, limit: number): Promise<string[]>;
  /**
   * Records an attempt: one about to be made (so a crash during the call is known
   * after a restart), or one that failed and will be tried again at nextAttemptAt.
   */
  reschedule(
    conversationId: string,
    clientMessageId: string,
    update: { attempts: number; nextAttemptAt: number; reason?: string },
  ): Promise<void>;
  /** The message left the queue: sent, or failed for good (with a reason). */
  settle(
    conversationId: string,
    clientMessageId: string,
    outcome: { status: 'sent' | 'failed'; attempts: number; reason?: string },
  ): Promise<void>;
  /**
   * Takes the conversation's queue for `ttlMs`, so that one worker of one instance
   * delivers it at a time; true when taken (or already held by `holder`).
   */
  lease(conversationId: string, holder: string, ttlMs: number): Promise<boolean>;
  release(conversationId: string, holder: string): Promise<void>;
  /** Pending messages, all conversations (for /metrics). */
  depth(): Promise<number>;
}

/** Fixed-window counters shared by every instance: the rate limits. */
export interface RateCounters {
  /**
   * Counts one hit on `key` in the current window of `windowMs` and answers the
   * count so far and how long until the window resets.
   */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
}

/** How the visitor rated the chat after it ended: one per conversation. */
export interface Rating {
  conversationId: string;
  /** 1–5 on the `stars` scale; 1 (down) or 5 (up) on the `thumbs` scale. */
  score: number;
  scale: 'stars' | 'thumbs';
  comment?: string;
  /** ISO 8601. */
  createdAt: string;
}

/** The visitors' ratings, kept as long as their conversation's events. */
export interface Ratings {
  /** Stores the rating unless its conversation has one; false (nothing written) when it had. */
  add(rating: Rating): Promise<boolean>;
  get(conversationId: string): Promise<Rating | undefined>;
  /** Ratings made at or after `since` (ISO 8601), oldest first. */
  since(since: string): Promise<Rating[]>;
}

/** What the store keeps and for how long. */
export interface Retention {
  /** Events kept per conversation; older ones are trimmed. */
  maxEventsPerConversation: number;
  /** Events older than this are trimmed, and conversations with nothing left are forgotten. */
  maxEventAgeMs: number;
  /** How long a settled outbox message answers repeats of its client message id. */
  keepSettledMessagesMs: number;
}

export interface Store {
  events: EventLog;
  bus: Bus;
  sessions: Sessions;
  values: ExpiringValues;
  outbox: Outbox;
  rates: RateCounters;
  ratings: Ratings;
  /**
   * Deletes everything kept about one conversation (the visitor asked): its event
   * log, session, outbox, uploads' metadata and rating. Its tokens then find no
   * session, so they are revoked. Forgetting twice is fine.
   */
  forget(conversationId: string): Promise<void>;
  /** Offline messages and transcript emails, kept until delivered (deliveries.ts). */
  deliveries: Deliveries;
  /** True when the store can serve reads and writes (for /readyz). */
  ready(): Promise<boolean>;
  /**
   * Applies the age limits of the retention (counts are applied on every append):
   * trims old events, forgets conversations with nothing left, drops expired keys.
   * A store whose entries expire by themselves (Redis TTLs) may do little here.
   */
  sweep(now: number): Promise<void>;
  close(): Promise<void>;
}
