import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { roleOf } from './author-role.js';
import { ACTION_SUBMIT_BODY, actionSubmitUrls, submittedCard } from './card-submit.js';
import {
  type AttachmentContent,
  type ContactCenter,
  type NewUpstreamConversation,
  UpstreamError,
  type UpstreamFile,
  type UpstreamMessage,
  type UpstreamSnapshot,
} from './contact-center.js';
import { fileNameFrom } from './content-disposition.js';
import { isRecord, type JsonRecord, list, record, text } from './json-read.js';
import { toLanguage } from './language.js';
import type { CallRetry } from './retry.js';
import type { ListedMessage } from './sent-messages.js';
import { type AdapterOptions, UpstreamAdapter } from './upstream-adapter.js';
import { callUpstream, openUpstream } from './upstream-http.js';

export interface ChatGatewayOptions extends AdapterOptions {
  /** e.g. https://api.8x8.com */
  baseUrl: string;
  apiKey: string;
  /** Sent as X-8x8-Tenant; needed when the customer has more than one CC tenant. */
  tenantId?: string;
  /** Route to this queue; without it (and without a script) the channel's own routing applies. */
  queueId?: string;
  /** Hand new chats to this chat script instead of a queue. */
  scriptId?: string;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';

/** Pages read at most when listing a conversation's messages (8x8 pages them). */
const MAX_PAGES = 20;
const PAGE_SIZE = 100;

/**
 * The 8x8 Contact Center Chat Gateway v1: `x-api-key`; the paths named below
 * are under /chat-gateway/v1.
 */
export class ChatGatewayClient
  extends UpstreamAdapter<ChatGatewayOptions>
  implements ContactCenter
{
  readonly api = 'chat-gateway';
  readonly features = { typing: true, attachments: true, readReceipts: true };

  constructor(options: ChatGatewayOptions) {
    super(options, `${options.baseUrl.replace(/\/+$/, '')}/chat-gateway/v1`);
  }

  /**
   * `POST /conversations`, with `user.userId` the visitor id. A second create
   * would wait in the queue as a ghost: see UpstreamAdapter.create.
   */
  async createConversation(input: NewUpstreamConversation): Promise<{ upstreamId: string }> {
    const history = input.history ?? [];
    const request = {
      channelId: this.options.channelId,
      user: gatewayUser(input),
      ...(input.assignment ? { assignment: input.assignment } : this.#assignment()),
      ...(history.length > 0
        ? {
            history: {
              messages: history.map((item) => ({
                authorType: item.role === 'bot' ? 'bot' : 'user',
                text: item.text,
              })),
            },
          }
        : {}),
    };
    return this.create(input, request);
  }

  /** `POST /conversations/{id}/messages`, one try (the outbox retries): see sent-messages.ts. */
  sendMessage(upstreamId: string, message: UpstreamMessage): Promise<void> {
    const path = `${this.conversation(upstreamId)}/messages`;
    return this.sent
      .send(upstreamId, message, {
        post: async () => {
          await this.call('POST', path, {
            authorType: 'user',
            ...(message.text ? { text: message.text } : {}),
            ...(message.attachmentIds?.length
              ? { attachments: message.attachmentIds.map((id) => ({ id })) }
              : {}),
            ...(message.quickReplyPayload
              ? { cards: [chosenQuickReply(message.text ?? '', message.quickReplyPayload)] }
              : {}),
            ...(message.cardSubmit ? { cards: [submittedCard(message.cardSubmit)] } : {}),
          });
        },
        list: () => this.#visitorMessages(upstreamId),
      })
      .then(() => this.#actionSubmit(upstreamId, message.cardSubmit?.cardId));
  }

  /**
   * `PUT …/cards/{cardId}/action-submit` (card-submit.ts): after the answer is
   * posted, so 8x8's activity follows the data. Setting a flag, so a retry that
   * repeats it does no harm; a 404 at the documented path tries the gateway's.
   */
  async #actionSubmit(upstreamId: string, cardId: string | undefined) {
    if (!cardId) return;
    const { baseUrl, tenantId } = this.options;
    const urls = actionSubmitUrls(baseUrl, tenantId, upstreamId, cardId);
    for (const [index, url] of urls.entries()) {
      try {
        await this.#callUrl('PUT', url, ACTION_SUBMIT_BODY);
        return;
      } catch (error) {
        const last = index === urls.length - 1;
        if (last || !(error instanceof UpstreamError) || error.status !== 404) throw error;
      }
    }
  }

  /** `POST /conversations/{id}/typing`, one try: a typing indicator that arrives late is wrong. */
  async sendTyping(upstreamId: string): Promise<void> {
    await this.call('POST', `${this.conversation(upstreamId)}/typing`, { authorType: 'user' });
  }

  /**
   * `POST /conversations/{id}/read-receipt`, one try: `authorType` `user`
   * (allowed on CHAT_API channels, which Parley's are) and `readAt` in epoch ms;
   * everything up to then counts as read. A lost receipt is repaired by the next.
   */
  async sendReadReceipt(upstreamId: string, readAt: number): Promise<void> {
    await this.call('POST', `${this.conversation(upstreamId)}/read-receipt`, {
      authorType: 'user',
      readAt,
    });
  }

  /**
   * `POST /conversations/{id}/attachments`: multipart/form-data with the file in
   * part `attachment` and `authorType`.
   */
  async uploadAttachment(upstreamId: string, file: UpstreamFile): Promise<{ id: string }> {
    const form = new FormData();
    form.set('authorType', 'user');
    form.set(
      'attachment',
      new Blob([new Uint8Array(file.data)], { type: file.contentType }),
      file.name,
    );
    // A repeated upload after an ambiguous failure leaves at most an unsent file at 8x8.
    const { body } = await this.call(
      'POST',
      `${this.conversation(upstreamId)}/attachments`,
      form,
      this.retries(true),
    );
    const id = text(record(body).id);
    if (!id) throw new Error('8x8 stored the attachment but sent no id');
    return { id };
  }

  /** `GET /conversations/{id}` and `GET /conversations/{id}/messages`. */
  async readConversation(upstreamId: string): Promise<UpstreamSnapshot> {
    const [conversation, messages] = await Promise.all([
      this.call('GET', this.conversation(upstreamId), undefined, this.retries(true)),
      this.#messages(upstreamId, this.retries(true)),
    ]);
    const state = record(conversation.body).state;
    return {
      state: state === 'created' || state === 'idle' ? state : 'active',
      messages: messages.map((message) => ({
        id: text(message.id) ?? '',
        role: roleOf(record(message.author).type),
        text: text(message.text) ?? '',
        createdAt: text(message.createdAt) ?? '',
      })),
    };
  }

  /**
   * `GET /conversations/{id}/attachments/{attachmentId}/content`, streamed. The
   * short retries cover the way to the headers; the body is read as it arrives.
   */
  async openAttachment(upstreamId: string, attachmentId: string): Promise<AttachmentContent> {
    const response = await openUpstream({
      method: 'GET',
      url: `${this.prefix}${this.conversation(upstreamId)}/attachments/${encodeURIComponent(attachmentId)}/content`,
      headers: this.#credentials(),
      timeoutMs: this.options.timeoutMs,
      retry: this.retries(true),
    });
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    return {
      body: response.body
        ? Readable.fromWeb(response.body as WebReadableStream)
        : Readable.from([]),
      contentType: mediaType(response.headers.get('content-type')),
      contentLength: Number.isSafeInteger(length) && length >= 0 ? length : undefined,
      fileName: fileNameFrom(response.headers.get('content-disposition')),
    };
  }

  /** `PATCH /conversations/{id}/participants/user` `{"removed":true}`: a repeat does no harm. */
  async leave(upstreamId: string): Promise<void> {
    await this.call(
      'PATCH',
      `${this.conversation(upstreamId)}/participants/user`,
      { removed: true },
      this.retries(true),
    );
  }

  /**
   * `GET /conversations?filter=user.userId==<id>` (FIQL). Which fields 8x8's
   * filter takes is not documented, so each answer is checked here too: only a
   * conversation whose `user.userId` is this visitor's counts, never a stranger's.
   */
  protected override async conversationsOf(visitorId: string): Promise<string[]> {
    const filter = encodeURIComponent(`user.userId==${visitorId}`);
    const { body } = await this.call(
      'GET',
      `/conversations?filter=${filter}&size=${PAGE_SIZE}`,
      undefined,
      this.retries(true),
    );
    return list(record(record(body)._embedded).conversations)
      .filter(isRecord)
      .filter((conversation) => record(conversation.user).userId === visitorId)
      .map((conversation) => text(conversation.id))
      .filter((id): id is string => id !== undefined);
  }

  #assignment() {
    const { scriptId, queueId } = this.options;
    if (scriptId) return { assignment: { type: 'script', id: scriptId } };
    if (queueId) return { assignment: { type: 'queue', id: queueId } };
    return {};
  }

  /**
   * Every message of the conversation, oldest first (`GET /conversations/{id}/messages`
   * pages newest first by default). Without `retry` each page is tried once:
   * sent-messages.ts reads back within one try of a send.
   */
  async #messages(upstreamId: string, retry?: CallRetry): Promise<JsonRecord[]> {
    const messages: JsonRecord[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const path = `${this.conversation(upstreamId)}/messages?size=${PAGE_SIZE}&page=${page}&sort=createdAt:asc`;
      const { body } = await this.call('GET', path, undefined, retry);
      messages.push(...list(record(record(body)._embedded).messages).filter(isRecord));
      const paging = record(record(body).page);
      const totalPages = typeof paging.totalPages === 'number' ? paging.totalPages : 0;
      if (page + 1 >= totalPages) break;
    }
    return messages;
  }

