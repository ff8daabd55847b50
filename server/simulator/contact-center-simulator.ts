import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { type Agent, AgentActions, type AgentFile, DEFAULT_AGENTS } from './agent-actions.js';
import { ApiCalls } from './api-calls.js';
import { Attachments, type UrlCheck } from './attachments.js';
import { CardActions } from './card-actions.js';
import {
  type ChannelInput,
  Configuration,
  DEFAULT_QUEUES,
  type Queue,
  type SimChannel,
  type SimWebhook,
  type VersionField,
  type WebhookInput,
} from './configuration.js';
import {
  Conversations,
  type NewConversation,
  type SimAttachment,
  type SimConversation,
  type SimMessage,
} from './conversations.js';
import { Credentials } from './credentials.js';
import { eventReporter } from './event-reporter.js';
import { Faults } from './faults.js';
import { type Metric, QueueStatistics } from './queue-statistics.js';
import { SimSchedules } from './schedules.js';
import type { SigningKey } from './signing-key.js';
import type { SimulatorStorage } from './simulator-storage.js';
import { type Delivery, type PendingDelivery, WebhookSender } from './webhook-sender.js';

export type { Agent, AgentFile } from './agent-actions.js';
export {
  DEFAULT_QUEUES,
  GATEWAY_VERSION,
  LEGACY_VERSION,
  type Queue,
  type SimChannel,
  type SimWebhook,
} from './configuration.js';
export type {
  SimAttachment,
  SimConversation,
  SimInteraction,
  SimMessage,
  SimUser,
} from './conversations.js';
export { SimulatorError } from './simulator-error.js';

/**
 * A contact center on loopback: the state and lifecycle behind the simulated 8x8
 * APIs (gateway-routes.ts, legacy-routes.ts) and the agent console
 * (agent-console.ts). Conversations follow the documented lifecycle and every
 * change is reported to the channel's webhook, signed as 8x8 signs it, in the
 * format of that webhook's version: Chat Gateway v1.0 or the legacy v2.0.
 *
 * One face over its parts, each a concept of its own: credentials.ts (keys and
 * tokens), configuration.ts (queues, webhooks, channels), conversations.ts (the
 * lifecycle and the visitor's side), attachments.ts, agent-actions.ts (the
 * agent's side) and event-reporter.ts (events to the channel's webhook).
 */

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
  /** Channel ids like f5odm43occnifcdcsa instead of digits: 8x8 documents both forms. */
  opaqueChannelIds?: boolean;
  /**
   * Its own SQLite file (the demo's, beside the proxy's data): it starts from what
   * the file kept and keeps every change there. Without one it lives in memory.
   */
  storage?: SimulatorStorage;
}

export class ContactCenterSimulator extends EventEmitter<{ change: []; delivery: [Delivery] }> {
  readonly tenantId: string;
  /** 8x8's Tenant Schedule API (schedules.ts). */
  readonly schedules = new SimSchedules();
  readonly customerId: string;
  readonly #credentials: Credentials;
  readonly #configuration: Configuration;
  readonly #attachments: Attachments;
  readonly #conversations: Conversations;
  readonly #agents: AgentActions;
  readonly #statistics = new QueueStatistics();
  /** Agents logged out of Agent Workspace: the queue statistics count them out. */
  readonly #loggedOut = new Set<string>();
  readonly #cards: CardActions;
  /** Fault injection for tests and benchmarks (control-routes.ts is its HTTP face). */
  readonly faults = new Faults();
  /** The calls made to the API, for tests that count them. */
  readonly calls = new ApiCalls();
  readonly sender: WebhookSender;
  /** The simulator's own address, for the pre-signed download URLs it hands out. */
  baseUrl = '';
  readonly #storage: SimulatorStorage | undefined;
  /** Webhook events a restart interrupted, until resumeDeliveries(). */
  #interrupted: PendingDelivery[];

