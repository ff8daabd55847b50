import type { NewUpstreamConversation } from './contact-center.js';
import { createOnce } from './create-once.js';
import { type CallRetry, DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { SentMessages } from './sent-messages.js';
import type { UpstreamResponse } from './upstream-http.js';

/** The options every 8x8 adapter takes. */
export interface AdapterOptions {
  channelId: string;
  timeoutMs: number;
  retry?: Partial<RetryPolicy>;
}

/**
 * What the two 8x8 adapters (chat-gateway.ts, chat-api.ts) do alike, written once:
 * the short retries, the read-back of sends, creating a conversation once, the
 * channel probe and the conversation paths. Each adapter says how it calls 8x8
 * (its credentials) and how it finds a visitor's conversations.
 */
export abstract class UpstreamAdapter<Options extends AdapterOptions> {
  protected readonly options: Options;
  /** The URL every path is under. */
  protected readonly prefix: string;
  protected readonly retry: RetryPolicy;
  protected readonly sent = new SentMessages();

  constructor(options: Options, prefix: string) {
    this.options = options;
    this.prefix = prefix;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  abstract leave(upstreamId: string): Promise<void>;

  /** `GET /channels/{id}`, one try: /readyz asks again at its next probe. */
  async reachable(): Promise<boolean> {
    try {
      await this.call('GET', `/channels/${encodeURIComponent(this.options.channelId)}`);
      return true;
    } catch {
      return false;
    }
  }

  /** One call to `prefix` + `path`, tried once unless `retry` says otherwise. */
  protected abstract call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    retry?: CallRetry,
  ): Promise<UpstreamResponse>;

  /** The ids of the conversations 8x8 holds for this visitor id (see create-once.ts). */
  protected abstract conversationsOf(visitorId: string): Promise<string[]>;

  /**
   * `POST /conversations` with `request`, retried only when 8x8 cannot have
   * acted on the failed try; after one it may have acted on, the visitor's
   * conversation is looked up before another create (create-once.ts).
   */
  protected async create(
    input: NewUpstreamConversation,
    request: object,
  ): Promise<{ upstreamId: string }> {
    const upstreamId = await createOnce({
      post: () => this.call('POST', '/conversations', request, this.retries(false)),
      find: () => this.conversationsOf(input.visitorId),
      leave: (id) => this.leave(id),
    });
    this.sent.started(upstreamId, input.history ?? []);
    return { upstreamId };
  }

  protected conversation(upstreamId: string) {
    return `/conversations/${encodeURIComponent(upstreamId)}`;
  }

  /** The short retries; `repeatable` when repeating a call 8x8 may have acted on does no harm. */
  protected retries(repeatable: boolean): CallRetry {
    return { policy: this.retry, repeatable };
  }
}
