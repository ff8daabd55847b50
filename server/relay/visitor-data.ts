import type { Attachment, LoggedEvent } from '../../protocol/events.js';
import type { ConversationExport, ExportedMessage } from '../../protocol/visitor-data.js';
import type { Store } from '../store/store.js';

/** Events read per page while exporting: the log is read whole, a page at a time. */
const PAGE = 500;

/** Everything kept about one conversation, or undefined when nothing is (deleted, forgotten). */
export async function exportConversation(
  store: Store,
  conversationId: string,
): Promise<ConversationExport | undefined> {
  const session = await store.sessions.get(conversationId);
  if (!session) return undefined;
  const events: LoggedEvent[] = [];
  for (let after = 0; ; ) {
    const page = await store.events.readAfter(conversationId, after, PAGE);
    events.push(...page.events);
    const last = page.events.at(-1);
    if (!last || page.events.length < PAGE) break;
    after = last.id;
  }
  const messages: ExportedMessage[] = [];
  const uploads = new Map<string, Attachment>();
  for (const event of events) {
    if (event.type !== 'message') continue;
    const { id, at, role, text, attachments } = event;
    messages.push({ id, at, role, text, attachments });
    for (const attachment of attachments) uploads.set(attachment.id, attachment);
  }
  return {
    conversationId,
    createdAt: session.createdAt,
    status: session.status,
    events,
    messages,
    uploads: [...uploads.values()],
    rating: (await store.ratings.get(conversationId)) ?? null,
  };
}
