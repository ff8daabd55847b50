import { roleOf } from './author-role.js';
import {
  type AttachmentContent,
  type ContactCenter,
  type NewUpstreamConversation,
  UpstreamError,
  type UpstreamFile,
  type UpstreamMessage,
  type UpstreamSnapshot,
} from './contact-center.js';
import { isRecord, list, record, text } from './json-read.js';
import { toLanguage } from './language.js';
import { OAuthToken } from './oauth-token.js';
import type { CallRetry } from './retry.js';
import type { ListedMessage } from './sent-messages.js';
import { type AdapterOptions, UpstreamAdapter } from './upstream-adapter.js';
import { callUpstream } from './upstream-http.js';

export interface ChatApiOptions extends AdapterOptions {
  /** e.g. https://api.8x8.com */
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  /** The Contact Center tenant id: a path segment. */
  tenantId: string;
  /** us, eu, ca or ap: a path segment. */
  region: string;
}

type Method = 'GET' | 'POST' | 'DELETE';

/** The legacy `customer` map holds at most 30 properties (maxProperties). */
const MAX_CUSTOMER_PROPERTIES = 30;

/**
 * The legacy 8x8 Contact Center Chat API v2 (retired by 8x8 in 2023; kept working
 * against the simulator): an OAuth bearer token from key and secret, region and
 * tenant in the path, text only: no typing, no attachments. The paths named
 * below are under /vcc/{region}/chat/v2/tenant/{tenant}.
 */
export class ChatApiClient extends UpstreamAdapter<ChatApiOptions> implements ContactCenter {
  readonly api = 'chat-api';
  readonly features = { typing: false, attachments: false, readReceipts: false };
  readonly #token: OAuthToken;

