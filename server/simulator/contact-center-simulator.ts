import { createHmac, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { SigningKey } from './signing-key.js';
import { type Delivery, WebhookSender } from './webhook-sender.js';

/**
 * A contact center on loopback: the state and lifecycle behind the simulated 8x8
 * APIs (gateway-routes.ts) and the agent console (agent-console.ts). Conversations
 * follow the documented Chat Gateway lifecycle and every change is reported to
 * the channel's webhook, signed as 8x8 signs it.
 */

export interface Queue {
  id: string;
  name: string;
}

export interface Agent {
  id: string;
  name: string;
}

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
}

export interface SimAttachment {
  id: string;
  filename: string;
  contentType: string;
  sizeInBytes: number;
  createdAt: string;
  data: Buffer;
}

export interface SimConversation {
  id: string;
  channelId: string;
  user: SimUser;
  state: 'created' | 'active' | 'idle';
  queueId: string;
  agentId?: string;
  userRemoved: boolean;
  userTyping: boolean;
  createdAt: string;
  messages: SimMessage[];
  attachments: SimAttachment[];
}

export interface SimulatorOptions {
  apiKey: string;
  tenantId?: string;
  customerId?: string;
  queues?: Queue[];
  agents?: Agent[];
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
];

export class SimulatorError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

const newId = () => randomBytes(16).toString('base64url');

export class ContactCenterSimulator extends EventEmitter<{ change: []; delivery: [Delivery] }> {
  readonly apiKey: string;
  readonly tenantId: string;
  readonly customerId: string;
  readonly queues: Queue[];
  readonly agents: Agent[];
  readonly webhooks = new Map<string, SimWebhook>();
  readonly channels = new Map<string, SimChannel>();
  readonly conversations = new Map<string, SimConversation>();
  /** Every key ever used stays published, so events signed before a rotation still verify. */
  readonly keys = new Map<string, SigningKey>();
  #key: SigningKey;
  #nextId = 12;
  readonly sender: WebhookSender;