  constructor(options: SimulatorOptions) {
    super();
    const storage = options.storage;
    const saved = storage?.load();
    this.#storage = storage;
    this.#interrupted = saved?.deliveries ?? [];
    const conversationChanged = (conversation: SimConversation) => {
      storage?.saveConversation(conversation);
      this.emit('change');
    };
    const configurationChanged = () => {
      storage?.saveConfiguration(this.#configuration.saved());
      this.emit('change');
    };
    this.tenantId = options.tenantId ?? 'parleydemo01';
    this.customerId = options.customerId ?? 'parleydemo';
    this.#credentials = new Credentials({
      apiKey: options.apiKey,
      apiSecret: options.apiSecret ?? randomBytes(24).toString('base64url'),
      tokenTtlSeconds: options.tokenTtlSeconds ?? 1799,
      ...(saved ? { keys: saved.signingKeys } : {}),
    });
    this.#configuration = new Configuration(
      options.queues ?? DEFAULT_QUEUES,
      configurationChanged,
      {
        saved: saved?.configuration,
        opaqueChannelIds: options.opaqueChannelIds ?? false,
      },
    );
    this.#attachments = new Attachments(
      () => this.baseUrl,
      conversationChanged,
      saved?.urlSecret ? Buffer.from(saved.urlSecret, 'base64url') : undefined,
    );
    storage?.saveSigningKeys(this.#credentials.savedKeys());
    storage?.saveUrlSecret(this.#attachments.urlSecret.toString('base64url'));
    this.sender = new WebhookSender({
      identity: () => {
        const variants = this.faults.variants.current;
        return {
          tenantId: variants.webhookTenantId ?? this.tenantId,
          customerId: variants.webhookCustomerId ?? this.customerId,
        };
      },
      key: () => this.#credentials.signingKey,
      retryDelayMs: options.retryDelayMs ?? ((retry) => Math.min(1000 * 2 ** (retry - 1), 30_000)),
      maxRetries: options.maxRetries ?? 8,
      timeoutMs: 10_000,
      faults: this.faults.webhooks,
      onDelivery: (delivery) => this.emit('delivery', delivery),
      ...(storage ? { journal: storage } : {}),
    });
    const agents = options.agents ?? DEFAULT_AGENTS;
    const report = eventReporter({
      configuration: this.#configuration,
      sender: this.sender,
      agentName: (id) => agents.find((agent) => agent.id === id)?.name,
      variants: this.faults.variants,
    });
    this.#conversations = new Conversations(
      {
        tenantId: this.tenantId,
        configuration: this.#configuration,
        attachments: this.#attachments,
        report,
        changed: conversationChanged,
      },
      saved?.conversations,
    );
    this.#cards = new CardActions({
      conversations: this.#conversations,
      report,
      changed: conversationChanged,
    });
    this.#agents = new AgentActions({
      agents,
      conversations: this.#conversations,
      configuration: this.#configuration,
      attachments: this.#attachments,
      report,
      changed: conversationChanged,
      variants: this.faults.variants,
    });
  }

  // ---- across restarts (simulator-storage.ts) ----

  /**
   * Delivers the webhook events a restart interrupted, as 8x8 keeps retrying
   * them: call once the webhooks' receivers are listening again.
   */
  resumeDeliveries(): void {
    const interrupted = this.#interrupted;
    this.#interrupted = [];
    this.sender.resume(interrupted, (id) => this.#configuration.webhooks.get(id));
  }

  /** Stops delivering; what is not acknowledged stays in the file for the next start. */
  stop(): void {
    this.sender.stop();
  }

  // ---- keys and tokens (credentials.ts) ----

  get apiKey(): string {
    return this.#credentials.apiKey;
  }
  get apiSecret(): string {
    return this.#credentials.apiSecret;
  }
  get tokenTtlSeconds(): number {
    return this.#credentials.tokenTtlSeconds;
  }
  /** Every key ever used stays published, so events signed before a rotation still verify. */
  get keys(): Map<string, SigningKey> {
    return this.#credentials.keys;
  }
  /** The legacy API's OAuth tokens and when they expire (epoch ms). */
  get tokens(): Map<string, number> {
    return this.#credentials.tokens;
  }
  /** The key that signs from now on; the old ones stay published. */
  get signingKey(): SigningKey {
    return this.#credentials.signingKey;
  }
  rotateKey(options: { sameKid?: boolean } = {}): SigningKey {
    const key = this.#credentials.rotateKey(options);
    this.#storage?.saveSigningKeys(this.#credentials.savedKeys());
    return key;
  }
  /** The client credentials of `POST /oauth/v2/token`: the API key and its secret. */
  clientValid(key: string | undefined, secret: string | undefined): boolean {
    return this.#credentials.clientValid(key, secret);
  }
  issueToken(): { token: string; expiresIn: number } {
    return this.#credentials.issueToken();
  }
  tokenValid(token: string): boolean {
    return this.#credentials.tokenValid(token);
  }
  revokeTokens(): void {
    this.#credentials.revokeTokens();
  }

  // ---- webhooks and channels (configuration.ts) ----

  get queues(): Queue[] {
    return this.#configuration.queues;
  }
  get webhooks(): Map<string, SimWebhook> {
    return this.#configuration.webhooks;
  }
  get channels(): Map<string, SimChannel> {
    return this.#configuration.channels;
  }
  /** Which version field webhook creates and updates must carry: either, or one of them. */
  get webhookVersionField(): VersionField {
    return this.#configuration.webhookVersionField;
  }
  set webhookVersionField(field: VersionField) {
    this.#configuration.webhookVersionField = field;
  }
  createWebhook(input: WebhookInput): SimWebhook {
    return this.#configuration.createWebhook(input);
  }
  updateWebhook(id: string, input: WebhookInput): SimWebhook {
    return this.#configuration.updateWebhook(id, input);
  }
  deleteWebhook(id: string): void {
    this.#configuration.deleteWebhook(id);
  }
  webhook(id: string): SimWebhook {
    return this.#configuration.webhook(id);
  }
  createChannel(input: ChannelInput): SimChannel {
    return this.#configuration.createChannel(input);
  }
  updateChannel(id: string, input: ChannelInput): SimChannel {
    return this.#configuration.updateChannel(id, input);
  }
  deleteChannel(id: string): void {
    this.#configuration.deleteChannel(id);
  }
  channel(id: string): SimChannel {
    return this.#configuration.channel(id);
  }

  // ---- conversations, the visitor's side (conversations.ts, attachments.ts) ----

  get conversations(): Map<string, SimConversation> {
    return this.#conversations.all;
  }
  conversation(id: string): SimConversation {
    return this.#conversations.get(id);
  }
  createConversation(input: NewConversation): SimConversation {
    return this.#conversations.create(input);
  }
  /**
   * With the `earlyWebhooks` variant, waits until the webhooks a create just
   * caused have been answered, so its 202 comes after them; otherwise at once.
   */
  async earlyWebhooksAnswered(conversationId: string): Promise<void> {
    if (!this.faults.variants.current.earlyWebhooks) return;
    // The create reports on the next turn of the event loop (Conversations.create).
    await new Promise((resolve) => setImmediate(resolve));
    await this.sender.settled(conversationId);
  }
  userMessage(...message: Parameters<Conversations['userMessage']>): SimMessage {
    return this.#conversations.userMessage(...message);
  }
  userRead(conversationId: string, readAt: number): void {
    this.#conversations.userRead(conversationId, readAt);
  }
  userTyping(conversationId: string): void {
    this.#conversations.userTyping(conversationId);
  }
  userLeaves(conversationId: string): void {
    this.#conversations.userLeaves(conversationId);
  }
  upload(
    conversationId: string,
    file: { filename: string; contentType: string; data: Buffer },
  ): SimAttachment {
    return this.#attachments.upload(this.conversation(conversationId), file);
  }
  attachment(conversation: SimConversation, id: string): SimAttachment {
    return this.#attachments.attachment(conversation, id);
  }
  /** Like 8x8's pre-signed storage URLs: anyone with the URL can download, nobody can guess it. */
  preSignedUrl(conversationId: string, attachmentId: string): string {
    return this.#attachments.preSignedUrl(conversationId, attachmentId);
  }
  checkUrl(
    conversationId: string,
    attachmentId: string,
    query: { issued?: string | undefined; signature?: string | undefined },
  ): UrlCheck {
    return this.#attachments.checkUrl(conversationId, attachmentId, query);
  }
  /** Every pre-signed URL handed out so far expires (8x8 does not document when its do). */
  expirePreSignedUrls(): void {
    this.#attachments.expireUrls();
  }

  // ---- the agent's side, as the console drives it (agent-actions.ts) ----

  get agents(): Agent[] {
    return this.#agents.agents;
  }
  agent(id: string): Agent {
    return this.#agents.agent(id);
  }
  accept(agentId: string, conversationId: string): void {
    const { queueId, queuedAt } = this.#conversations.get(conversationId);
    this.#agents.accept(agentId, conversationId);
    this.#statistics.accepted(
      queueId,
      Date.now() - Date.parse(queuedAt ?? new Date().toISOString()),
    );
  }

  // ---- queue statistics (queue-statistics.ts) ----

  /** The Real-time Metrics API's metrics of a queue, now. */
  queueMetrics(queueId: string): Metric[] {
    const conversations = [...this.#conversations.all.values()];
    const busy = new Set(
      conversations.flatMap((conversation) => (conversation.agentId ? [conversation.agentId] : [])),
    );
    const loggedIn = this.agents.filter((agent) => !this.#loggedOut.has(agent.id));
    return this.#statistics.metrics(
      queueId,
      conversations,
      { assigned: this.agents, loggedIn, busy },
      this.faults.variants.current.enabledAgents,
    );
  }

  /** The agent logs in to or out of Agent Workspace (every agent starts logged in). */
  setLoggedIn(agentId: string, loggedIn: boolean): void {
    this.agent(agentId);
    if (loggedIn) this.#loggedOut.delete(agentId);
    else this.#loggedOut.add(agentId);
  }
  agentMessage(
    agentId: string,
    conversationId: string,
    text: string,
    files?: AgentFile[],
    cards?: Record<string, unknown>[],
  ): void {
    this.#agents.message(agentId, conversationId, text, files, cards);
  }
  /** A card's action-submit (card-actions.ts), at the documented path or the gateway's. */
  cardActionSubmit(conversationId: string, cardId: string, path: 'tenant' | 'gateway'): void {
    this.#cards.submit(conversationId, cardId, path);
  }
  agentTyping(agentId: string, conversationId: string, typing: boolean): void {
    this.#agents.typing(agentId, conversationId, typing);
  }
  transfer(agentId: string, conversationId: string, queueId: string): void {
    this.#agents.transfer(agentId, conversationId, queueId);
  }
  leave(agentId: string, conversationId: string): void {
    this.#agents.leave(agentId, conversationId);
  }
  end(agentId: string, conversationId: string): void {
    this.#agents.end(agentId, conversationId);
  }
}
