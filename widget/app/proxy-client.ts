import type { Availability } from '../../protocol/availability-api.js';
import type { Attachment } from '../../protocol/events.js';
import type { Problem } from '../../protocol/problem.js';
import type { RatingRequest } from '../../protocol/visitor-data.js';
import type {
  ConversationCredentials,
  CreateConversationRequest,
  SendMessageRequest,
  SendMessageResponse,
  TranscriptPage,
} from '../../protocol/widget-api.js';
import { parseJson } from '../no-prototype.js';
import { isAvailability, isCredentials, isSendResponse, isTranscriptPage } from './wire.js';

/**
 * A failed call. `status` 0 means the network (or a timeout): worth retrying, as
 * are 429 and 5xx; other statuses are the proxy saying no.
 */
export class ProxyError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** From Retry-After, when the proxy sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

interface CallInit<T> {
  method?: string;
  body?: unknown;
  credentials?: ConversationCredentials;
  check?: (value: unknown) => value is T;
}

const TIMEOUT_MS = 15_000;

/**
 * The proxy's /v1 API, as the widget calls it: plain fetch (we need our own error
 * classification and no retries, which is all ky would add, for 5 KB), and
 * XMLHttpRequest for uploads, the one browser API that reports upload progress.
 * Retries are the outbox's business.
 */
export class ProxyClient {
  readonly #base: string;

  /** `proxyUrl` ends with a slash (the loader's options make sure). */
  constructor(readonly proxyUrl: string) {
    this.#base = `${proxyUrl}v1/conversations`;
  }

  createConversation(request: CreateConversationRequest): Promise<ConversationCredentials> {
    return this.#call('', { method: 'POST', body: request, check: isCredentials });
  }

  refresh(credentials: ConversationCredentials): Promise<ConversationCredentials> {
    return this.#call(`/${credentials.conversationId}/token`, {
      method: 'POST',
      credentials,
      check: isCredentials,
    });
  }

  sendMessage(
    credentials: ConversationCredentials,
    message: SendMessageRequest,
  ): Promise<SendMessageResponse> {
    return this.#call(`/${credentials.conversationId}/messages`, {
      method: 'POST',
      body: message,
      credentials,
      check: isSendResponse,
    });
  }

  typing(credentials: ConversationCredentials, typing: boolean): Promise<void> {
    return this.#call(`/${credentials.conversationId}/typing`, {
      method: 'POST',
      body: { typing },
      credentials,
    });
  }

  read(credentials: ConversationCredentials, lastReadEventId: number): Promise<void> {
    return this.#call(`/${credentials.conversationId}/read`, {
      method: 'POST',
      body: { lastReadEventId },
      credentials,
    });
  }

  close(credentials: ConversationCredentials): Promise<void> {
    return this.#call(`/${credentials.conversationId}/close`, { method: 'POST', credentials });
  }

  rate(credentials: ConversationCredentials, rating: RatingRequest): Promise<void> {
    return this.#call(`/${credentials.conversationId}/rating`, {
      method: 'POST',
      body: rating,
      credentials,
    });
  }

  /** Everything the proxy keeps of the conversation (docs/openapi.json: ConversationExport). */
  exportData(credentials: ConversationCredentials): Promise<object> {
    return this.#call(`/${credentials.conversationId}/data`, {
      credentials,
      check: (value): value is object => typeof value === 'object' && value !== null,
    });
  }

  deleteData(credentials: ConversationCredentials): Promise<void> {
    return this.#call(`/${credentials.conversationId}/data`, { method: 'DELETE', credentials });
  }

  transcript(credentials: ConversationCredentials, after: number): Promise<TranscriptPage> {
    return this.#call(`/${credentials.conversationId}/transcript?after=${after}`, {
      credentials,
      check: isTranscriptPage,
    });
  }

  /**
   * The raw file as the body; `onProgress` gets 0..1 as it goes up; `signal`
   * cancels it. Its XMLHttpRequest is in the files chunk, as only it uploads.
   */
  async upload(
    credentials: ConversationCredentials,
    file: File,
    onProgress: (fraction: number) => void,
    signal: AbortSignal,
  ): Promise<Attachment> {
    const { uploadFile } = await import('./files/files.js');
    return uploadFile(
      `${this.#base}/${credentials.conversationId}/attachments`,
      credentials.token,
      file,
      onProgress,
      signal,
    );
  }

  /** EventSource cannot send headers: the stream-only token goes in the URL. */
  streamUrl(credentials: ConversationCredentials, lastEventId: number): string {
    const token = encodeURIComponent(credentials.streamToken);
    return `${this.#base}/${credentials.conversationId}/events?token=${token}&lastEventId=${lastEventId}`;
  }

  /** Whether the contact center is open, and what the widget may offer (issue 17). */
  availability(): Promise<Availability> {
    return this.call('/availability', { check: isAvailability });
  }

  /**
   * Any call under /v1 (`path` after /v1): the lazy parts (offline messages, the
   * transcript email) make theirs here. The URL parser resolves the `..` out of
   * `/v1/conversations/../availability`.
   */
  call<T = void>(path: string, init: CallInit<T>): Promise<T> {
    return this.#call(`/..${path}`, init);
  }

  /** `check` says what the answer must be; calls without one answer nothing (204). */
  async #call<T = void>(path: string, init: CallInit<T>): Promise<T> {
    const headers: Record<string, string> = {};
    if (init.body) headers['content-type'] = 'application/json';
    if (init.credentials) headers.authorization = `Bearer ${init.credentials.token}`;
    let response: Response;
    try {
      response = await fetch(this.#base + path, {
        method: init.method ?? 'GET',
        headers,
        credentials: 'omit',
        signal: AbortSignal.timeout(TIMEOUT_MS),
        ...(init.body ? { body: JSON.stringify(init.body) } : {}),
      });
    } catch {
      throw new ProxyError(0, 'network');
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      throw problemError(response.status, text, response.headers.get('retry-after'));
    }
    return init.check ? checked(text, init.check) : (undefined as T);
  }
}

/** The proxy's answer, of the shape the call expects; anything else is a 502 (retryable). */
export function checked<T>(text: string, check: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch {}
  if (!check(value)) throw new ProxyError(502, 'unexpected answer from the proxy');
  return value;
}

export function problemError(status: number, body: string, retryAfter: string | null): ProxyError {
  let detail = `HTTP ${status}`;
  try {
    const problem: unknown = parseJson(body);
    const given = (problem as Partial<Problem> | null)?.detail;
    if (typeof given === 'string' && given) detail = given;
  } catch {}
  const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
  return new ProxyError(status, detail, seconds >= 0 ? seconds * 1000 : undefined);
}
