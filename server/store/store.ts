import type { LoggedEvent, ParleyEvent } from '../protocol.js';

/**
 * The storage interfaces. Each has an embedded implementation (SQLite plus an
 * in-process bus) and, later, a distributed one (Redis). Everything above this
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
  /** Returns the function that unsubscribes. */
  subscribe(conversationId: string, listener: (event: LoggedEvent) => void): () => void;
}

export interface Session {
  conversationId: string;
  /** The conversation's id at 8x8; absent until 8x8 has answered the create call. */
  upstreamId?: string;
  createdAt: string;
  status: 'open' | 'closed';
  /** Bumped to revoke every token issued before. */
  tokenVersion: number;
}

export interface Sessions {
  create(session: Session): Promise<void>;
  get(conversationId: string): Promise<Session | undefined>;
  findByUpstreamId(upstreamId: string): Promise<Session | undefined>;
  update(conversationId: string, patch: Partial<Omit<Session, 'conversationId'>>): Promise<void>;
}

export type Claim = { first: true } | { first: false; value: string };

/** Remembers keys for a while, with a value: the visitor's client message ids and their result. */
export interface Dedupe {
  /** Stores `value` under `key` unless the key is already there; then returns what is. */
  claim(key: string, value: string, ttlSeconds: number): Promise<Claim>;
  /** Replaces the value of a key already claimed (the result of a send, once known). */
  settle(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** The value under a key, unless absent or expired. */
  get(key: string): Promise<string | undefined>;
}

export interface Store {
  events: EventLog;
  bus: Bus;
  sessions: Sessions;
  dedupe: Dedupe;
  /** True when the store can serve reads and writes (for /readyz). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
