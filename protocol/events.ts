import { type Static, type TProperties, type TSchemaOptions, Type } from 'typebox';

/**
 * The events of a conversation, as the stream sends them and the transcript
 * lists them. Schemas (what the proxy serializes and documents) with their types
 * beside them; the widget imports the types only.
 */

/** Who said or did something, as the visitor's widget needs to know it. */
export const Role = Type.Enum(['visitor', 'agent', 'bot', 'system']);
export type Role = Static<typeof Role>;

export const ConversationState = Type.Enum(['created', 'queued', 'active', 'idle', 'closed']);
export type ConversationState = Static<typeof ConversationState>;

/** Where a visitor's message stands: see the `message-status` event. */
export const MessageStatus = Type.Enum(['pending', 'sent', 'failed']);
export type MessageStatus = Static<typeof MessageStatus>;

export const Attachment = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: Type.Enum(['image', 'video', 'audio', 'file']),
    url: Type.Optional(
      Type.String({
        description:
          'Where the file opens: the proxy’s download route for it, with a token for this attachment alone (valid for TOKEN_TTL_SECONDS; the transcript and the stream give fresh ones).',
      }),
    ),
    sizeInBytes: Type.Optional(Type.Integer()),
  },
  { title: 'Attachment' },
);
export type Attachment = Static<typeof Attachment>;

/** https only, or a path on the proxy's own origin: checked by the proxy and again by the widget. */
export const AvatarUrl = Type.String({
  description:
    "The agent's photo, from the proxy's agent directory: an https URL or a path on the proxy's origin.",
});

export const QuickReply = Type.Object({ title: Type.String(), payload: Type.String() });
export type QuickReply = Static<typeof QuickReply>;

/**
 * A card from 8x8 as the widget draws it: an Adaptive Card or one of 8x8's own
 * kinds (Buttons, Carousel, Template, Suggestions), its `content` as 8x8 sent it
 * after the proxy's size and depth limits (server/upstream/card-limits.ts).
 * Quick replies are not cards here: they are the message's `quickReplies`.
 */
export const Card = Type.Object(
  {
    id: Type.Optional(Type.String({ description: "8x8's card id, when it sent one." })),
    contentType: Type.String(),
    content: Type.Unknown(),
    submitted: Type.Optional(
      Type.Boolean({ description: "8x8's `actionSubmitted`: the card was answered already." }),
    ),
  },
  { additionalProperties: true },
);
export type Card = Static<typeof Card>;

/**
 * One value of a card's answer: a string (at most 5000 long), a number or a
 * boolean. One `type` list rather than a union: the proxy's validator coerces
 * types, and a union's first branch would turn the number 1234 into "1234".
 */
const CardValue = Type.Unsafe<string | number | boolean>({
  type: ['string', 'number', 'boolean'],
  maxLength: 5000,
});

/**
 * The visitor's answer to a card: what 8x8's `adaptiveCard/action` activity
 * carries (`type`, `data`), and which card it answers. Sent with a message
 * (POST …/messages `cardSubmit`, `text` saying what was chosen); the message
 * named locks its cards, also after a reload.
 */
export const CardSubmit = Type.Object(
  {
    messageId: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'The message whose card is answered; its card locks.',
    }),
    cardIndex: Type.Integer({ minimum: 0, maximum: 9 }),
    cardId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    type: Type.Enum(['Action.Submit', 'Action.Execute']),
    data: Type.Record(Type.String({ maxLength: 200 }), CardValue, { maxProperties: 100 }),
  },
  { additionalProperties: false },
);
export type CardSubmit = Static<typeof CardSubmit>;

/**
 * One of the kinds of event, each with `more` (the log's id and time) added.
 * Events may gain fields: every kind keeps the ones it does not list (a client
 * ignores what it does not know), so serializing an event never drops a field.
 */
