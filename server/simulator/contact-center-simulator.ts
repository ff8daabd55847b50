import { createHmac, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Faults } from './faults.js';
import { SigningKey } from './signing-key.js';
import { type Delivery, WebhookSender } from './webhook-sender.js';
import { type GatewayEvent, toLegacyEvent } from './wire-events.js';

/**
 * A contact center on loopback: the state and lifecycle behind the simulated 8x8
 * APIs (gateway-routes.ts, legacy-routes.ts) and the agent console
 * (agent-console.ts). Conversations follow the documented lifecycle and every
 * change is reported to the channel's webhook, signed as 8x8 signs it, in the
 * format of that webhook's version: Chat Gateway v1.0 or the legacy v2.0.
 */

export interface Queue {
  id: string;
  name: string;
}

export interface Agent {
  id: string;
  name: string;
}

/** Webhook versions 8x8 accepts: the gateway's, and the legacy API's signed v2.0. */
export const GATEWAY_VERSION = 'Chat Gateway v1.0';
export const LEGACY_VERSION = 'v2.0';

export interface SimWebhook {
  id: string;
  name: string;
  uri: string;
  version: string;
}

export interface SimChannel {
  id: string;
  name: string;
  type: 'ChatAPI';
  webHookId: string;
  routingOptions: { type: 'queue'; id: string };
}

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
  agentId?: string;
  /** Legacy: the agent ended the chat and is held until the customer leaves. */
  heldAgentId?: string;
  userRemoved: boolean;
  userTyping: boolean;
  agentTyping: boolean;
  createdAt: string;
  messages: SimMessage[];
  attachments: SimAttachment[];
  interactions: SimInteraction[];
}

export interface SimulatorOptions {
  apiKey: string;
  /** The legacy API's OAuth secret (its key is apiKey). */
  apiSecret?: string;
  tenantId?: string;
  customerId?: string;
  queues?: Queue[];
  agents?: Agent[];
  /** Lifetime of the legacy API's OAuth tokens. */
  tokenTtlSeconds?: number;
  /** Delay before webhook retry n, ms. */
  retryDelayMs?: (retry: number) => number;
  maxRetries?: number;
}

export const DEFAULT_QUEUES: Queue[] = [
  { id: '101', name: 'Customer Support' },
  { id: '102', name: 'Billing' },
  { id: '103', name: 'Sales' },
];

export const DEFAULT_AGENTS: Agent[] = [
  { id: 'agent-alex', name: 'Alex Morgan' },
  { id: 'agent-sam', name: 'Sam Okafor' },
  { id: 'agent-kim', name: 'Kim Lindqvist' },
];

export class SimulatorError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/** How long the console shows "Visitor is typing…" after the last typing call. */
const TYPING_SHOWN_MS = 6000;

const newId = () => randomBytes(16).toString('base64url');
const now = () => new Date().toISOString();

export class ContactCenterSimulator extends EventEmitter<{ change: []; delivery: [Delivery] }> {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly tenantId: string;
  readonly customerId: string;
  readonly queues: Queue[];
  readonly agents: Agent[];
  readonly tokenTtlSeconds: number;
  readonly webhooks = new Map<string, SimWebhook>();
  readonly channels = new Map<string, SimChannel>();
  readonly conversations = new Map<string, SimConversation>();
  /** Every key ever used stays published, so events signed before a rotation still verify. */
  readonly keys = new Map<string, SigningKey>();
  /** Fault injection for tests and benchmarks (control-routes.ts is its HTTP face). */
  readonly faults = new Faults();
  readonly sender: WebhookSender;
  /** The legacy API's OAuth tokens and when they expire (epoch ms). */
  readonly tokens = new Map<string, number>();
  /** The simulator's own address, for the pre-signed download URLs it hands out. */
  baseUrl = '';
  #key: SigningKey;
  #nextId = 12;
  readonly #urlSecret = randomBytes(32);
  readonly #typingTimers = new Map<string, NodeJS.Timeout>();

