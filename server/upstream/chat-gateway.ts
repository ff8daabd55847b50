import type { ContactCenter, NewUpstreamConversation } from './contact-center.js';
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

  async sendMessage(upstreamId: string, text: string): Promise<void> {
    await this.#call('POST', `/conversations/${encodeURIComponent(upstreamId)}/messages`, {
      authorType: 'user',
      text,
    });
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
