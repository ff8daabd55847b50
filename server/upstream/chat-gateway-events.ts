import { type Static, Type } from 'typebox';
import type { Attachment, Card, ParleyEvent, QuickReply, Role } from '../../protocol/events.js';
import { roleOf } from './author-role.js';
import { MAX_CARDS, reduceCard } from './card-limits.js';
import type { UpstreamEvents } from './contact-center.js';
import {
  epochMsToIso,
  isRecord,
  type JsonRecord,
  list,
  record,
  text,
  webUrl,
} from './json-read.js';
import { queuedEvent } from './queued.js';
import { messageText, nameText, type OnTruncated } from './text-limits.js';

/** What the receiver knows about a webhook besides its body. */
export interface WebhookContext {
  eventId: string;
  /** Told when a text from 8x8 was longer than the proxy passes on (it is cut, with "…"). */
  onTruncated?: OnTruncated;
}

/**
 * What the gateway mapping remembers of a conversation between its webhooks.
 * MEMBERS_CHANGED agent left means two things, told apart only by what came
 * before (8x8's conversation page): after a TRANSFER, the first agent handing
 * over (another joins); otherwise the agent ended the chat. And the end comes
 * in two webhooks (agent left, CONVERSATION_UPDATE idle; when exactly idle is
 * sent is [INFERRED], their order undocumented), or either one alone: the
 * visitor is told once, by whichever comes first.
 */
export const GatewayState = Type.Object({
  /** A TRANSFER came and its agent left has not yet. */
  transferring: Type.Boolean(),
  /** The visitor has been told this interaction ended. */
  ended: Type.Boolean(),
});
export type GatewayState = Static<typeof GatewayState>;

export const INITIAL_GATEWAY_STATE: GatewayState = { transferring: false, ended: false };

/** What a message said, to tell whether the proxy posted it itself. */
export interface PostedContent {
  text: string;
  attachments: number;
}

export interface GatewayMapping extends UpstreamEvents {
  /** The conversation's mapping state after this event. */
  state: GatewayState;
  /**
   * Set on a MESSAGE echo that does not say whose it is (sender type `""` or
   * `agent`): the message event is to be dropped if the proxy posted this content.
   */
  ownEcho?: PostedContent;
}

/** Event types whose mapping reads or changes the conversation's state. */
const STATEFUL = new Set(['CONVERSATION_UPDATE', 'QUEUED', 'MEMBERS_CHANGED', 'TRANSFER']);

/** Does mapping this body need the conversation's state (so the caller reads it only then)? */
export function needsGatewayState(body: unknown): boolean {
  return isRecord(body) && STATEFUL.has(String(body.eventType));
}

/**
 * Maps one Chat Gateway v1 webhook body onto Parley events. Returns undefined
 * when the body is not a gateway conversation event; `events` is empty for
 * events that mean nothing to the visitor (echoes, CPaaS activities).
 */
export function mapGatewayEvent(
  body: unknown,
  context: WebhookContext,
  state: GatewayState = INITIAL_GATEWAY_STATE,
): GatewayMapping | undefined {
  if (!isRecord(body)) return undefined;
  const upstreamId = text(body.conversationId);
  const eventType = text(body.eventType);
  if (!upstreamId || !eventType) return undefined;
  const data = record(body.data);
  const step = mapByType(eventType, data, state, context, epochMsToIso(body.timestamp));
  return step && { upstreamId, ...step };
}

type Step = { events: ParleyEvent[]; state: GatewayState; ownEcho?: PostedContent };

function mapByType(
  eventType: string,
  data: JsonRecord,
  state: GatewayState,
  context: WebhookContext,
  sentAt: string | undefined,
): Step | undefined {
  switch (eventType) {
    case 'CONVERSATION_UPDATE':
      return conversationUpdate(data, state);
    case 'QUEUED':
      // Queued again (after a transfer, or a message after the end): a new interaction.
      return { events: [queued(data, context)], state: { ...state, ended: false } };
    case 'MEMBERS_CHANGED':
      return membersChanged(data, state, context);
    case 'TRANSFER':
      return { events: [{ type: 'transferred' }], state: { ...state, transferring: true } };
    case 'MESSAGE':
      return { ...message(data, context, sentAt), state };
    case 'ACTIVITY':
      return { events: activity(data), state };
    default:
      return undefined;
  }
}

const IDLE: ParleyEvent = { type: 'conversation', state: 'idle' };

function conversationUpdate(data: JsonRecord, state: GatewayState): Step {
  // `created` and `active` (the CC interaction exists) say nothing the visitor
  // needs: QUEUED and MEMBERS_CHANGED follow. Only going idle is news, once.
  if (data.state !== 'idle' || state.ended) return { events: [], state };
  return { events: [IDLE], state: { transferring: false, ended: true } };
}

function queued(data: JsonRecord, context: WebhookContext): ParleyEvent {
  return queuedEvent(
    text(data.queueId),
    nameText(data.queueName, 'queueName', context.onTruncated),
  );
}

function membersChanged(data: JsonRecord, state: GatewayState, context: WebhookContext): Step {
  const change = data.change;
  if (change !== 'joined' && change !== 'left') return { events: [], state };
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
  // The user's comings and goings end nothing by themselves: when the user
  // leaves, 8x8 ends the interaction and says so (agent left, idle).
  if (role !== 'agent') return { events: [participant], state };
  if (change === 'joined') {
    return {
      events: [participant, { type: 'conversation', state: 'active' }],
      state: { transferring: false, ended: false },
    };
  }
  if (state.transferring) {
    return { events: [participant], state: { ...state, transferring: false } };
  }
  // An agent who leaves without a TRANSFER before it ended the chat (8x8's
  // conversation page): the visitor is told, once.
  if (state.ended) return { events: [participant], state };
  return { events: [participant, IDLE], state: { transferring: false, ended: true } };
}

