import type { Attachment, ParleyEvent, QuickReply, Role } from '../../protocol/events.js';
import { roleOf } from './author-role.js';
import type { UpstreamEvents } from './contact-center.js';
import { epochMsToIso, isRecord, list, record, text, webUrl } from './json-read.js';
import { messageText, nameText, type OnTruncated } from './text-limits.js';

/** What the receiver knows about a webhook besides its body. */
export interface WebhookContext {
  eventId: string;
  /** Told when a text from 8x8 was longer than the proxy passes on (it is cut, with "…"). */
  onTruncated?: OnTruncated;
}

/**
 * Maps one Chat Gateway v1 webhook body onto Parley events. Returns undefined
 * when the body is not a gateway conversation event; `events` is empty for
 * events that mean nothing to the visitor (echoes, CPaaS activities).
 */
export function mapGatewayEvent(
  body: unknown,
  context: WebhookContext,
): UpstreamEvents | undefined {
  if (!isRecord(body)) return undefined;
  const upstreamId = text(body.conversationId);
  const eventType = text(body.eventType);
  if (!upstreamId || !eventType) return undefined;
  const data = record(body.data);
  const events = mapByType(eventType, data, context, epochMsToIso(body.timestamp));
  return events && { upstreamId, events };
}

function mapByType(
  eventType: string,
  data: Record<string, unknown>,
  context: WebhookContext,
  sentAt: string | undefined,
) {
  switch (eventType) {
    case 'CONVERSATION_UPDATE':
      return conversationUpdate(data);
    case 'QUEUED':
      return [queued(data, context)];
    case 'MEMBERS_CHANGED':
      return membersChanged(data, context);
    case 'TRANSFER':
      return [{ type: 'transferred' } as const];
    case 'MESSAGE':
      return message(data, context, sentAt);
    case 'ACTIVITY':
      return activity(data);
    default:
      return undefined;
  }
}

function conversationUpdate(data: Record<string, unknown>): ParleyEvent[] {
  // `created` and `active` (the CC interaction exists) say nothing the visitor
  // needs: QUEUED and MEMBERS_CHANGED follow. Only going idle is news.
  return data.state === 'idle' ? [{ type: 'conversation', state: 'idle' }] : [];
}

function queued(data: Record<string, unknown>, context: WebhookContext): ParleyEvent {
  const queueName = nameText(data.queueName, 'queueName', context.onTruncated);
  return { type: 'conversation', state: 'queued', ...(queueName ? { queueName } : {}) };
}

function membersChanged(data: Record<string, unknown>, context: WebhookContext): ParleyEvent[] {
  const change = data.change;
  if (change !== 'joined' && change !== 'left') return [];
  const role: Role = data.memberType === 'agent' ? 'agent' : 'visitor';
  const participantId = text(data.id);
  // The reference documents only memberType, change and id. A display name is
  // [UNCONFIRMED]; we read `name` or `displayName` if 8x8 ever sends one.
  const name = nameText(text(data.name) ?? data.displayName, 'name', context.onTruncated);
  const participant: ParleyEvent = {
    type: 'participant',
    change,
    role,
    ...(participantId ? { participantId } : {}),
    ...(name ? { name } : {}),
  };
  if (role === 'agent' && change === 'joined') {
    return [participant, { type: 'conversation', state: 'active' }];
  }
  return [participant];
}

function message(
  data: Record<string, unknown>,
  context: WebhookContext,
  sentAt: string | undefined,
): ParleyEvent[] {
  // Our own messages come back as echoes; the widget already shows them.
  if (data.isEcho === true) return [];
  const sender = record(data.sender);
  const cards = list(data.cards).filter(isRecord);
  const quickReplies = cards
    .filter((card) => card.contentType === 'application/8x8.quick.replies')
    .flatMap((card) => list(record(card.content).options))
    .map((option) => toQuickReply(option, context))
    .filter((reply): reply is QuickReply => reply !== undefined);
  const attachments = list(data.attachments)
    .map((item) => toAttachment(item, context))
    .filter((item): item is Attachment => item !== undefined);
  return [
    {
      type: 'message',
      // The MESSAGE event has no message id; the event id is unique and stable across retries.
      messageId: context.eventId,
      role: roleOf(sender.type, 'system'),
      text: messageText(text(data.text) || cardText(cards), context.onTruncated),
      attachments,
      ...(quickReplies.length > 0 ? { quickReplies } : {}),
      ...(sentAt ? { sentAt } : {}),
    },
  ];
}

/**
 * The widget draws no Adaptive Cards: a card-only message shows the text of the
 * card's TextBlocks instead, so the visitor is not left with an empty bubble.
 */
function cardText(cards: Record<string, unknown>[]): string {
  const texts: string[] = [];
  const visit = (element: unknown) => {
    const item = record(element);
    if (item.type === 'TextBlock' && typeof item.text === 'string') texts.push(item.text);
    for (const child of [...list(item.body), ...list(item.items), ...list(item.columns)]) {
      visit(child);
    }
  };
  for (const card of cards) {
    if (card.contentType === 'application/vnd.microsoft.card.adaptive' || !card.contentType) {
      visit(card.content);
    }
  }
  return texts.join('\n');
}

function toQuickReply(option: unknown, context: WebhookContext): QuickReply | undefined {
  const title = nameText(record(option).title, 'title', context.onTruncated);
  const postback = record(record(option).data).postback;
  if (!title) return undefined;
  return { title, payload: typeof postback === 'string' ? postback : title };
}

const ATTACHMENT_KINDS = new Set(['image', 'video', 'audio', 'file']);

function toAttachment(value: unknown, context: WebhookContext): Attachment | undefined {
  const item = record(value);
  const id = text(item.id);
  if (!id) return undefined;
  const kind = text(item.type);
  const url = webUrl(item.preSignedUrl);
  return {
    id,
    name: nameText(item.fileName, 'fileName', context.onTruncated) ?? 'attachment',
    kind: kind && ATTACHMENT_KINDS.has(kind) ? (kind as Attachment['kind']) : 'file',
    ...(url ? { url } : {}),
  };
}

/**
 * Only `typing` means something to the visitor. Quick-reply and card actions are
 * the visitor's own doing, read receipts are not sent yet (structure only), and
 * the CPaaS names belong to other channels.
 */
function activity(data: Record<string, unknown>): ParleyEvent[] {
  if (data.name !== 'typing') return [];
  // `users` lists whoever is typing now; an empty list means typing stopped.
  const users = list(record(data.value).users).map(record);
  const typing = users.some((user) => user.type === 'agent' || user.type === 'bot');
  return [{ type: 'typing', role: 'agent', typing }];
}
