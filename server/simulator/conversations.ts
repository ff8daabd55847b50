import { randomBytes } from 'node:crypto';
import type { Attachments } from './attachments.js';
import type { Configuration } from './configuration.js';
import type { ReportEvent } from './event-reporter.js';
import { notFound, SimulatorError } from './simulator-error.js';

export interface SimUser {
  name?: string;
  email?: string;
  phone?: string;
  language?: string;
  additionalProperties?: { key: string; value: string }[];
  [key: string]: unknown;
}

export interface SimMessage {
  id: string;
  text: string;
  createdAt: string;
  author: { id: string; type: 'user' | 'bot' | 'agent' | 'system' };
  attachmentIds: string[];
  /** The cards the message was posted with (e.g. the quick reply a visitor chose), as sent. */
  cards: Record<string, unknown>[];
  interactionId: string;
}

export interface SimAttachment {
  id: string;
  filename: string;
  contentType: string;
  sizeInBytes: number;
  createdAt: string;
  data: Buffer;
}

export interface SimInteraction {
  id: string;
  startTime: string;
  endTime?: string;
}

export interface SimConversation {
  id: string;
  /** Which API created it: the legacy one holds the agent after they end the chat. */
  api: 'gateway' | 'legacy';
  channelId: string;
  user: SimUser;
  /** The legacy `customer` map exactly as it was sent (it is read back flat). */
  customer?: Record<string, string>;
  state: 'created' | 'active' | 'idle';
  queueId: string;
  /** In a queue, waiting for an agent to accept. */
  waiting: boolean;
  /** When it last went into a queue (what the console's "waiting since" shows). */
  queuedAt?: string | undefined;
  agentId?: string | undefined;
  /** Legacy: the agent ended the chat and is held until the customer leaves. */
  heldAgentId?: string | undefined;
  userRemoved: boolean;
  /** The user's last read receipt (`readAt`, ISO): what the console shows as "Seen". */
  userReadAt?: string | undefined;
  userTyping: boolean;
  agentTyping: boolean;
  createdAt: string;
  messages: SimMessage[];
  attachments: SimAttachment[];
  interactions: SimInteraction[];
  /** Every card action-submit call, in order (a card answered twice shows twice). */
  cardSubmits: SimCardSubmit[];
}

export interface SimCardSubmit {
  cardId: string;
  /** Which of the documented paths was called (card-routes.ts). */
  path: 'tenant' | 'gateway';
  /** The `adaptiveCard/action` value the simulator reported for it. */
  value: { type: string; data: Record<string, unknown> };
  at: string;
}

export interface NewConversation {
  channelId: string;
  user: SimUser;
  customer?: Record<string, string>;
  queueId?: string;
  api?: 'gateway' | 'legacy';
  history?: { text: string; type: 'user' | 'bot' }[];
}

/** What the conversations need of the rest of the simulator. */
export interface ConversationParts {
  tenantId: string;
  configuration: Configuration;
  attachments: Attachments;
  report: ReportEvent;
  /** Something about this conversation changed (the console redraws, the simulator's file saves it). */
  changed: (conversation: SimConversation) => void;
}

/** How long the console shows "Visitor is typing…" after the last typing call. */
const TYPING_SHOWN_MS = 6000;

const newId = () => randomBytes(16).toString('base64url');
const now = () => new Date().toISOString();

/**
 * The conversations and their documented lifecycle: created, queued, active with
 * an agent, idle once the interaction ended. The visitor's side (what the proxy
 * does through the API) is here; the agent's side (agent-actions.ts) drives the
 * same lifecycle steps. Every change is reported to the channel's webhook.
 */
export class Conversations {
  readonly all = new Map<string, SimConversation>();
  readonly #parts: ConversationParts;
  readonly #typingTimers = new Map<string, NodeJS.Timeout>();

