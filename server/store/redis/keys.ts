/**
 * Key names. Every key of one conversation carries the conversation id as a
 * Redis Cluster hash tag (`{id}`), so they all live in one slot and one Lua
 * script may touch them together. The few keys shared by all conversations carry
 * their own tags and are only ever touched one tag at a time.
 */
export function conversationKeys(conversationId: string) {
  const tag = `parley:{${conversationId}}`;
  return {
    /** The event log: a Redis Stream whose entry ids are `<event id>-0`. */
    events: `${tag}:events`,
    /** Hash: `last` (the last id given) and `trimmed` (ids up to it were trimmed). */
    log: `${tag}:log`,
    /** Sorted set: keys of appends (8x8 event ids), scored by the first id they wrote. */
    appendKeys: `${tag}:append-keys`,
    /** Hash: the session. */
    session: `${tag}:session`,
    /** List: client message ids of the pending outbox messages, oldest first. */
    outboxQueue: `${tag}:outbox:queue`,
    /** Hash: client message id → next attempt (epoch ms), for the pending messages. */
    outboxNext: `${tag}:outbox:next`,
    /** Set: every client message id the outbox knows for this conversation. */
    outboxIds: `${tag}:outbox:ids`,
    /** Sorted set: settled client message ids, scored by when they settled. */
    outboxSettled: `${tag}:outbox:settled`,
    /** Counter: bumped by every outbox change, to order the updates of the shared indexes. */
    outboxVersion: `${tag}:outbox:version`,
    /** String: which worker holds the queue, with a TTL. */
    outboxLease: `${tag}:outbox:lease`,
    /** String: the visitor's rating (JSON), set once. */
    rating: `${tag}:rating`,
    /** Hash: one outbox message. */
    outboxMessage: (clientMessageId: string) => `${tag}:outbox:message:${clientMessageId}`,
  };
}

export type ConversationKeys = ReturnType<typeof conversationKeys>;

/** Keys shared by all conversations: each group in one slot of its own. */
export const shared = {
  /** Sorted set: conversations, scored by the earliest time something in them may age out. */
  conversations: 'parley:{conversations}:by-age',
  /** Sorted set: conversations whose outbox head is pending, scored by its next attempt. */
  outboxDue: 'parley:{outbox}:due',
  /** Hash: the last outbox version applied to the indexes, per conversation. */
  outboxSeen: 'parley:{outbox}:seen',
  /** Hash: pending messages per conversation. */
  outboxDepths: 'parley:{outbox}:depths',
  /** Counter: pending messages in all. */
  outboxDepth: 'parley:{outbox}:depth',
  /** Sorted set: conversations with settled messages, scored by the oldest settle time. */
  outboxSettled: 'parley:{outbox}:settled',
  /** Sorted set: conversations with a rating, scored by when it was made (epoch ms). */
  ratings: 'parley:{ratings}:by-time',
  upstream: (upstreamId: string) => `parley:upstream:${upstreamId}`,
  /** Pub/sub channel: which session an instance changed (redis/session-changes.ts). */
  sessionChanges: 'parley:session-changes',
  /** An ExpiringValues key; `dedupe`, its first name, stays so existing keys are still found. */
  expiringValue: (key: string) => `parley:dedupe:${key}`,
  rate: (key: string) => `parley:rate:${key}`,
  /** The token-signing secret all instances share when TOKEN_SECRET is not set. */
  tokenSecret: 'parley:token-secret',
  /** Written by the readiness probe (with a short TTL): can the store still write? */
  probe: 'parley:probe',
};

/** Every key of a conversation (but the per-message ones), for TTLs and forgetting. */
export function allConversationKeys(keys: ConversationKeys): string[] {
  return [
    keys.events,
    keys.log,
    keys.appendKeys,
    keys.session,
    keys.outboxQueue,
    keys.outboxNext,
    keys.outboxIds,
    keys.outboxSettled,
    keys.outboxVersion,
  ];
}