  constructor(options: SimulatorOptions) {
    super();
    this.apiKey = options.apiKey;
    this.apiSecret = options.apiSecret ?? randomBytes(24).toString('base64url');
    this.tenantId = options.tenantId ?? 'parleydemo01';
    this.customerId = options.customerId ?? 'parleydemo';
    this.queues = options.queues ?? DEFAULT_QUEUES;
    this.agents = options.agents ?? DEFAULT_AGENTS;
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 1799;
    this.#key = new SigningKey();
    this.keys.set(this.#key.kid, this.#key);
    this.sender = new WebhookSender({
      tenantId: this.tenantId,
      customerId: this.customerId,
      key: () => this.#key,
      retryDelayMs: options.retryDelayMs ?? ((retry) => Math.min(1000 * 2 ** (retry - 1), 30_000)),
      maxRetries: options.maxRetries ?? 8,
      timeoutMs: 10_000,
      faults: this.faults.webhooks,
      onDelivery: (delivery) => this.emit('delivery', delivery),
    });
  }

  /** The key that signs from now on; the old ones stay published. */
  get signingKey(): SigningKey {
    return this.#key;
  }

  rotateKey(): SigningKey {
    this.#key = new SigningKey();
    this.keys.set(this.#key.kid, this.#key);
    return this.#key;
  }

  // ---- the legacy API's OAuth tokens ----

  issueToken(): { token: string; expiresIn: number } {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, Date.now() + this.tokenTtlSeconds * 1000);
    return { token, expiresIn: this.tokenTtlSeconds };
  }

  tokenValid(token: string): boolean {
    const expires = this.tokens.get(token);
    return expires !== undefined && expires > Date.now();
  }

  /** Every token stops working at once (as when a key is rotated in Admin Console). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  // ---- configuration (webhooks and channels) ----

  createWebhook(input: { name: string; uri: string; version: string }): SimWebhook {
    const webhook = { id: String(this.#nextId++), ...input };
    this.webhooks.set(webhook.id, webhook);
    this.#changed();
    return webhook;
  }

  updateWebhook(id: string, input: { name: string; uri: string; version: string }): SimWebhook {
    const webhook = this.webhook(id);
    Object.assign(webhook, input);
    return webhook;
  }

  deleteWebhook(id: string): void {
    this.webhook(id);
    this.webhooks.delete(id);
  }

  webhook(id: string): SimWebhook {
    const webhook = this.webhooks.get(id);
    if (!webhook) throw notFound('WebHook', id);
    return webhook;
  }

  createChannel(input: { name: string; webHookId: string; queueId: string }): SimChannel {
    const channel: SimChannel = {
      id: String(this.#nextId++),
      name: input.name,
      type: 'ChatAPI',
      webHookId: input.webHookId,
      routingOptions: { type: 'queue', id: input.queueId },
    };
    this.#checkChannel(channel);
    this.channels.set(channel.id, channel);
    this.#changed();
    return channel;
  }

  updateChannel(
    id: string,
    input: { name: string; webHookId: string; queueId: string },
  ): SimChannel {
    const channel = this.channel(id);
    const updated: SimChannel = {
      ...channel,
      name: input.name,
      webHookId: input.webHookId,
      routingOptions: { type: 'queue', id: input.queueId },
    };
    this.#checkChannel(updated);
    this.channels.set(id, updated);
    return updated;
  }

  deleteChannel(id: string): void {
    this.channel(id);
    this.channels.delete(id);
  }

  channel(id: string): SimChannel {
    const channel = this.channels.get(id);
    if (!channel) throw notFound('Channel', id);
    return channel;
  }

  #checkChannel(channel: SimChannel) {
    if (!this.webhooks.has(channel.webHookId)) {
      throw new SimulatorError(400, `Webhook ID ${channel.webHookId} is invalid.`);
    }
    this.#queue(channel.routingOptions.id);
  }

  // ---- the visitor's side, as the proxy drives it through the API ----

  createConversation(input: {
    channelId: string;
    user: SimUser;
    customer?: Record<string, string>;
    queueId?: string;
    api?: 'gateway' | 'legacy';
    history?: { text: string; type: 'user' | 'bot' }[];
  }): SimConversation {
    const channel = this.channels.get(input.channelId);
    if (!channel) throw new SimulatorError(400, `Channel ID ${input.channelId} is invalid.`);
    const queueId = input.queueId ?? channel.routingOptions.id;
    this.#queue(queueId);
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
      attachments: [],
      interactions: [],
    };
    for (const item of input.history ?? []) {
      this.#addMessage(conversation, { id: 'user', type: item.type }, item.text);
    }
    this.conversations.set(conversation.id, conversation);
    // 8x8 answers 202 first and reports progress by webhook.
    setImmediate(() => {
      this.#emit(conversation, 'CONVERSATION_UPDATE', {
        state: 'created',
        assignment: { type: 'queue', id: queueId },
        user: conversation.user,
        channel: 'ChatAPI',
      });
      this.#enqueue(conversation, queueId);
    });
    this.#changed();
    return conversation;
  }

  userMessage(
    conversationId: string,
    text: string,
    authorType: 'user' | 'bot',
    attachmentIds: string[] = [],
  ): SimMessage {
    const conversation = this.conversation(conversationId);
    for (const id of attachmentIds) this.attachment(conversation, id);
    const message = this.#addMessage(
      conversation,
      { id: 'user', type: authorType },
      text,
      attachmentIds,
    );
    conversation.userTyping = false;
    // The tolerant reading of an [UNCONFIRMED] point: messages the integration
    // posts come back as echoes (the gateway only; the legacy API echoes nothing).
    this.#emit(conversation, 'MESSAGE', {
      isEcho: true,
      sender: { id: 'user', type: authorType },
      text,
      attachments: attachmentIds.map((id) => this.#attachmentEvent(conversation, id)),
      cards: [],
    });
    // A message after the chat ended, or after the agent left, queues it again
    // (documented for the legacy API; the tolerant reading for the gateway).
    if (!conversation.agentId && !conversation.waiting) {
      conversation.userRemoved = false;
      this.#enqueue(conversation, conversation.queueId);
    }
    this.#changed();
    return message;
  }

  /** G29: a file the integration will send in a message. */
  upload(
    conversationId: string,
    file: { filename: string; contentType: string; data: Buffer },
  ): SimAttachment {
    const conversation = this.conversation(conversationId);
    const attachment: SimAttachment = {
      id: newId(),
      ...file,
      sizeInBytes: file.data.length,
      createdAt: now(),
    };
    conversation.attachments.push(attachment);
    this.#changed();
    return attachment;
  }

  attachment(conversation: SimConversation, id: string): SimAttachment {
    const found = conversation.attachments.find((attachment) => attachment.id === id);
    if (!found) throw notFound('Attachment', id);
    return found;
  }

  /** Like 8x8's pre-signed storage URLs: anyone with the URL can download, nobody can guess it. */
  preSignedUrl(conversationId: string, attachmentId: string): string {
    return `${this.baseUrl}/files/${conversationId}/${attachmentId}?signature=${this.#urlSignature(conversationId, attachmentId)}`;
  }

  checkUrlSignature(conversationId: string, attachmentId: string, signature: string): boolean {
    return signature === this.#urlSignature(conversationId, attachmentId);
  }

  #urlSignature(conversationId: string, attachmentId: string) {
    return createHmac('sha256', this.#urlSecret)
      .update(`${conversationId}/${attachmentId}`)
      .digest('base64url');
  }

  #attachmentEvent(conversation: SimConversation, id: string) {
    const attachment = this.attachment(conversation, id);
    const top = attachment.contentType.split('/')[0];
    return {
      id,
      type: top === 'image' || top === 'video' || top === 'audio' ? top : 'file',
      preSignedUrl: this.preSignedUrl(conversation.id, id),
      fileName: attachment.filename,
    };
  }