  /** `saved`: the conversations a simulator's file kept. */
  constructor(parts: ConversationParts, saved: SimConversation[] = []) {
    this.#parts = parts;
    for (const conversation of saved) this.all.set(conversation.id, conversation);
  }

  get(id: string): SimConversation {
    const conversation = this.all.get(id);
    if (!conversation) throw notFound('Conversation', id);
    return conversation;
  }

  create(input: NewConversation): SimConversation {
    const channel = this.#parts.configuration.channels.get(input.channelId);
    if (!channel) throw new SimulatorError(400, `Channel ID ${input.channelId} is invalid.`);
    const queueId = input.queueId ?? channel.routingOptions.id;
    this.#parts.configuration.queue(queueId);
    const conversation: SimConversation = {
      id: newId(),
      api: input.api ?? 'gateway',
      channelId: channel.id,
      user: input.user,
      ...(input.customer ? { customer: input.customer } : {}),
      state: 'created',
      queueId,
      waiting: false,
      userRemoved: false,
      userTyping: false,
      agentTyping: false,
      createdAt: now(),
      messages: [],
      cardSubmits: [],
      attachments: [],
      interactions: [],
    };
    for (const item of input.history ?? []) {
      this.addMessage(conversation, { id: 'user', type: item.type }, item.text);
    }
    this.all.set(conversation.id, conversation);
    // 8x8 answers 202 first and reports progress by webhook.
    setImmediate(() => {
      this.#parts.report(conversation, 'CONVERSATION_UPDATE', {
        state: 'created',
        assignment: { type: 'queue', id: queueId },
        user: conversation.user,
        channel: 'ChatAPI',
      });
      this.enqueue(conversation, queueId);
    });
    this.#parts.changed(conversation);
    return conversation;
  }

  /** The visitor (or a bot) posts a message. */
  userMessage(
    conversationId: string,
    text: string,
    authorType: 'user' | 'bot',
    attachmentIds: string[] = [],
    cards: Record<string, unknown>[] = [],
  ): SimMessage {
    const { attachments, report } = this.#parts;
    const conversation = this.get(conversationId);
    for (const id of attachmentIds) attachments.attachment(conversation, id);
    const message = this.addMessage(
      conversation,
      { id: 'user', type: authorType },
      text,
      attachmentIds,
      cards,
    );
    conversation.userTyping = false;
    // The tolerant reading of an [UNCONFIRMED] point: messages the integration
    // posts come back as echoes (the gateway only; the legacy API echoes nothing).
    report(conversation, 'MESSAGE', {
      isEcho: true,
      sender: { id: 'user', type: authorType },
      text,
      attachments: attachmentIds.map((id) => attachments.event(conversation, id)),
      cards,
    });
    // A message after the chat ended, or after the agent left, queues it again
    // (documented for the legacy API; the tolerant reading for the gateway).
    if (!conversation.agentId && !conversation.waiting) {
      conversation.userRemoved = false;
      this.enqueue(conversation, conversation.queueId);
    }
    this.#parts.changed(conversation);
    return message;
  }

  /** `POST /conversations/{id}/read-receipt`: everything up to `readAt` (epoch ms) is read. */
  userRead(conversationId: string, readAt: number): void {
    const conversation = this.get(conversationId);
    const at = new Date(readAt).toISOString();
    // Receipts may arrive out of order: the mark only moves forward.
    if (conversation.userReadAt && conversation.userReadAt >= at) return;
    conversation.userReadAt = at;
    this.#parts.changed(conversation);
  }

  /** `POST /conversations/{id}/typing`; like 8x8's indicator, it goes out after a few seconds. */
  userTyping(conversationId: string): void {
    const conversation = this.get(conversationId);
    conversation.userTyping = true;
    clearTimeout(this.#typingTimers.get(conversationId));
    const timer = setTimeout(() => {
      this.#typingTimers.delete(conversationId);
      conversation.userTyping = false;
      this.#parts.changed(conversation);
    }, TYPING_SHOWN_MS);
    timer.unref();
    this.#typingTimers.set(conversationId, timer);
    this.#parts.changed(conversation);
  }

  /**
   * The visitor left (`PATCH /conversations/{id}/participants/user` on the
   * gateway, `DELETE …/participants/customer` on the legacy API): the
   * interaction ends and the agent is free.
   */
  userLeaves(conversationId: string): void {
    const { report } = this.#parts;
    const conversation = this.get(conversationId);
    if (conversation.userRemoved) return;
    conversation.userRemoved = true;
    conversation.userTyping = false;
    report(conversation, 'MEMBERS_CHANGED', { memberType: 'user', change: 'left', id: 'user' });
    if (conversation.heldAgentId) {
      // Legacy: the agent who ended the chat is freed now, and says so once more.
      report(conversation, 'MEMBERS_CHANGED', {
        memberType: 'agent',
        change: 'left',
        id: conversation.heldAgentId,
      });
      conversation.heldAgentId = undefined;
    }
    this.endInteraction(conversation);
  }

  // ---- lifecycle steps, shared with the agent's side ----

  /** Into a queue, waiting for an agent; a new interaction starts unless one is open. */
  enqueue(conversation: SimConversation, queueId: string): void {
    const { configuration, report, tenantId } = this.#parts;
    const queue = configuration.queue(queueId);
    conversation.queueId = queue.id;
    conversation.waiting = true;
    conversation.queuedAt = now();
    if (!conversation.interactions.some((interaction) => !interaction.endTime)) {
      conversation.interactions.push({
        id: `int-${randomBytes(8).toString('hex')}-chat-${tenantId}`,
        startTime: now(),
      });
    }
    if (conversation.state !== 'active') {
      conversation.state = 'active';
      report(conversation, 'CONVERSATION_UPDATE', {
        state: 'active',
        assignment: { type: 'queue', id: queue.id },
      });
    }
    report(conversation, 'QUEUED', { queueId: queue.id, queueName: queue.name });
    this.#parts.changed(conversation);
  }

  agentTyping(conversation: SimConversation, agentId: string, typing: boolean): void {
    if (conversation.agentTyping === typing) return;
    conversation.agentTyping = typing;
    this.#parts.report(conversation, 'ACTIVITY', {
      name: 'typing',
      value: { users: typing ? [{ type: 'agent', id: agentId }] : [] },
    });
  }

  agentLeft(conversation: SimConversation, agentId: string): void {
    this.agentTyping(conversation, agentId, false);
    this.#parts.report(conversation, 'MEMBERS_CHANGED', {
      memberType: 'agent',
      change: 'left',
      id: agentId,
    });
    conversation.agentId = undefined;
  }

  /**
   * The interaction is over: the agent leaves, and the conversation goes idle.
   * `reported` leaves one of the two webhooks out (the `agentEnd` variant).
   */
  endInteraction(conversation: SimConversation, reported = { agentLeft: true, idle: true }): void {
    if (conversation.agentId) {
      if (reported.agentLeft) this.agentLeft(conversation, conversation.agentId);
      else this.agentTyping(conversation, conversation.agentId, false);
      conversation.agentId = undefined;
    }
    conversation.waiting = false;
    for (const interaction of conversation.interactions) interaction.endTime ??= now();
    if (conversation.state !== 'idle') {
      conversation.state = 'idle';
      if (reported.idle) this.#parts.report(conversation, 'CONVERSATION_UPDATE', { state: 'idle' });
    }
    this.#parts.changed(conversation);
  }

  addMessage(
    conversation: SimConversation,
    author: SimMessage['author'],
    text: string,
    attachmentIds: string[] = [],
    cards: Record<string, unknown>[] = [],
  ): SimMessage {
    const message: SimMessage = {
      id: newId(),
      text,
      createdAt: now(),
      author,
      attachmentIds,
      cards,
      interactionId: conversation.interactions.at(-1)?.id ?? '',
    };
    conversation.messages.push(message);
    return message;
  }
}
