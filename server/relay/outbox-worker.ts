import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { backoffMs } from '../backoff.js';
import type { OutboxConfig } from '../config.js';
import type { Metrics } from '../observability/metrics.js';
import type { OutboxMessage, Session, Store } from '../store/store.js';
import { type ContactCenter, UpstreamError } from '../upstream/contact-center.js';
import type { EventRecorder } from './event-recorder.js';

/** Where a message stands after a drain tried it. */
export interface Delivery {
  status: OutboxMessage['status'];
  /** Why it is still pending or why it failed. */
  reason?: string;
}

/** The messages a drain tried, by client message id; one not in it was not tried. */
export type DrainOutcome = ReadonlyMap<string, Delivery>;

/** How long one worker may hold a conversation's queue without renewing. */
const LEASE_MS = 60_000;

/**
 * Hands the visitors' messages to 8x8 from the durable outbox, one conversation
 * queue at a time and in order: a message 8x8 could not take for a retryable
 * reason (outage, 429, timeout) waits with backoff and blocks the ones after it;
 * one 8x8 refused for good, or that waited past the give-up deadline, fails with
 * a reason. Each outcome becomes a `message-status` event.
 *
 * A message leaves the queue (settled) before its status event is logged, so a
 * crash in between can lose the event (a repeat of the send logs it again) but
 * never sends the message twice.
 */