/**
 * Which MESSAGE is the visitor's own, come back. The events reference says
 * `isEcho` is true "when the message was sent by the integration itself", yet
 * 8x8's chat-workflow page shows "an agent sends a message" as `isEcho:true`
 * with `sender.type:""` [UNCONFIRMED which holds], and whether every post comes
 * back flagged is [UNCONFIRMED] too. Dropping every `isEcho:true` would hide
 * every agent reply if that page is right, so:
 * - sender type `user`: the visitor's own (only this proxy writes as the
 *   visitor on its channel), dropped whether flagged or not;
 * - `isEcho:true` from a `bot`: the integration's own bot post, dropped;
 * - `isEcho:true` from anyone else (`""`, `agent`, no sender): shown, unless
 *   the proxy posted that very content (`ownEcho`, checked by the intake
 *   against what it remembers of its own sends);
 * - everything else is shown. A sender type `""` or none is read as the agent,
 *   as the chat-workflow page labels it.
 */
function message(
  data: JsonRecord,
  context: WebhookContext,
  sentAt: string | undefined,
): { events: ParleyEvent[]; ownEcho?: PostedContent } {
  const senderType = record(data.sender).type;
  const senderId = text(record(data.sender).id);
  if (senderType === 'user' || (data.isEcho === true && senderType === 'bot')) {
    return { events: [] };
  }
  const cards = list(data.cards).filter(isRecord);
  const quickReplies = cards
    .filter((card) => card.contentType === 'application/8x8.quick.replies')
    .flatMap((card) => list(record(card.content).options))
    .map((option) => toQuickReply(option, context))
    .filter((reply): reply is QuickReply => reply !== undefined);
  const shownCards = drawnCards(cards, context);
  const attachments = list(data.attachments)
    .map((item) => toAttachment(item, context))
    .filter((item): item is Attachment => item !== undefined);
  const shown: ParleyEvent = {
    type: 'message',
    // The MESSAGE event has no message id; the event id is unique and stable across retries.
    messageId: context.eventId,
    role: senderType === '' || senderType === undefined ? 'agent' : roleOf(senderType, 'system'),
    text: messageText(text(data.text) || cardText(cards), context.onTruncated),
    attachments,
    ...(quickReplies.length > 0 ? { quickReplies } : {}),
    ...(shownCards.length > 0 ? { cards: shownCards } : {}),
    ...(shownCards.length > 0 && !text(data.text) ? { textFromCards: true } : {}),
    ...(sentAt ? { sentAt } : {}),
    ...(senderId ? { participantId: senderId } : {}),
  };
  if (data.isEcho !== true) return { events: [shown] };
  // What the proxy posts: the visitor's text and attachment ids (whether the
  // echo keeps those ids is [UNCONFIRMED], so only their number is compared).
  const ownEcho = { text: text(data.text) ?? '', attachments: list(data.attachments).length };
  return { events: [shown], ownEcho };
}

/**
 * A card-only message's text: its cards' TextBlocks, for whatever draws no cards
 * (the transcript, older widgets); the event says so (`textFromCards`).
 */
function cardText(cards: JsonRecord[]): string {
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

/**
 * The cards the widget draws: every card but quick replies (those are the
 * message's `quickReplies`), within the proxy's limits (card-limits.ts). A card
 * with no `contentType` is an Adaptive Card, 8x8's default.
 */
function drawnCards(cards: JsonRecord[], context: WebhookContext): Card[] {
  return cards
    .filter((card) => card.contentType !== 'application/8x8.quick.replies')
    .slice(0, MAX_CARDS)
    .map((card) => {
      const id = text(card.id);
      return {
        ...(id ? { id } : {}),
        contentType: text(card.contentType) || 'application/vnd.microsoft.card.adaptive',
        content: reduceCard(card.content, context.onTruncated),
        ...(card.actionSubmitted === true ? { submitted: true } : {}),
      };
    });
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
 * `typing` and `read-receipts` mean something to the visitor. Quick-reply and
 * card actions are the visitor's own doing, and the CPaaS names belong to other
 * channels.
 */
function activity(data: JsonRecord): ParleyEvent[] {
  if (data.name === 'read-receipts') return readReceipts(data.value);
  if (data.name !== 'typing') return [];
  // `users` lists whoever is typing now; an empty list means typing stopped.
  const users = list(record(data.value).users).map(record);
  const typing = users.some((user) => user.type === 'agent' || user.type === 'bot');
  return [{ type: 'typing', role: 'agent', typing }];
}

/**
 * `read-receipts`: `value` is a list of `{timestamp, users}` (the events reference;
 * 8x8 lists the structure for no channel yet, so the rest is [UNCONFIRMED]). A
 * single `{timestamp, users}` object (the shape `typing`'s value has) is read
 * the same. Only an agent's or bot's reading is news to the visitor: the latest
 * such timestamp becomes one `read` event.
 */
function readReceipts(value: unknown): ParleyEvent[] {
  const receipts = Array.isArray(value) ? value.map(record) : [record(value)];
  const times = receipts
    .filter((receipt) =>
      list(receipt.users).some((user) => ['agent', 'bot'].includes(String(record(user).type))),
    )
    .map((receipt) => receipt.timestamp)
    .filter((time): time is number => typeof time === 'number' && Number.isFinite(time));
  const upTo = times.length > 0 ? epochMsToIso(Math.max(...times)) : undefined;
  return upTo ? [{ type: 'read', role: 'agent', upTo }] : [];
}
