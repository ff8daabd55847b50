import { randomBytes } from 'node:crypto';
import { webhookHttpHeaders } from '../upstream/webhook-signature.js';
import type { WebhookFate, WebhookFaults } from './faults.js';
import type { SigningKey } from './signing-key.js';

/** Where to deliver; read at every attempt, so a webhook whose URI changes is followed. */
export interface WebhookTarget {
  uri: string;
  /** The webhook's id: what a journaled delivery is resumed to after a restart. */
  id?: string;
}

/** An event not acknowledged yet, as a simulator's file keeps it until it is. */
export interface PendingDelivery {
  eventId: string;
  eventType: string;
  webhookId: string;
  conversationId: string;
  body: string;
}

/** Where deliveries wait to be acknowledged: 8x8 keeps retrying across its own restarts. */
export interface DeliveryJournal {
  add(delivery: PendingDelivery): void;
  remove(eventId: string): void;
}

export interface SenderOptions {
  /** The x-8x8-tenant-id and x-8x8-customer-id of each delivery, read at every attempt. */
  identity: () => { tenantId: string; customerId: string };
  /** Current signing key (rotation replaces it). */
  key: () => SigningKey;
  /** Delay before retry n (1-based), ms. */
  retryDelayMs: (retry: number) => number;
  maxRetries: number;
  timeoutMs: number;
  faults?: WebhookFaults;
  onDelivery?: (delivery: Delivery) => void;
  /** Keeps each delivery until it is acknowledged or given up on (the simulator's file). */
  journal?: DeliveryJournal;
}

export interface Delivery {
  eventId: string;
  eventType: string;
  conversationId: string;
  uri: string;
  retry: number;
  status: number | 'network-error' | 'dropped';
}

/** A reordered event waits this long at most for the event that should overtake it. */
const REORDER_WAIT_MS = 2000;

/**
 * Delivers webhooks as 8x8 does: POST with the x-8x8-* headers and a detached
 * RS256 JWS; anything but 2xx is retried after a delay with a new transmission
 * time and x-8x8-retry incremented. Events of one conversation go out in order:
 * each waits until the one before it was acknowledged or given up on, unless a
 * fault (faults.ts) drops, duplicates, reorders or delays it.
 */
export class WebhookSender {
  readonly #options: SenderOptions;
  readonly #queues = new Map<string, Promise<void>>();
  /** Per conversation, an event held back to be delivered after the next one. */
  readonly #held = new Map<string, () => Promise<void>>();
  /** Aborted by stop(): waits and requests end, nothing more is tried or written. */
  readonly #stop = new AbortController();
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
    const event = {
      eventId: randomBytes(16).toString('base64url'),
      eventType: String(body.eventType),
      conversationId,
      raw: Buffer.from(JSON.stringify(body)),
    };
    const fate: WebhookFate = this.#options.faults?.next() ?? {};
    if (fate.drop) {
      this.#options.onDelivery?.({ ...deliveryOf(event, target), retry: 0, status: 'dropped' });
      return Promise.resolve();
    }
    const journal = target.id ? this.#options.journal : undefined;
    journal?.add({
      eventId: event.eventId,
      eventType: event.eventType,
      webhookId: target.id!,
      conversationId,
      body: event.raw.toString('utf8'),
    });
    const deliver = async () => {
      await this.#deliver(target, event);
      if (fate.duplicate) await this.#deliver(target, event);
      if (!this.#stop.signal.aborted) journal?.remove(event.eventId);
    };
    if (fate.delayMs !== undefined) {
      return this.#track(sleep(fate.delayMs).then(deliver));
    }
    if (fate.reorder) return this.#hold(conversationId, deliver);
    return this.#enqueue(conversationId, deliver);
  }

  /** Resolves once every event of the conversation sent so far has been answered or given up on. */
  settled(conversationId: string): Promise<void> {
    return this.#queues.get(conversationId) ?? Promise.resolve();
  }

  /** Webhooks not yet acknowledged. */
  get pending(): number {
    return this.#inFlight;
  }

  /**
   * Delivers again what a restart interrupted (the journal's pending deliveries,
   * oldest first), with their event ids, so a receiver that had them already
   * recognises them. One whose webhook is gone is dropped, as 8x8 would.
   */
  resume(pending: PendingDelivery[], targetOf: (webhookId: string) => WebhookTarget | undefined) {
    const journal = this.#options.journal;
    for (const delivery of pending) {
      const target = targetOf(delivery.webhookId);
      if (!target) {
        journal?.remove(delivery.eventId);
        continue;
      }
      const event = { ...delivery, raw: Buffer.from(delivery.body, 'utf8') };
      void this.#enqueue(delivery.conversationId, async () => {
        await this.#deliver(target, event);
        if (!this.#stop.signal.aborted) journal?.remove(delivery.eventId);
      });
    }
  }

  /** No more attempts: what is not acknowledged stays in the journal for the next start. */
  stop(): void {
    this.#stop.abort();
  }

  #enqueue(conversationId: string, deliver: () => Promise<void>): Promise<void> {
    const held = this.#held.get(conversationId);
    this.#held.delete(conversationId);
    const previous = this.#queues.get(conversationId) ?? Promise.resolve();
    const next = this.#track(previous.then(deliver).then(() => held?.())).finally(() => {
      if (this.#queues.get(conversationId) === next) this.#queues.delete(conversationId);
    });
    this.#queues.set(conversationId, next);
    return next;
  }

  /** Holds the event until the conversation's next one has gone out (or a while has passed). */
  #hold(conversationId: string, deliver: () => Promise<void>): Promise<void> {
    return this.#track(
      new Promise<void>((resolve) => {
        let done = false;
        const run = async () => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          await deliver();
          resolve();
        };
        const timer = setTimeout(() => {
          if (this.#held.get(conversationId) === run) this.#held.delete(conversationId);
          void this.#enqueue(conversationId, run);
        }, REORDER_WAIT_MS);
        this.#held.set(conversationId, run);
      }),
    );
  }

  #track(delivery: Promise<void>): Promise<void> {
    this.#inFlight++;
    return delivery.finally(() => this.#inFlight--);
  }

  async #deliver(target: WebhookTarget, event: Event) {
    const stopped = this.#stop.signal;
    for (let retry = 0; retry <= this.#options.maxRetries; retry++) {
      if (retry > 0) await sleep(this.#options.retryDelayMs(retry), stopped);
      if (stopped.aborted) return;
      const status = await this.#post(target, event, retry);
      this.#options.onDelivery?.({ ...deliveryOf(event, target), retry, status });
      if (typeof status === 'number' && status >= 200 && status < 300) return;
    }
  }

  async #post(target: WebhookTarget, event: Event, retry: number) {
    const { tenantId, customerId } = this.#options.identity();
    const headers = {
      customerId,
      eventId: event.eventId,
      tenantId,
      transmissionTime: Date.now(),
      retry,
    };
    try {
      const response = await fetch(target.uri, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'cache-control': 'no-cache',
          ...webhookHttpHeaders(headers, this.#options.key().sign(event.raw, headers)),
        },
        body: new Uint8Array(event.raw),
        signal: AbortSignal.any([AbortSignal.timeout(this.#options.timeoutMs), this.#stop.signal]),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 'network-error' as const;
    }
  }
}

interface Event {
  eventId: string;
  eventType: string;
  conversationId: string;
  raw: Buffer;
}

function deliveryOf(event: Event, target: WebhookTarget) {
  return {
    eventId: event.eventId,
    eventType: event.eventType,
    conversationId: event.conversationId,
    uri: target.uri,
  };
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal) {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