export class OutboxWorker {
  readonly #store: Store;
  readonly #contactCenter: ContactCenter;
  readonly #recorder: EventRecorder;
  readonly #options: OutboxConfig;
  readonly #metrics: Metrics;
  readonly #log: FastifyBaseLogger;
  readonly #holder = randomUUID();
  readonly #running = new Map<string, Promise<DrainOutcome>>();
  readonly #again = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(parts: {
    store: Store;
    contactCenter: ContactCenter;
    recorder: EventRecorder;
    options: OutboxConfig;
    metrics: Metrics;
    log: FastifyBaseLogger;
  }) {
    this.#store = parts.store;
    this.#contactCenter = parts.contactCenter;
    this.#recorder = parts.recorder;
    this.#options = parts.options;
    this.#metrics = parts.metrics;
    this.#log = parts.log;
  }

  /** Looks for due messages now (those a restart left behind) and then every little while. */
  start(): void {
    const everyMs = Math.min(1000, Math.max(20, this.#options.retryBaseMs / 2));
    const tick = () => {
      this.#timer = setTimeout(async () => {
        await this.#deliverDue().catch((error: unknown) => {
          this.#log.error({ err: error }, 'reading the outbox failed');
        });
        if (!this.#stopped) tick();
      }, everyMs);
      this.#timer.unref();
    };
    void this.#deliverDue()
      .catch((error: unknown) => this.#log.error({ err: error }, 'reading the outbox failed'))
      .finally(() => {
        if (!this.#stopped) tick();
      });
  }

  /** Stops taking new work and waits for the calls to 8x8 under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await Promise.allSettled([...this.#running.values()]);
  }

  /**
   * Delivers the conversation's due messages, in order. Resolves when this pass is
   * over (the messages are sent, failed, or waiting for a later retry) with where
   * each message it tried stands. A caller that has just read the `session` gives
   * it, and the first try uses it instead of reading it again.
   */
  drain(conversationId: string, session?: Session): Promise<DrainOutcome> {
    if (this.#stopped) return Promise.resolve(new Map());
    const running = this.#running.get(conversationId);
    if (running) {
      this.#again.add(conversationId);
      return running;
    }
    const outcome = new Map<string, Delivery>();
    const run = this.#drain(conversationId, session, outcome)
      .catch((error: unknown) => {
        this.#log.error({ err: error, conversationId }, 'delivering from the outbox failed');
      })
      .then(() => outcome)
      .finally(() => this.#running.delete(conversationId));
    this.#running.set(conversationId, run);
    return run;
  }

  /** Fails every message still waiting, e.g. because the visitor ended the chat. */
  async failPending(conversationId: string, reason: string): Promise<void> {
    await this.#running.get(conversationId);
    if (!(await this.#store.outbox.lease(conversationId, this.#holder, LEASE_MS))) return;
    try {
      for (;;) {
        const head = await this.#store.outbox.head(conversationId);
        if (!head) break;
        await this.#settle(head, 'failed', head.attempts, reason);
      }
    } finally {
      await this.#store.outbox.release(conversationId, this.#holder);
    }
  }

  async #deliverDue() {
    const due = await this.#store.outbox.due(Date.now(), 100);
    await Promise.allSettled(due.map((conversationId) => this.drain(conversationId)));
  }

  async #drain(conversationId: string, known: Session | undefined, outcome: Map<string, Delivery>) {
    const { outbox } = this.#store;
    // Only the first try may use the caller's session: a close during the pass must be seen.
    let given = known;
    do {
      this.#again.delete(conversationId);
      // Another instance is delivering this conversation: it keeps the order.
      if (!(await outbox.lease(conversationId, this.#holder, LEASE_MS))) return;
      try {
        for (;;) {
          if (this.#stopped) return;
          const head = await outbox.head(conversationId);
          if (!head || head.nextAttemptAt > Date.now()) break;
          const session = given ?? (await this.#store.sessions.get(conversationId));
          given = undefined;
          const delivery = await this.#attempt(head, session);
          outcome.set(head.clientMessageId, delivery);
          if (delivery.status === 'pending') break;
          await outbox.lease(conversationId, this.#holder, LEASE_MS);
        }
      } finally {
        await outbox.release(conversationId, this.#holder);
      }
    } while (this.#again.has(conversationId) && !this.#stopped);
  }

  /** One try at the head of a queue: settled (sent or failed), or pending until a retry. */
  async #attempt(message: OutboxMessage, session: Session | undefined): Promise<Delivery> {
    if (!session || session.status === 'closed') {
      return this.#settle(message, 'failed', message.attempts, 'The conversation has ended.');
    }
    if (!session.upstreamId) {
      return this.#settle(message, 'failed', message.attempts, '8x8 never confirmed this chat.');
    }
    // Written before the call: after a crash during it, the next try knows it may have gone.
    const attempts = message.attempts + 1;
    await this.#store.outbox.reschedule(message.conversationId, message.clientMessageId, {
      attempts,
      nextAttemptAt: message.nextAttemptAt,
    });
    // A call was made before: the adapter checks whether it reached 8x8 before posting again.
    const retried = message.attempts > 0 ? { firstAttemptAt: message.createdAt } : {};
    try {
      await this.#contactCenter.sendMessage(session.upstreamId, {
        text: message.text,
        attachmentIds: message.attachmentIds,
        ...(message.quickReplyPayload ? { quickReplyPayload: message.quickReplyPayload } : {}),
        ...(message.cardSubmit ? { cardSubmit: message.cardSubmit } : {}),
        ...retried,
      });
      return await this.#settle(message, 'sent', attempts);
    } catch (error) {
      const reason = explain(error);
      const retryable = error instanceof UpstreamError && error.retryable;
      const nextAttemptAt = Date.now() + Math.max(this.#delay(attempts), retryAfterMs(error));
      if (retryable && nextAttemptAt < message.createdAt + this.#options.giveUpMs) {
        this.#log.warn(
          { conversationId: message.conversationId, attempts, err: error },
          '8x8 did not take a message; it will be retried',
        );
        await this.#store.outbox.reschedule(message.conversationId, message.clientMessageId, {
          attempts,
          nextAttemptAt,
          reason,
        });
        this.#metrics.outboxDeliveries.inc({ outcome: 'retry' });
        if (attempts === 1) await this.#status(message, 'pending', reason);
        return { status: 'pending', reason };
      }
      this.#log.warn(
        { conversationId: message.conversationId, attempts, err: error },
        'a message could not be sent to 8x8',
      );
      return this.#settle(
        message,
        'failed',
        attempts,
        retryable ? `The contact center could not take the message in time (${reason})` : reason,
      );
    }
  }

  async #settle(
    message: OutboxMessage,
    status: 'sent' | 'failed',
    attempts: number,
    reason?: string,
  ): Promise<Delivery> {
    await this.#store.outbox.settle(message.conversationId, message.clientMessageId, {
      status,
      attempts,
      ...(reason ? { reason } : {}),
    });
    this.#metrics.outboxDeliveries.inc({ outcome: status });
    await this.#status(message, status, reason);
    return { status, ...(reason ? { reason } : {}) };
  }

  /** Keyed, so logging the same outcome again (a repeated send) adds nothing. */
  #status(message: OutboxMessage, status: OutboxMessage['status'], reason?: string) {
    return this.#recorder.status(message.conversationId, message.clientMessageId, status, reason);
  }

  #delay(attempts: number) {
    const { retryBaseMs, retryMaxMs } = this.#options;
    return backoffMs(attempts, { baseMs: retryBaseMs, maxMs: retryMaxMs });
  }
}

/** How long 8x8 asked us to wait (Retry-After), when the adapter says so. */
function retryAfterMs(error: unknown): number {
  return error instanceof UpstreamError ? (error.retryAfterMs ?? 0) : 0;
}

function explain(error: unknown): string {
  if (error instanceof UpstreamError) return `${error.message}.`;
  return 'The message could not be sent.';
}
