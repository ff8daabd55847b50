import type { TimelineItem } from '../../chat-state.js';

/**
 * Has the visitor answered the cards of message `key`? Their answer is a message
 * of their own naming it (`cardSubmit.messageId`): pending here, logged in another
 * tab, or replayed by the transcript after a reload. Read from the timeline, so
 * every way of learning it locks the cards the same.
 */
export const answered = (timeline: readonly TimelineItem[], key: string) =>
  timeline.some((item) => item.kind === 'message' && item.cardSubmit?.messageId === key);