  /** G20. Like 8x8's indicator, it goes out by itself after a few seconds. */
  userTyping(conversationId: string): void {
    const conversation = this.conversation(conversationId);
    conversation.userTyping = true;
    clearTimeout(this.#typingTimers.get(conversationId));
    const timer = setTimeout(() => {
      this.#typingTimers.delete(conversationId);
      conversation.userTyping = false;
      this.#changed();
    }, TYPING_SHOWN_MS);
    timer.unref();
    this.#typingTimers.set(conversationId, timer);
    this.#changed();
  }

  /** G24 / L18: the visitor left; the interaction ends and the agent is free. */
  userLeaves(conversationId: string): void {
    const conversation = this.conversation(conversationId);
    if (conversation.userRemoved) return;
    conversation.userRemoved = true;
    conversation.userTyping = false;
    this.#emit(conversation, 'MEMBERS_CHANGED', { memberType: 'user', change: 'left', id: 'user' });
    if (conversation.heldAgentId) {
      // Legacy: the agent who ended the chat is freed now, and says so once more.
      this.#emit(conversation, 'MEMBERS_CHANGED', {
        memberType: 'agent',
        change: 'left',
        id: conversation.heldAgentId,
      });
      conversation.heldAgentId = undefined;
    }
    this.#endInteraction(conversation);
  }

  // ---- the agent's side, as the console drives it ----

  accept(agentId: string, conversationId: string): void {
    const agent = this.agent(agentId);
    const conversation = this.conversation(conversationId);
    if (conversation.agentId) throw new SimulatorError(409, 'Another agent already has this chat.');
    if (!conversation.waiting) throw new SimulatorError(409, 'This chat is not waiting.');
    conversation.agentId = agent.id;
    conversation.waiting = false;
    this.#emit(conversation, 'CONVERSATION_UPDATE', {
      state: 'active',
      assignment: { type: 'agent', id: agent.id },
    });
    this.#emit(conversation, 'MEMBERS_CHANGED', {
      memberType: 'agent',
      change: 'joined',
      id: agent.id,
    });
    this.#changed();
  }

  agentMessage(agentId: string, conversationId: string, text: string): void {
    const conversation = this.#assigned(agentId, conversationId);
    this.#addMessage(conversation, { id: agentId, type: 'agent' }, text);
    conversation.agentTyping = false;
    this.#emit(conversation, 'MESSAGE', {
      isEcho: false,
      sender: { id: agentId, type: 'agent' },
      text,
      attachments: [],
      cards: [],
    });
    this.#changed();
  }

  agentTyping(agentId: string, conversationId: string, typing: boolean): void {
    const conversation = this.#assigned(agentId, conversationId);
    if (conversation.agentTyping === typing) return;
    conversation.agentTyping = typing;
    this.#emit(conversation, 'ACTIVITY', {
      name: 'typing',
      value: { users: typing ? [{ type: 'agent', id: agentId }] : [] },
    });
  }

  /** TRANSFER, agent left, queued again in the target queue: another agent will join. */
  transfer(agentId: string, conversationId: string, queueId: string): void {
    const conversation = this.#assigned(agentId, conversationId);
    this.#queue(queueId);
    this.#emit(conversation, 'TRANSFER');
    this.#agentLeft(conversation, agentId);
    this.#enqueue(conversation, queueId);
  }

  /**
   * The agent leaves without ending the chat: agent left (no TRANSFER before it).
   * Nobody is assigned; the visitor's next message queues the chat again.
   */
  leave(agentId: string, conversationId: string): void {
    const conversation = this.#assigned(agentId, conversationId);
    this.#agentLeft(conversation, agentId);
    this.#changed();
  }

  /**
   * The agent ends the chat. Gateway: agent left, then idle. Legacy: AGENT_LEFT,
   * and the agent stays held until the integration calls "customer leaves".
   */
  end(agentId: string, conversationId: string): void {
    const conversation = this.#assigned(agentId, conversationId);
    if (conversation.api === 'legacy') {
      this.#agentLeft(conversation, agentId);
      conversation.heldAgentId = agentId;
      this.#changed();
      return;
    }
    this.#endInteraction(conversation);
  }

  // ---- lookups ----

  conversation(id: string): SimConversation {
    const conversation = this.conversations.get(id);
    if (!conversation) throw notFound('Conversation', id);
    return conversation;
  }

  agent(id: string): Agent {
    const agent = this.agents.find((candidate) => candidate.id === id);
    if (!agent) throw new SimulatorError(404, `There is no agent ${id}.`);
    return agent;
  }

  #queue(id: string): Queue {
    const queue = this.queues.find((candidate) => candidate.id === id);
    if (!queue) throw new SimulatorError(400, `Queue ID ${id} is invalid.`);
    return queue;
  }

  #assigned(agentId: string, conversationId: string): SimConversation {
    this.agent(agentId);
    const conversation = this.conversation(conversationId);
    if (conversation.agentId !== agentId) throw new SimulatorError(409, 'This chat is not yours.');
    return conversation;
  }

  #enqueue(conversation: SimConversation, queueId: string) {
    const queue = this.#queue(queueId);
    conversation.queueId = queue.id;
    conversation.waiting = true;
    if (!conversation.interactions.some((interaction) => !interaction.endTime)) {
      conversation.interactions.push({
        id: `int-${randomBytes(8).toString('hex')}-chat-${this.tenantId}`,
        startTime: now(),
      });
    }
    if (conversation.state !== 'active') {
      conversation.state = 'active';
      this.#emit(conversation, 'CONVERSATION_UPDATE', {
        state: 'active',
        assignment: { type: 'queue', id: queue.id },
      });
    }
    this.#emit(conversation, 'QUEUED', { queueId: queue.id, queueName: queue.name });
    this.#changed();
  }

  #agentLeft(conversation: SimConversation, agentId: string) {
    if (conversation.agentTyping) this.agentTyping(agentId, conversation.id, false);
    this.#emit(conversation, 'MEMBERS_CHANGED', {
      memberType: 'agent',
      change: 'left',
      id: agentId,
    });
    conversation.agentId = undefined;
  }

  #endInteraction(conversation: SimConversation) {
    if (conversation.agentId) this.#agentLeft(conversation, conversation.agentId);
    conversation.waiting = false;
    for (const interaction of conversation.interactions) interaction.endTime ??= now();
    if (conversation.state !== 'idle') {
      conversation.state = 'idle';
      this.#emit(conversation, 'CONVERSATION_UPDATE', { state: 'idle' });
    }
    this.#changed();
  }

  #addMessage(
    conversation: SimConversation,
    author: SimMessage['author'],
    text: string,
    attachmentIds: string[] = [],
  ) {
    const message: SimMessage = {
      id: newId(),
      text,
      createdAt: now(),
      author,
      attachmentIds,
      interactionId: conversation.interactions.at(-1)?.id ?? '',
    };
    conversation.messages.push(message);
    return message;
  }

  /** Reports one event to the conversation's channel webhook, in that webhook's version. */
  #emit(conversation: SimConversation, eventType: string, data?: Record<string, unknown>) {
    const channel = this.channels.get(conversation.channelId);
    const webhook = channel && this.webhooks.get(channel.webHookId);
    if (!webhook?.uri) return;
    const event: GatewayEvent = {
      eventType,
      conversationId: conversation.id,
      timestamp: Date.now(),
      ...(data ? { data } : {}),
    };
    const body =
      webhook.version === LEGACY_VERSION
        ? toLegacyEvent(event, (id) => this.agents.find((agent) => agent.id === id)?.name)
        : event;
    if (body) void this.sender.send(webhook, conversation.id, body);
  }

  #changed() {
    this.emit('change');
  }
}

function notFound(type: string, id: string) {
  return new SimulatorError(404, `Resource of type ${type} with id ${id} was not found.`);
}
