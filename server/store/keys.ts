/**
 * Every key Parley writes into a store, in one place: a prefix per use, so no
 * two uses can collide. (The Redis store's own key names are in redis/keys.ts.)
 */

/** Keys of `EventLog.append`: an append with a key already in the log writes nothing. */
export const appendKey = {
  /** A verified 8x8 webhook, once per `x-8x8-event-id`. */
  upstreamEvent: (eventId: string) => `8x8:${eventId}`,
  /** The visitor's message, once per client message id. */
  visitorMessage: (clientMessageId: string) => `visitor:${clientMessageId}`,
  /** A visitor message's status, once per status. */
  messageStatus: (clientMessageId: string, status: string) => `status:${clientMessageId}:${status}`,
};

/** Keys of `ExpiringValues`. */
export const valueKey = {
  /** The legacy webhooks' mapping state of one 8x8 conversation. */
  legacyState: (upstreamId: string) => `legacy-state:${upstreamId}`,
  /** Set while the visitor's typing was told to 8x8 a moment ago. */
  typing: (conversationId: string) => `typing:${conversationId}`,
  /** The metadata of a file the conversation uploaded. */
  attachment: (conversationId: string, attachmentId: string) =>
    `attachment:${conversationId}:${attachmentId}`,
};

/** Key of `RateCounters`: one limit's count for one subject (an address, a conversation). */
export const rateKey = (limit: string, subject: string) => `rate:${limit}:${subject}`;
