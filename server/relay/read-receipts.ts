import { valueKey } from '../store/keys.js';
import type { Session, Store } from '../store/store.js';
import type { ContactCenter } from '../upstream/contact-center.js';

/** How long the last-read mark is kept: as long as a conversation may sensibly be read. */
const READ_MARK_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * The visitor has seen the conversation up to one event: tell 8x8 once per new
 * mark. Idempotent by the event id (an id at or below the last mark is a no-op),
 * so the widget's retries and its other tabs cost nothing. 8x8 takes a time, not
 * an id (`readAt`: everything up to then counts as read): the event's own time,
 * 8x8's send time where there is one, so a message that came after is not marked.
 * Two concurrent marks may both call 8x8; a read receipt repeated is harmless.
 */
export async function markRead(
  store: Store,
  contactCenter: ContactCenter,
  session: Session,
  lastReadEventId: number,
): Promise<void> {
  const key = valueKey.readMark(session.conversationId);
  const marked = Number(await store.values.get(key)) || 0;
  if (lastReadEventId <= marked) return;
  const { events } = await store.events.readAfter(session.conversationId, lastReadEventId - 1, 1);
  const event = events[0];
  // An id the log has not reached yet is not something the visitor can have seen.
  if (!event || event.id !== lastReadEventId) return;
  await store.values.set(key, String(lastReadEventId), READ_MARK_TTL_SECONDS);
  if (!contactCenter.features.readReceipts || !session.upstreamId) return;
  const at = event.type === 'message' && event.sentAt ? event.sentAt : event.at;
  await contactCenter.sendReadReceipt(session.upstreamId, Date.parse(at));
}