  async #visitorMessages(upstreamId: string): Promise<ListedMessage[]> {
    return (await this.#messages(upstreamId))
      .filter((message) => record(message.author).type === 'user')
      .map((message) => {
        const createdAt = Date.parse(text(message.createdAt) ?? '');
        return {
          text: text(message.text) ?? '',
          attachmentIds: list(message.attachments)
            .map((item) => text(record(item).id))
            .filter((id): id is string => id !== undefined),
          ...(Number.isNaN(createdAt) ? {} : { createdAt }),
        };
      });
  }

  protected override call(method: Method, path: string, body?: unknown, retry?: CallRetry) {
    return this.#callUrl(method, `${this.prefix}${path}`, body, retry);
  }

  #callUrl(method: Method, url: string, body?: unknown, retry?: CallRetry) {
    return callUpstream({
      method,
      url,
      headers: { accept: 'application/hal+json, application/json', ...this.#credentials() },
      body,
      timeoutMs: this.options.timeoutMs,
      ...(retry ? { retry } : {}),
    });
  }

  #credentials(): Record<string, string> {
    return {
      'x-api-key': this.options.apiKey,
      ...(this.options.tenantId ? { 'X-8x8-Tenant': this.options.tenantId } : {}),
    };
  }
}

/** `image/PNG; charset=x` → `image/png`; undefined when there is none. */
function mediaType(header: string | null): string | undefined {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type || undefined;
}

