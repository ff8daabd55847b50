import type { Role } from '../protocol.js';
import type {
  ContactCenter,
  NewUpstreamConversation,
  UpstreamFile,
  UpstreamMessage,
  UpstreamSnapshot,
} from './contact-center.js';
import { isRecord, list, record, text } from './json-read.js';
import { callUpstream } from './upstream-http.js';

export interface ChatGatewayOptions {
  /** e.g. https://api.8x8.com */
  baseUrl: string;
  apiKey: string;
  /** Sent as X-8x8-Tenant; needed when the customer has more than one CC tenant. */
  tenantId?: string;
  channelId: string;
  /** Route to this queue; without it the channel's own routing applies. */
  queueId?: string;
  timeoutMs: number;
}

/** The 8x8 Contact Center Chat Gateway v1: `x-api-key`, paths under /chat-gateway/v1. */
export class ChatGatewayClient implements ContactCenter {
  readonly api = 'chat-gateway';
  readonly features = { typing: true, attachments: true };
  readonly #options: ChatGatewayOptions;
  readonly #prefix: string;

  constructor(options: ChatGatewayOptions) {
    this.#options = options;
    this.#prefix = `${options.baseUrl.replace(/\/+$/, '')}/chat-gateway/v1`;
  }

  async createConversation(input: NewUpstreamConversation): Promise<{ upstreamId: string }> {
    const { visitor, locale, variables } = input;
    const user = {
      name: visitor.name || 'Website visitor',
      ...(visitor.email ? { email: visitor.email } : {}),
      ...(visitor.phone ? { phone: visitor.phone } : {}),
      ...(locale ? { language: locale } : {}),
      additionalProperties: Object.entries(variables).map(([key, value]) => ({ key, value })),
    };
    const { body } = await this.#call('POST', '/conversations', {
      channelId: this.#options.channelId,
      user,
      ...(this.#options.queueId
        ? { assignment: { type: 'queue', id: this.#options.queueId } }
        : {}),
    });
    const upstreamId = (body as { conversationId?: unknown } | undefined)?.conversationId;
    if (typeof upstreamId !== 'string' || upstreamId === '') {
      throw new Error('8x8 accepted the conversation but sent no conversationId');
    }
    return { upstreamId };
  }

  async sendMessage(upstreamId: string, message: UpstreamMessage): Promise<void> {
    await this.#call('POST', `${this.#conversation(upstreamId)}/messages`, {
      authorType: 'user',
      ...(message.text ? { text: message.text } : {}),
      ...(message.attachmentIds?.length
        ? { attachments: message.attachmentIds.map((id) => ({ id })) }
        : {}),
    });
  }

  async sendTyping(upstreamId: string): Promise<void> {
    await this.#call('POST', `${this.#conversation(upstreamId)}/typing`, { authorType: 'user' });
  }

  /** G29: multipart/form-data with the file in part `attachment` and `authorType`. */
  async uploadAttachment(upstreamId: string, file: UpstreamFile): Promise<{ id: string }> {
    const form = new FormData();
    form.set('authorType', 'user');
    form.set(
      'attachment',
      new Blob([new Uint8Array(file.data)], { type: file.contentType }),
      file.name,
    );
    const { body } = await this.#call(
      'POST',
      `${this.#conversation(upstreamId)}/attachments`,
      form,
    );
    const id = text(record(body).id);
    if (!id) throw new Error('8x8 stored the attachment but sent no id');
    return { id };
  }

  async readConversation(upstreamId: string): Promise<UpstreamSnapshot> {
    const path = this.#conversation(upstreamId);
    const [conversation, messages] = await Promise.all([
      this.#call('GET', path),
      this.#call('GET', `${path}/messages?size=200&sort=createdAt:desc`),
    ]);
    const state = record(conversation.body).state;
    return {
      state: state === 'created' || state === 'idle' ? state : 'active',
      messages: list(record(record(messages.body)._embedded).messages)
        .filter(isRecord)
        .map((message) => ({
          id: text(message.id) ?? '',
          role: authorRole(record(message.author).type),
          text: text(message.text) ?? '',
          createdAt: text(message.createdAt) ?? '',
        }))
        .reverse(),
    };
  }

  async leave(upstreamId: string): Promise<void> {
    await this.#call(
      'PATCH',
      `/conversations/${encodeURIComponent(upstreamId)}/participants/user`,
      {
        removed: true,
      },
    );
  }

  async reachable(): Promise<boolean> {
    try {
      await this.#call('GET', `/channels/${encodeURIComponent(this.#options.channelId)}`);
      return true;
    } catch {
      return false;
    }
  }

  #conversation(upstreamId: string) {
    return `/conversations/${encodeURIComponent(upstreamId)}`;
  }

  #call(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) {
    return callUpstream({
      method,
      url: `${this.#prefix}${path}`,
      headers: {
        accept: 'application/hal+json, application/json',
        'x-api-key': this.#options.apiKey,
        ...(this.#options.tenantId ? { 'X-8x8-Tenant': this.#options.tenantId } : {}),
      },
      body,
      timeoutMs: this.#options.timeoutMs,
    });
  }
}

function authorRole(type: unknown): Role {
  if (type === 'agent' || type === 'bot' || type === 'system') return type;
  return 'visitor';
}