  constructor(options: SimulatorOptions) {
    super();
    this.apiKey = options.apiKey;
    this.tenantId = options.tenantId ?? 'parleydemo01';
    this.customerId = options.customerId ?? 'parleydemo';
    this.queues = options.queues ?? DEFAULT_QUEUES;
    this.agents = options.agents ?? DEFAULT_AGENTS;
    this.#key = new SigningKey();
    this.keys.set(this.#key.kid, this.#key);
    this.sender = new WebhookSender({
      tenantId: this.tenantId,
      customerId: this.customerId,
      key: () => this.#key,
      retryDelayMs: options.retryDelayMs ?? ((retry) => Math.min(1000 * 2 ** (retry - 1), 30_000)),
      maxRetries: options.maxRetries ?? 8,
      timeoutMs: 10_000,
      onDelivery: (delivery) => this.emit('delivery', delivery),
    });
  }

  rotateKey(): SigningKey {
    this.#key = new SigningKey();
    this.keys.set(this.#key.kid, this.#key);
    return this.#key;
  }

  // ---- configuration (webhooks and channels) ----

  createWebhook(input: { name: string; uri: string; version: string }): SimWebhook {
    const webhook = { id: String(this.#nextId++), ...input };
    this.webhooks.set(webhook.id, webhook);
    return webhook;
  }

  createChannel(input: { name: string; webHookId: string; queueId: string }): SimChannel {
    if (!this.webhooks.has(input.webHookId)) {
      throw new SimulatorError(400, `Webhook ID ${input.webHookId} is invalid.`);
    }
    this.#queue(input.queueId);
    const channel: SimChannel = {
      id: String(this.#nextId++),
      name: input.name,
      type: 'ChatAPI',
      webHookId: input.webHookId,
      routingOptions: { type: 'queue', id: input.queueId },
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  // ---- the visitor's side, as the proxy drives it through the API ----

  createConversation(input: {
    channelId: string;
    user: SimUser;
    queueId?: string;
  }): SimConversation {
    const channel = this.channels.get(input.channelId);
    if (!channel) throw new SimulatorError(400, `Channel ID ${input.channelId} is invalid.`);
    const queueId = input.queueId ?? channel.routingOptions.id;
    this.#queue(queueId);
    const conversation: SimConversation = {
      id: newId(),
      channelId: channel.id,
      user: input.user,
      state: 'created',
      queueId,
      userRemoved: false,
      userTyping: false,
      createdAt: new Date().toISOString(),
      messages: [],
      attachments: [],
    };
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
    // posts come back as echoes, and an idle conversation re-opens (as in the legacy API).
    this.#emit(conversation, 'MESSAGE', {
      isEcho: true,
      sender: { id: 'user', type: authorType },
      text,
      attachments: attachmentIds.map((id) => this.#attachmentEvent(conversation, id)),
      cards: [],
    });
    if (conversation.state === 'idle' || conversation.userRemoved) {
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
      createdAt: new Date().toISOString(),
    };
    conversation.attachments.push(attachment);
    this.#changed();
    return attachment;
  }

  attachment(conversation: SimConversation, id: string): SimAttachment {
    const found = conversation.attachments.find((attachment) => attachment.id === id);
    if (!found)
      throw new SimulatorError(404, `Resource of type Attachment with id ${id} was not found.`);
    return found;
  }

  /** The simulator's own address, for the pre-signed download URLs it hands out. */
  baseUrl = '';
  readonly #urlSecret = randomBytes(32);

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

  userTyping(conversationId: string): void {
    const conversation = this.conversation(conversationId);
    conversation.userTyping = true;
    this.#changed();
  }

  userLeaves(conversationId: string): void {
    const conversation = this.conversation(conversationId);
    if (conversation.userRemoved) return;
    conversation.userRemoved = true;
    this.#emit(conversation, 'MEMBERS_CHANGED', { memberType: 'user', change: 'left', id: 'user' });
    this.#endInteraction(conversation);
  }

  // ---- the agent's side, as the console drives it ----

  accept(agentId: string, conversationId: string): void {
    const agent = this.agent(agentId);
    const conversation = this.conversation(conversationId);
    if (conversation.agentId) throw new SimulatorError(409, 'Another agent already has this chat.');
    if (conversation.state !== 'active') throw new SimulatorError(409, 'This chat is not waiting.');
    conversation.agentId = agent.id;
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
    this.#emit(conversation, 'MEMBERS_CHANGED', {
      memberType: 'agent',
      change: 'left',
      id: agentId,
    });
    conversation.agentId = undefined;
    this.#enqueue(conversation, queueId);
  }

  /** The agent ends the chat: agent left with no TRANSFER before it, then idle. */
  end(agentId: string, conversationId: string): void {
    const conversation = this.#assigned(agentId, conversationId);
    this.#endInteraction(conversation);
  }

  // ---- lookups ----

  conversation(id: string): SimConversation {
    const conversation = this.conversations.get(id);
    if (!conversation) {
      throw new SimulatorError(404, `Resource of type Conversation with id ${id} was not found.`);
    }
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

  #endInteraction(conversation: SimConversation) {
    if (conversation.agentId) {
      this.#emit(conversation, 'MEMBERS_CHANGED', {
        memberType: 'agent',
        change: 'left',
        id: conversation.agentId,
      });
      conversation.agentId = undefined;
    }
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
    const message = {
      id: newId(),
      text,
      createdAt: new Date().toISOString(),
      author,
      attachmentIds,
    };
    conversation.messages.push(message);
    return message;
  }

  /** Reports one event to the conversation's channel webhook. */
  #emit(conversation: SimConversation, eventType: string, data?: Record<string, unknown>) {
    const channel = this.channels.get(conversation.channelId);
    const webhook = channel && this.webhooks.get(channel.webHookId);
    if (!webhook) return;
    const body = {
      eventType,
      conversationId: conversation.id,
      timestamp: Date.now(),
      ...(data ? { data } : {}),
    };
    void this.sender.send({ uri: webhook.uri }, conversation.id, body);
  }

  #changed() {
    this.emit('change');
  }
}
