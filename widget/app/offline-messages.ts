import type { DeliveryReceipt, OfflineMessageRequest } from '../../protocol/availability-api.js';
import { bare, parseJson } from '../no-prototype.js';
import { backoffMs } from './backoff.js';
import type { ChatState } from './chat-state.js';
import { newClientMessageId } from './client-message-id.js';
import type { ProxyClient, ProxyError } from './proxy-client.js';

/** What the visitor wrote in the offline form: a message without its id yet. */
export type OfflineDraft = Omit<OfflineMessageRequest, 'id'>;

/**
 * `sending`: on its way; `waiting`: kept here, the proxy could not be reached (tried
 * again with backoff, and after a reload); `sent`: the proxy has it (202).
 */
export type OfflineStatus = 'editing' | 'sending' | 'waiting' | 'sent';

/** A message the proxy refused (400): back in the form, with the field it named. */
export interface Refused {
  draft: OfflineDraft;
  field?: string;
}

const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 60_000;

/** `body/email must match pattern …` → `email`: the proxy's problem names the field. */
export function refusedField(detail: string): string | undefined {
  return /^body\/(\w+)/.exec(detail)?.[1];
}

const isStored = (value: unknown): value is OfflineMessageRequest => {
  const message = value as Partial<OfflineMessageRequest> | null;
  return (
    typeof message?.id === 'string' &&
    typeof message.name === 'string' &&
    typeof message.email === 'string' &&
    typeof message.message === 'string' &&
    message.consent === true
  );
};

const isReceipt = (value: unknown): value is DeliveryReceipt =>
  typeof (value as Partial<DeliveryReceipt> | null)?.id === 'string';

/**
 * The messages a visitor leaves while the contact center is closed: each gets an
 * id and is kept in localStorage (`key`) until the proxy answers 202, retried with
 * the widget's backoff across failures, going offline and reloads (the controller
 * loads this part at start when the key holds one). The same id sent twice is
 * stored once by the proxy. Without storage (privacy modes), they live in memory.
 * A part of the controller: it writes `state.offlineMessage` and `state.offlineRefused`
 * (no signal of its own, nor ProxyError: importing @preact/signals or proxy-client.ts
 * from this chunk makes the bundler split the runtime out of the first open file).
 */
export function createOfflineMessages(
  client: ProxyClient,
  key: string,
  { offlineMessage: status, offlineRefused: refused }: ChatState,
) {
  let memory: OfflineMessageRequest[] = [];
  let attempt = 0;
  let running = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const stored = (): OfflineMessageRequest[] => {
    try {
      const value: unknown = parseJson(localStorage.getItem(key) ?? '[]');
      return Array.isArray(value) ? value.filter(isStored) : [];
    } catch {
      return memory;
    }
  };
  const keep = (messages: OfflineMessageRequest[]) => {
    memory = messages;
    try {
      if (messages.length) localStorage.setItem(key, JSON.stringify(messages));
      else localStorage.removeItem(key);
    } catch {}
  };
  const drop = (id: string) => keep(stored().filter((message) => message.id !== id));

  async function pump(): Promise<void> {
    if (running) return;
    running = true;
    clearTimeout(timer);
    try {
      for (let next = stored()[0]; next; next = stored()[0]) {
        if (!navigator.onLine) {
          status.value = 'waiting';
          return;
        }
        try {
          await client.call('/offline-messages', { method: 'POST', body: next, check: isReceipt });
          drop(next.id);
          attempt = 0;
          status.value = 'sent';
        } catch (error) {
          // A ProxyError says whether to retry; anything else (a network TypeError) is retried.
          const problem = error as Partial<ProxyError>;
          if (problem.retryable ?? true) {
            status.value = 'waiting';
            const wait = problem.retryAfterMs ?? backoffMs(++attempt, RETRY_BASE_MS, RETRY_MAX_MS);
            timer = setTimeout(() => void pump(), wait);
            return;
          }
          // The proxy said no (a field it refuses, no offline form any more): the visitor decides.
          drop(next.id);
          const { id: _id, ...draft } = next;
          const field = refusedField(problem.message ?? '');
          refused.value = bare({ draft, ...(field ? { field } : {}) });
          status.value = 'editing';
        }
      }
    } finally {
      running = false;
    }
  }

  const online = () => {
    attempt = 0;
    void pump();
  };
  addEventListener('online', online);
  if (stored().length) {
    status.value = 'sending';
    void pump();
  }

  return {
    /** Keeps the message (with its new id) before anything is sent: it is not lost to a reload. */
    submit(draft: OfflineDraft) {
      refused.value = undefined;
      keep([...stored(), bare({ id: newClientMessageId(), ...draft })]);
      status.value = 'sending';
      void pump();
    },
    stop() {
      clearTimeout(timer);
      removeEventListener('online', online);
    },
  };
}

export type OfflineMessages = ReturnType<typeof createOfflineMessages>;
