import { type Static, Type } from 'typebox';
import { OfflineMessageRequest } from '../../protocol/availability-api.js';
import type { Mail } from '../mail/mailer.js';
import type { Delivery } from '../store/deliveries.js';
import { parseStored } from '../stored-json.js';
import type { NewUpstreamConversation } from '../upstream/contact-center.js';

/** An offline message as kept in Deliveries: what the visitor sent, and when. */
export const StoredOfflineMessage = Type.Object({
  ...Type.Omit(OfflineMessageRequest, ['id']).properties,
  receivedAt: Type.String(),
});
export type StoredOfflineMessage = Static<typeof StoredOfflineMessage>;

export const readOfflineMessage = (delivery: Delivery) =>
  parseStored(StoredOfflineMessage, delivery.payload, `offline message ${delivery.id}`);

/** One line: no CR/LF may reach a header, whatever the visitor typed. */
const oneLine = (text: string) => text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();

/** The email to the contact center's email channel (8x8 makes a case of it); replies go to the visitor. */
export function offlineMail(to: string, message: StoredOfflineMessage): Mail {
  const lines = [
    message.message,
    '',
    '--',
    `Name: ${oneLine(message.name)}`,
    `Email: ${message.email}`,
    `Received: ${message.receivedAt}`,
    ...(message.department ? [`Department: ${message.department}`] : []),
    ...(message.pageUrl ? [`Page: ${message.pageUrl}`] : []),
    ...(message.locale ? [`Language: ${message.locale}`] : []),
    'The visitor agreed to be contacted.',
  ];
  return {
    to,
    replyTo: message.email,
    subject: `Offline message from ${oneLine(message.name).slice(0, 100)}`,
    text: lines.join('\n'),
  };
}

/** The conversation on the offline queue at 8x8 that carries it (its text as the visitor's history). */
/** `visitorId`: what 8x8 knows the visitor by (from the delivery id, so a retry names the same one). */
export function offlineConversation(
  visitorId: string,
  queueId: string,
  message: StoredOfflineMessage,
): NewUpstreamConversation {
  return {
    visitorId,
    visitor: { name: message.name, email: message.email },
    ...(message.locale ? { locale: message.locale } : {}),
    variables: {
      parley_offline: 'true',
      parley_received_at: message.receivedAt,
      ...(message.pageUrl ? { parley_page: message.pageUrl.slice(0, 500) } : {}),
    },
    history: [{ role: 'visitor', text: message.message }],
    assignment: { type: 'queue', id: queueId },
  };
}
