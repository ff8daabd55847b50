import { randomBytes } from 'node:crypto';
import type { SigningKey } from './signing-key.js';

export interface WebhookTarget {
  uri: string;
}

export interface SenderOptions {
  tenantId: string;
  customerId: string;
  /** Current signing key (rotation replaces it). */
  key: () => SigningKey;
  /** Delay before retry n (1-based), ms. */
  retryDelayMs: (retry: number) => number;
  maxRetries: number;
  timeoutMs: number;
  onDelivery?: (delivery: Delivery) => void;
}

export interface Delivery {
  eventId: string;
  eventType: string;
  uri: string;
  retry: number;
  status: number | 'network-error';
}

/**
 * Delivers webhooks as 8x8 does: POST with the x-8x8-* headers and a detached
 * RS256 JWS; anything but 2xx is retried after a delay with a new transmission
 * time and x-8x8-retry incremented. Events of one conversation go out in order:
 * each waits until the one before it was acknowledged or given up on.
 */
export class WebhookSender {
  readonly #options: SenderOptions;
  readonly #queues = new Map<string, Promise<void>>();
  #inFlight = 0;

  constructor(options: SenderOptions) {
    this.#options = options;
  }

  /** Resolves once the event has been acknowledged or given up on. */
  send(
    target: WebhookTarget,
    conversationId: string,
    body: Record<string, unknown>,
  ): Promise<void> {
    const eventId = randomBytes(16).toString('base64url');
    const raw = Buffer.from(JSON.stringify(body));
    const previous = this.#queues.get(conversationId) ?? Promise.resolve();
    this.#inFlight++;
    const next = previous
      .then(() => this.#deliver(target, eventId, String(body.eventType), raw))
      .finally(() => {
        this.#inFlight--;
        if (this.#queues.get(conversationId) === next) this.#queues.delete(conversationId);
      });
    this.#queues.set(conversationId, next);
    return next;
  }

  /** Webhooks not yet acknowledged. */
  get pending(): number {
    return this.#inFlight;
  }

  async #deliver(target: WebhookTarget, eventId: string, eventType: string, raw: Buffer) {
    for (let retry = 0; retry <= this.#options.maxRetries; retry++) {
      if (retry > 0) await sleep(this.#options.retryDelayMs(retry));
      const status = await this.#post(target, eventId, raw, retry);
      this.#options.onDelivery?.({ eventId, eventType, uri: target.uri, retry, status });
      if (typeof status === 'number' && status >= 200 && status < 300) return;
    }
  }

  async #post(target: WebhookTarget, eventId: string, raw: Buffer, retry: number) {
    const headers = {
      customerId: this.#options.customerId,
      eventId,
      tenantId: this.#options.tenantId,
      transmissionTime: Date.now(),
      retry,
    };
    try {
      const response = await fetch(target.uri, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'cache-control': 'no-cache',
          'x-8x8-tenant-id': headers.tenantId,
          'x-8x8-customer-id': headers.customerId,
          'x-8x8-event-id': eventId,
          'x-8x8-transmission-time': String(headers.transmissionTime),
          'x-8x8-retry': String(retry),
          'x-8x8-signature': this.#options.key().sign(raw, headers),
        },
        body: new Uint8Array(raw),
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 'network-error' as const;
    }
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
