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
  /** The Chat Gateway webhooks' mapping state of one 8x8 conversation. */
  gatewayState: (upstreamId: string) => `gateway-state:${upstreamId}`,
  /** What the proxy posted to one 8x8 conversation lately, to know its echoes. */
  ownSends: (upstreamId: string) => `own-sends:${upstreamId}`,
  /** Slot `slot` of the webhooks kept for an 8x8 conversation not known yet. */
  earlyEvent: (upstreamId: string, slot: number) => `early:${upstreamId}:${slot}`,
  /** Set once a webhook (by its 8x8 event id) was kept for a conversation not known yet. */
  earlyEventSeen: (eventId: string) => `early-seen:${eventId}`,
  /** Set while the visitor's typing was told to 8x8 a moment ago. */
  typing: (conversationId: string) => `typing:${conversationId}`,
  /** The last event id the visitor has seen, as told to 8x8 (read receipts). */
  readMark: (conversationId: string) => `read-mark:${conversationId}`,
  /** The metadata of a file the conversation uploaded. */
  attachment: (conversationId: string, attachmentId: string) =>
    `attachment:${conversationId}:${attachmentId}`,
  /** Which delivery worker is trying a delivery (Deliveries) right now. */
  deliveryLease: (deliveryId: string) => `delivery-lease:${deliveryId}`,
  // queue waits
  /** What 8x8's real-time statistics said of a queue lately, shared by every instance. */
  queueWait: (queueId: string) => `queue-wait:${queueId}`,
  /** Held by the one instance asking 8x8 about a queue this interval. */
  queueWaitClaim: (queueId: string) => `queue-wait-claim:${queueId}`,
};

/**
 * Every value key that belongs to one conversation, for deleting its data on
 * request: its typing throttle by name, its uploads by prefix (`…:<id>:`, so no
 * other conversation's id can match).
 */
export function conversationValueKeys(conversationId: string) {
  return {
    keys: [valueKey.typing(conversationId)],
    prefixes: [valueKey.attachment(conversationId, '')],
  };
}

/** Key of `RateCounters`: one limit's count for one subject (an address, a conversation). */
export const rateKey = (limit: string, subject: string) => `rate:${limit}:${subject}`;