/**
 * The CreateTransactionRequest `user`: predefined fields (`userId` is the proxy's
 * visitor id, never the visitor's email), the widget's variables as key/value pairs.
 */
function gatewayUser(input: NewUpstreamConversation) {
  const { visitor, variables } = input;
  const language = toLanguage(input.locale);
  return {
    userId: input.visitorId,
    name: visitor.name || 'Website visitor',
    ...(visitor.email ? { email: visitor.email } : {}),
    ...(visitor.phone ? { phone: visitor.phone } : {}),
    ...(language ? { language } : {}),
    additionalProperties: Object.entries(variables).map(([key, value]) => ({ key, value })),
  };
}

/**
 * The quick reply the visitor chose, as a card of the message that answers it.
 * The OAS SendMessage has no metadata field; the `quickReply/action` ACTIVITY
 * (title and payload) is documented only as what 8x8's own WebChat channel
 * emits, with no endpoint to post one. A message's `cards` are the one
 * structured field a user's message may carry, and the OAS's own SendMessage
 * example is an `authorType:"user"` message with an `application/8x8.quick.replies`
 * card whose options hold `data.postback`. So the answer is such a message: the
 * title as its text (what the agent reads), one card with the chosen option (what
 * a bot reads). [UNCONFIRMED] how Agent Workspace draws the card.
 */
function chosenQuickReply(title: string, postback: string) {
  return {
    contentType: 'application/8x8.quick.replies',
    content: { options: [{ title, data: { postback } }] },
  };
}
