import ky, { type KyInstance } from 'ky';
import type {
  ConversationCredentials,
  CreateConversationRequest,
  SendMessageRequest,
  SendMessageResponse,
  TranscriptPage,
} from '../../server/protocol.js';

/** The proxy's /v1 API, as the widget calls it. Retries are the caller's business (the outbox). */
export class ProxyClient {
  readonly #http: KyInstance;
  readonly #base: string;

  constructor(proxyUrl: string) {
    this.#base = proxyUrl;
    this.#http = ky.create({
      prefixUrl: `${proxyUrl}v1`,
      timeout: 15_000,
      retry: 0,
      credentials: 'omit',
    });
  }

  createConversation(request: CreateConversationRequest): Promise<ConversationCredentials> {
    return this.#http.post('conversations', { json: request }).json();
  }

  sendMessage(
    credentials: ConversationCredentials,
    message: SendMessageRequest,
  ): Promise<SendMessageResponse> {
    return this.#http
      .post(`conversations/${credentials.conversationId}/messages`, {
        json: message,
        headers: auth(credentials),
      })
      .json();
  }

  async close(credentials: ConversationCredentials): Promise<void> {
    await this.#http.post(`conversations/${credentials.conversationId}/close`, {
      headers: auth(credentials),
    });
  }

  transcript(credentials: ConversationCredentials, after: number): Promise<TranscriptPage> {
    return this.#http
      .get(`conversations/${credentials.conversationId}/transcript`, {
        searchParams: { after },
        headers: auth(credentials),
      })
      .json();
  }

  /** EventSource cannot send headers: the stream-only token goes in the URL. */
  streamUrl(credentials: ConversationCredentials, lastEventId: number): string {
    const url = new URL(`v1/conversations/${credentials.conversationId}/events`, this.#base);
    url.searchParams.set('token', credentials.streamToken);
    url.searchParams.set('lastEventId', String(lastEventId));
    return url.href;
  }
}

function auth(credentials: ConversationCredentials) {
  return { authorization: `Bearer ${credentials.token}` };
}
