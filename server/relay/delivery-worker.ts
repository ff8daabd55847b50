import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { type Backoff, backoffMs } from '../backoff.js';
import type { Deliveries, Delivery } from '../store/deliveries.js';
import { valueKey } from '../store/keys.js';
import type { ExpiringValues } from '../store/store.js';
import { StoredDataError } from '../stored-json.js';

/** Hands one delivery on (mail, 8x8); throws when it must be tried again. */
export type Deliver = (delivery: Delivery) => Promise<void>;

/** How long one worker holds a delivery while it tries it. */
const LEASE_SECONDS = 60;
const BATCH = 20;

/**
 * Delivers what the Deliveries store holds, until each is delivered: a failed
 * try waits with backoff (doubling up to the cap) and is tried again, however
 * long the mail server or 8x8 is away. Only a payload that cannot be read is
 * given up (failed). Several instances may run it: a short lease per item in
 * the shared store lets one try it at a time.
 */
export class DeliveryWorker {
  readonly #holder = randomUUID();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(
    private readonly parts: {
      deliveries: Deliveries;
      leases: ExpiringValues;
      handlers: Partial<Record<Delivery['kind'], Deliver>>;
      backoff: Backoff;
      log: FastifyBaseLogger;
      pollMs?: number;
    },
  ) {}

  start() {
    this.#timer ??= setInterval(() => void this.drain(), this.parts.pollMs ?? 1000);
    this.#timer.unref();
  }

  async stop() {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** Tries every due delivery once (one drain at a time). */
  drain(): Promise<void> {
    this.#running ??= this.#drain().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #drain() {
    const due = await this.parts.deliveries.due(Date.now(), BATCH).catch((error: unknown) => {
      this.parts.log.warn({ err: error }, 'deliveries cannot be read');
      return [];
    });
    for (const delivery of due) await this.#try(delivery);
  }

  async #try(delivery: Delivery) {
    const { deliveries, leases, handlers, log } = this.parts;
    const claim = await leases.setIfAbsent(
      valueKey.deliveryLease(delivery.id),
      this.#holder,
      LEASE_SECONDS,
    );
    if (!claim.first && claim.value !== this.#holder) return;
    const attempts = delivery.attempts + 1;
    try {
      const handler = handlers[delivery.kind];
      if (!handler) throw new Error(`nothing delivers ${delivery.kind} on this proxy`);
      await handler(delivery);
      await deliveries.settle(delivery.id, { status: 'delivered', attempts });
      log.info({ delivery: delivery.id, kind: delivery.kind, attempts }, 'delivered');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof StoredDataError) {
        await deliveries.settle(delivery.id, { status: 'failed', attempts, reason });
        log.error({ delivery: delivery.id, reason }, 'delivery unreadable: given up');
        return;
      }
      const nextAttemptAt = Date.now() + backoffMs(attempts, this.parts.backoff);
      await deliveries.reschedule(delivery.id, { attempts, nextAttemptAt, reason });
      log.warn(
        { delivery: delivery.id, kind: delivery.kind, attempts, reason },
        'delivery will be retried',
      );
    }
  }
}
