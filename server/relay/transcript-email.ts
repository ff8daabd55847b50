import { Type } from 'typebox';
import { EmailAddress } from '../../protocol/availability-api.js';
import type { Mail } from '../mail/mailer.js';
import type { Delivery } from '../store/deliveries.js';
import type { EventLog } from '../store/store.js';
import { parseStored } from '../stored-json.js';

/** A transcript email as kept in Deliveries: rendered when sent, from the event log. */
export const StoredTranscriptEmail = Type.Object({
  conversationId: Type.String(),
  to: EmailAddress,
  requestedAt: Type.String(),
});

const PAGE = 500;
const ROLE_NAMES: Record<string, string> = {
  visitor: 'You',
  agent: 'Agent',
  bot: 'Bot',
  system: 'System',
};

/** The transcript as plain text: one block per message, oldest first. */
export async function transcriptMail(events: EventLog, delivery: Delivery): Promise<Mail> {
  const request = parseStored(
    StoredTranscriptEmail,
    delivery.payload,
    `transcript email ${delivery.id}`,
  );
  const blocks: string[] = [];
  for (let after = 0; ; ) {
    const page = await events.readAfter(request.conversationId, after, PAGE);
    for (const event of page.events) {
      if (event.type !== 'message') continue;
      const who = event.authorName ?? ROLE_NAMES[event.role] ?? event.role;
      const files = event.attachments.map((file) => `[${file.name}]`).join(' ');
      blocks.push(
        `${event.sentAt ?? event.at}  ${who}\n${[event.text, files].filter(Boolean).join('\n')}`,
      );
    }
    const last = page.events.at(-1);
    if (!last || page.events.length < PAGE) break;
    after = last.id;
  }
  return {
    to: request.to,
    subject: 'Your chat transcript',
    text: blocks.length > 0 ? blocks.join('\n\n') : 'The conversation has no messages.',
  };
}
