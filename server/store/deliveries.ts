/**
 * Things the proxy must hand on outside a conversation, kept until they are
 * delivered: a visitor's offline message (to 8x8 or by email) and a transcript
 * email. Each is stored before the visitor is told "sent", so a crash, an SMTP
 * outage or 8x8 being away loses none; the delivery worker retries with backoff.
 */
export interface Delivery {
  /** Chosen by the caller (a UUID); adding an id twice keeps the first. */
  id: string;
  kind: 'offline-message' | 'transcript-email';
  /** The kind's own JSON (validated when read back, by the worker). */
  payload: string;
  /** Epoch ms when it was taken. */
  createdAt: number;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** Epoch ms before which it is not tried again. */
  nextAttemptAt: number;
  /** Why it is still pending or why it failed. */
  reason?: string;
}

export interface Deliveries {
  /** Stores it unless its id is known; true when this call stored it. */
  add(delivery: Delivery): Promise<boolean>;
  get(id: string): Promise<Delivery | undefined>;
  /** Pending deliveries due (nextAttemptAt <= now), oldest first, at most `limit`. */
  due(now: number, limit: number): Promise<Delivery[]>;
  /** An attempt failed (or is about to be made): when to try again, and why. */
  reschedule(
    id: string,
    update: { attempts: number; nextAttemptAt: number; reason?: string },
  ): Promise<void>;
  settle(
    id: string,
    outcome: { status: 'delivered' | 'failed'; attempts: number; reason?: string },
  ): Promise<void>;
  /** How many are still pending (for /metrics). */
  pending(): Promise<number>;
}

/** The in-process implementation: tests and the simulator's own use. Lost on restart. */
export class MemoryDeliveries implements Deliveries {
  readonly #items = new Map<string, Delivery>();

  async add(delivery: Delivery) {
    if (this.#items.has(delivery.id)) return false;
    this.#items.set(delivery.id, { ...delivery });
    return true;
  }

  async get(id: string) {
    const found = this.#items.get(id);
    return found ? { ...found } : undefined;
  }

  async due(now: number, limit: number) {
    return [...this.#items.values()]
      .filter((item) => item.status === 'pending' && item.nextAttemptAt <= now)
      .sort((a, b) => a.createdAt - b.createdAt)
      .slice(0, limit)
      .map((item) => ({ ...item }));
  }

  async reschedule(
    id: string,
    update: { attempts: number; nextAttemptAt: number; reason?: string },
  ) {
    const found = this.#items.get(id);
    if (found?.status === 'pending') Object.assign(found, update);
  }

  async settle(
    id: string,
    outcome: { status: 'delivered' | 'failed'; attempts: number; reason?: string },
  ) {
    const found = this.#items.get(id);
    if (found) Object.assign(found, outcome);
  }

  async pending() {
    return [...this.#items.values()].filter((item) => item.status === 'pending').length;
  }
}