  constructor(options: ChatApiOptions) {
    const base = options.baseUrl.replace(/\/+$/, '');
    super(
      options,
      `${base}/vcc/${encodeURIComponent(options.region)}/chat/v2/tenant/${encodeURIComponent(options.tenantId)}`,
    );
    this.#token = new OAuthToken({
      baseUrl: base,
      apiKey: options.apiKey,
      apiSecret: options.apiSecret,
      timeoutMs: options.timeoutMs,
      retry: this.retry,
    });
  }

  /** `POST /conversations`, with `customer.customerId` the visitor id. */
  async createConversation(input: NewUpstreamConversation): Promise<{ upstreamId: string }> {
    const history = input.history ?? [];
    const request = {
      channelId: this.options.channelId,
      customer: legacyCustomer(input),
      ...(history.length > 0
        ? {
            // Legacy history items say `type`, not `authorType`.
            history: {
              messages: history.map((item) => ({
                text: item.text,
                type: item.role === 'bot' ? 'bot' : 'user',
              })),
            },
          }
        : {}),
    };
    return this.create(input, request);
  }

  /** `POST /conversations/{id}/messages`, one try (the outbox retries): see sent-messages.ts. */
  sendMessage(upstreamId: string, message: UpstreamMessage): Promise<void> {
    if (message.attachmentIds?.length || !message.text) {
      return Promise.reject(
        new UpstreamError('The legacy 8x8 Chat API carries text only', undefined, false),
      );
    }
    const path = `${this.conversation(upstreamId)}/messages`;
    return this.sent.send(upstreamId, message, {
      post: async () => {
        await this.call('POST', path, { authorType: 'user', text: message.text });
      },
      list: () => this.#visitorMessages(upstreamId),
    });
  }

  /** The legacy API has no typing endpoint (features.typing is false). */
  async sendTyping(): Promise<void> {}

  /** The legacy API has no read-receipt endpoint (features.readReceipts is false). */
  async sendReadReceipt(): Promise<void> {}

  async uploadAttachment(_upstreamId: string, _file: UpstreamFile): Promise<{ id: string }> {
    throw new UpstreamError('The legacy 8x8 Chat API takes no attachments', undefined, false);
  }

  /** The legacy API has no attachments: nothing to open. */
  async openAttachment(): Promise<AttachmentContent> {
    throw new UpstreamError('The legacy 8x8 Chat API has no attachments', 404, false);
  }

  /**
   * `DELETE /conversations/{id}/participants/customer` ("customer leaves"): ends
   * the interaction and frees the agent.
   */
  async leave(upstreamId: string): Promise<void> {
    await this.call(
      'DELETE',
      `${this.conversation(upstreamId)}/participants/customer`,
      undefined,
      this.retries(true),
    );
  }

  /**
   * `GET /conversations/{id}` and `GET /conversations/{id}/messages`. The legacy
   * API has no conversation state and no message ids or times.
   */
  async readConversation(upstreamId: string): Promise<UpstreamSnapshot> {
    const path = this.conversation(upstreamId);
    const [conversation, messages] = await Promise.all([
      this.call('GET', path, undefined, this.retries(true)),
      this.call('GET', `${path}/messages`, undefined, this.retries(true)),
    ]);
    const interactions = list(record(conversation.body).interactions).filter(isRecord);
    const state =
      interactions.length === 0
        ? 'created'
        : interactions.some((interaction) => !text(interaction.endTime))
          ? 'active'
          : 'idle';
    return {
      state,
      messages: list(record(messages.body).messages)
        .filter(isRecord)
        .map((message, index) => {
          const role = roleOf(message.authorType);
          // originalText is what the sender wrote, translatedText what the reader read.
          const shown =
            role === 'visitor'
              ? message.originalText
              : (message.translatedText ?? message.originalText);
          return {
            id: `${text(message.interactionId) ?? 'interaction'}:${index}`,
            role,
            text: text(shown) ?? '',
            createdAt: '',
          };
        }),
    };
  }

  /**
   * `GET /conversations?userId=<id>` and `GET /conversations?customer.customerId=<id>`:
   * the list documents both filters, but not which field `userId` matches, so
   * both are asked (either may fail alone), and only a conversation whose
   * `customer.customerId` is this visitor's counts, never a stranger's.
   */
  protected override async conversationsOf(visitorId: string): Promise<string[]> {
    const id = encodeURIComponent(visitorId);
    const answers = await Promise.allSettled(
      [`userId=${id}`, `customer.customerId=${id}`].map((query) =>
        this.call('GET', `/conversations?${query}&size=100`, undefined, this.retries(true)),
      ),
    );
    const read = answers.flatMap((answer) => (answer.status === 'fulfilled' ? [answer.value] : []));
    if (read.length === 0) throw (answers[0] as PromiseRejectedResult).reason;
    const ids = read.flatMap(({ body }) =>
      list(record(body).data)
        .filter(isRecord)
        .filter((conversation) => record(conversation.customer).customerId === visitorId)
        .map((conversation) => text(conversation.id))
        .filter((found): found is string => found !== undefined),
    );
    return [...new Set(ids)];
  }

  /** One try: sent-messages.ts reads back within one try of a send. */
  async #visitorMessages(upstreamId: string): Promise<ListedMessage[]> {
    const { body } = await this.call('GET', `${this.conversation(upstreamId)}/messages`);
    return list(record(body).messages)
      .filter(isRecord)
      .filter((message) => message.authorType === 'user')
      .map((message) => ({ text: text(message.originalText) ?? '', attachmentIds: [] }));
  }

  /**
   * One call with a bearer token, tried once unless `retry` says otherwise. A 401
   * means the token died early: the call is made once more with a new one.
   */
  protected override async call(method: Method, path: string, body?: unknown, retry?: CallRetry) {
    const call = (token: string) =>
      callUpstream({
        method,
        url: `${this.prefix}${path}`,
        headers: { authorization: `Bearer ${token}` },
        body,
        timeoutMs: this.options.timeoutMs,
        ...(retry ? { retry } : {}),
      });
    const token = await this.#token.get();
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.status !== 401) throw error;
      this.#token.invalidate(token);
      return call(await this.#token.get());
    }
  }
}

/**
 * The legacy `customer`: a flat map of strings. Predefined keys (customerId: the
 * proxy's visitor id; name, email, language) win over the widget's variables of
 * the same name; anything past 8x8's 30 properties is left out.
 */
function legacyCustomer(input: NewUpstreamConversation): Record<string, string> {
  const { visitor, variables } = input;
  const language = toLanguage(input.locale);
  const predefined: Record<string, string> = {
    customerId: input.visitorId,
    name: visitor.name || 'Website visitor',
    ...(visitor.email ? { email: visitor.email } : {}),
    ...(visitor.phone ? { phone: visitor.phone } : {}),
    ...(language ? { language } : {}),
  };
  const custom = Object.entries(variables)
    .filter(([key]) => !(key in predefined))
    .slice(0, MAX_CUSTOMER_PROPERTIES - Object.keys(predefined).length);
  return { ...Object.fromEntries(custom), ...predefined };
}