function eventUnion<More extends TProperties>(more: More, options: TSchemaOptions = {}) {
  const open = { additionalProperties: true };
  return Type.Union(
    [
      Type.Object(
        {
          ...more,
          type: Type.Literal('conversation'),
          state: ConversationState,
          queueName: Type.Optional(Type.String()),
          queueId: Type.Optional(
            Type.String({
              description:
                "With `queued`: 8x8's id of the queue (what its real-time statistics are asked by).",
            }),
          ),
          position: Type.Optional(Type.Integer()),
        },
        open,
      ),
      Type.Object(
        {
          ...more,
          type: Type.Literal('participant'),
          change: Type.Enum(['joined', 'left']),
          role: Role,
          participantId: Type.Optional(Type.String()),
          name: Type.Optional(Type.String()),
          avatarUrl: Type.Optional(AvatarUrl),
          title: Type.Optional(
            Type.String({ description: "The agent's title, from the proxy's agent directory." }),
          ),
        },
        open,
      ),
      Type.Object({ ...more, type: Type.Literal('transferred') }, open),
      Type.Object(
        {
          ...more,
          type: Type.Literal('message'),
          messageId: Type.String(),
          role: Role,
          authorName: Type.Optional(Type.String()),
          authorAvatarUrl: Type.Optional(AvatarUrl),
          participantId: Type.Optional(
            Type.String({ description: "For an agent's message: 8x8's id of the agent." }),
          ),
          text: Type.String(),
          attachments: Type.Array(Attachment),
          quickReplies: Type.Optional(Type.Array(QuickReply)),
          cards: Type.Optional(Type.Array(Card)),
          textFromCards: Type.Optional(
            Type.Boolean({
              description:
                "8x8 sent cards and no text: `text` is the cards' TextBlocks, for readers that draw no cards (the transcript); the widget draws the cards instead.",
            }),
          ),
          cardSubmit: Type.Optional(CardSubmit),
          clientMessageId: Type.Optional(
            Type.String({
              description:
                "Set on the visitor's own messages, so the widget can match its optimistic copy.",
            }),
          ),
          sentAt: Type.Optional(
            Type.String({
              format: 'date-time',
              description:
                "When 8x8 says the message was sent (the webhook's `timestamp`). Webhooks can arrive out of order; the widget places 8x8's messages by this, not by arrival.",
            }),
          ),
        },
        open,
      ),
      Type.Object(
        { ...more, type: Type.Literal('typing'), role: Role, typing: Type.Boolean() },
        open,
      ),
      Type.Object(
        {
          ...more,
          type: Type.Literal('message-status'),
          clientMessageId: Type.String(),
          status: MessageStatus,
          reason: Type.Optional(Type.String()),
        },
        {
          ...open,
          description:
            "Where a visitor's message stands. `pending` comes (once, with a reason) when 8x8 could not take it yet and the proxy keeps retrying it from its outbox; `sent` when 8x8 took it; `failed` (with a reason to show) when 8x8 refused it for good, it waited past the proxy's give-up deadline, or the chat ended first. Each status comes at most once per client message id.",
        },
      ),
      Type.Object(
        {
          ...more,
          type: Type.Literal('read'),
          role: Role,
          upTo: Type.String({
            format: 'date-time',
            description: "8x8's time up to which the visitor's messages count as read.",
          }),
        },
        {
          ...open,
          description:
            "The agent has read the visitor's messages sent up to `upTo` (8x8's `read-receipts` activity): the widget shows them as delivered.",
        },
      ),
      Type.Object(
        {
          ...more,
          type: Type.Literal('wait'),
          waiting: Type.Optional(
            Type.Integer({
              minimum: 0,
              description:
                "Chats waiting in the queue now, by 8x8's real-time statistics (`interactionsWaitInQueue.rt`); it probably counts this one. 8x8 gives no position.",
            }),
          ),
          estimatedWaitSeconds: Type.Optional(
            Type.Integer({
              minimum: 0,
              description:
                "The queue's recent average wait (8x8's `interactionsAvgWaitTime`, 15 then 30 minutes, then today): 8x8 publishes no per-chat estimate.",
            }),
          ),
        },
        {
          ...open,
          description:
            "While queued: what 8x8's real-time statistics say of the queue, sent when it changes. Neither field means 8x8 did not say: show nothing.",
        },
      ),
    ],
    options,
  );
}

/** A Parley event, normalised from either 8x8 API or made by the proxy itself. */
export const ParleyEvent = eventUnion({});
export type ParleyEvent = Static<typeof ParleyEvent>;

export type ParleyEventType = ParleyEvent['type'];

/** An event as the log stores it and the stream sends it: `id` is increasing per conversation. */
export const LoggedEvent = eventUnion(
  {
    id: Type.Integer({ description: 'Increasing per conversation.' }),
    at: Type.String({ format: 'date-time' }),
  },
  {
    title: 'Event',
    description:
      'A conversation event as the stream sends it (its `event:` is the `type`) and the transcript lists it.',
  },
);
export type LoggedEvent = Static<typeof LoggedEvent>;

/**
 * Sent on the stream, with no id, when the asked-for Last-Event-ID is older than
 * the history the proxy keeps: the events that follow are all it has, so the
 * widget should drop what it shows and reload the transcript.
 */
export interface StreamReset {
  type: 'reset';
}
