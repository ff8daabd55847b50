import { randomBytes } from 'node:crypto';
import { notFound, SimulatorError } from './simulator-error.js';

/** Webhook versions 8x8 accepts: the gateway's, and the legacy API's signed v2.0. */
export const GATEWAY_VERSION = 'Chat Gateway v1.0';
export const LEGACY_VERSION = 'v2.0';

/**
 * Which version field a webhook create or update must carry. 8x8's OAS lists
 * `notificationVersion` as required but defines only `version`: `either` takes
 * either (or both, or neither: 8x8's default version), the others require that
 * one, so a test can prove a client satisfies each reading.
 */
export type VersionField = 'either' | 'version' | 'notificationVersion';

export interface Queue {
  id: string;
  name: string;
}

export const DEFAULT_QUEUES: Queue[] = [
  { id: '101', name: 'Customer Support' },
  { id: '102', name: 'Billing' },
  { id: '103', name: 'Sales' },
];

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

export type WebhookInput = { name: string; uri: string; version: string };
export type ChannelInput = { name: string; webHookId: string; queueId: string };

/** The set-up as a simulator's file keeps it. */
export interface SavedConfiguration {
  webhooks: SimWebhook[];
  channels: SimChannel[];
  nextId: number;
}

/**
 * The tenant's chat set-up, as `npm run 8x8:setup` or Admin Console makes it:
 * queues, webhooks (where events go, in which version) and channels (which
 * webhook and which queue a conversation gets).
 */
export class Configuration {
  readonly queues: Queue[];
  readonly webhooks = new Map<string, SimWebhook>();
  readonly channels = new Map<string, SimChannel>();
  /** Which version field webhook creates and updates must carry. */
  webhookVersionField: VersionField = 'either';
  readonly #changed: () => void;
  #nextId = 12;

  readonly #opaqueChannelIds: boolean;

  /**
   * `opaqueChannelIds`: channels get ids like the gateway's create-conversation
   * example (f5odm43occnifcdcsa) rather than digits like its Channel objects (25);
   * 8x8 documents both.
   */
  constructor(
    queues: Queue[],
    changed: () => void,
    options: { saved?: SavedConfiguration | undefined; opaqueChannelIds?: boolean } = {},
  ) {
    const { saved } = options;
    this.queues = queues;
    this.#changed = changed;
    this.#opaqueChannelIds = options.opaqueChannelIds ?? false;
    for (const webhook of saved?.webhooks ?? []) this.webhooks.set(webhook.id, webhook);
    for (const channel of saved?.channels ?? []) this.channels.set(channel.id, channel);
    if (saved) this.#nextId = saved.nextId;
  }

  saved(): SavedConfiguration {
    return {
      webhooks: [...this.webhooks.values()],
      channels: [...this.channels.values()],
      nextId: this.#nextId,
    };
  }

  createWebhook(input: WebhookInput): SimWebhook {
    const webhook = { id: String(this.#nextId++), ...input };
    this.webhooks.set(webhook.id, webhook);
    this.#changed();
    return webhook;
  }

  updateWebhook(id: string, input: WebhookInput): SimWebhook {
    const webhook = Object.assign(this.webhook(id), input);
    this.#changed();
    return webhook;
  }

  deleteWebhook(id: string): void {
    this.webhook(id);
    this.webhooks.delete(id);
    this.#changed();
  }

  webhook(id: string): SimWebhook {
    const webhook = this.webhooks.get(id);
    if (!webhook) throw notFound('WebHook', id);
    return webhook;
  }

  /** The webhook a channel reports to, if it still has one. */
  webhookOf(channelId: string): SimWebhook | undefined {
    const channel = this.channels.get(channelId);
    return channel && this.webhooks.get(channel.webHookId);
  }

  createChannel(input: ChannelInput): SimChannel {
    const id = this.#opaqueChannelIds ? opaqueId() : String(this.#nextId++);
    const channel = channelOf(id, input);
    this.#checkChannel(channel);
    this.channels.set(channel.id, channel);
    this.#changed();
    return channel;
  }

  updateChannel(id: string, input: ChannelInput): SimChannel {
    this.channel(id);
    const updated = channelOf(id, input);
    this.#checkChannel(updated);
    this.channels.set(id, updated);
    this.#changed();
    return updated;
  }

  deleteChannel(id: string): void {
    this.channel(id);
    this.channels.delete(id);
    this.#changed();
  }

  channel(id: string): SimChannel {
    const channel = this.channels.get(id);
    if (!channel) throw notFound('Channel', id);
    return channel;
  }

  queue(id: string): Queue {
    const queue = this.queues.find((candidate) => candidate.id === id);
    if (!queue) throw new SimulatorError(400, `Queue ID ${id} is invalid.`);
    return queue;
  }

  #checkChannel(channel: SimChannel) {
    if (!this.webhooks.has(channel.webHookId)) {
      throw new SimulatorError(400, `Webhook ID ${channel.webHookId} is invalid.`);
    }
    this.queue(channel.routingOptions.id);
  }
}

/** 18 lowercase letters and digits, as in 8x8's example. */
function opaqueId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(18)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

function channelOf(id: string, input: ChannelInput): SimChannel {
  return {
    id,
    name: input.name,
    type: 'ChatAPI',
    webHookId: input.webHookId,
    routingOptions: { type: 'queue', id: input.queueId },
  };
}

/**
 * `POST /webhooks/verify` (gateway) and `POST /web-hooks/verify` (legacy): 8x8
 * posts the unsigned WEB_HOOK_VERIFY hello to `uri`; true on any 2xx.
 */
export async function verifyWebhook(uri: string, version: string): Promise<boolean> {
  const response = await fetch(uri, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ notificationVersion: version, eventType: 'WEB_HOOK_VERIFY' }),
    signal: AbortSignal.timeout(10_000),
  }).catch(() => undefined);
  await response?.arrayBuffer().catch(() => undefined);
  return response?.ok === true;
}
