/**
 * The limits the proxy holds the widget to. The route schemas take them from
 * here; the widget learns `maxMessageLength` from the credentials (`limits`).
 */

/** Characters in one message's text. */
export const MAX_MESSAGE_LENGTH = 5000;

/**
 * Characters of a quick reply's payload the visitor sends back (8x8 documents no
 * limit for a card's postback; a longer one is not an id a bot routes on).
 */
export const MAX_QUICK_REPLY_PAYLOAD_LENGTH = 1000;

/** Attachments one message may send (each uploaded before). */
export const MAX_ATTACHMENTS_PER_MESSAGE = 10;

/** Bytes a request body may have, per route (uploads have ATTACHMENT_MAX_BYTES instead). */
export const BODY_LIMITS = {
  createConversation: 16 * 1024,
  sendMessage: 32 * 1024,
  /** Typing, close and token: a flag or nothing. */
  small: 1024,
  /** The survey's answer: a score and a comment of up to 1000 characters. */
  rating: 8 * 1024,
} as const;

/** Events per transcript page: when the widget does not say, and at most. */
export const TRANSCRIPT_PAGE = { default: 200, max: 500 } as const;
