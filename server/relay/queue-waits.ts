import type { FastifyBaseLogger } from 'fastify';
import { Type } from 'typebox';
import { valueKey } from '../store/keys.js';
import type { ExpiringValues } from '../store/store.js';
import { parseStored } from '../stored-json.js';
import { UpstreamError } from '../upstream/contact-center.js';
import type { QueueStats, QueueWait } from '../upstream/queue-statistics.js';
import type { EventRecorder } from './event-recorder.js';

/** Where a queue's statistics come from: 8x8's Real-time Metrics API (upstream/realtime-metrics.ts). */
export interface QueueWaitSource {
  queueStats(queueId: string): Promise<QueueStats | undefined>;
}

export interface QueueWaitsOptions {
  source: QueueWaitSource;
  values: ExpiringValues;
  recorder: Pick<EventRecorder, 'record'>;
  log: FastifyBaseLogger;
  /** How often a queue is asked about: 8x8 refreshes its real-time values every 5 s. */
  intervalMs: number;
}

/** A chat queued longer than this is no longer watched (8x8 would have ended it). */
const MAX_WATCH_MS = 4 * 60 * 60 * 1000;

const StoredStats = Type.Object({
  waiting: Type.Optional(Type.Integer()),
  estimatedWaitSeconds: Type.Optional(Type.Integer()),
  agentsLoggedIn: Type.Optional(Type.Integer()),
  agentsAvailable: Type.Optional(Type.Integer()),
});

/**
 * Tells each queued visitor what 8x8's statistics say of their queue, as a
 * `wait` event whenever it changes. However many visitors wait, 8x8 is asked
 * once per queue per interval: the answer is kept in the store's expiring
 * values for the interval, and the one caller that claims the queue's slot for
 * the interval asks, so with a Redis store every instance shares one call. The
 * conversations watched are those whose QUEUED webhook reached this instance
 * (kept in memory: after a restart a conversation is watched again at its next
 * QUEUED). A failed call, or an answer without the figures, clears what the
 * visitor sees: unknown says nothing.
 */
export class QueueWaits {
  readonly #options: QueueWaitsOptions;
  readonly #watched = new Map<string, { queueId: string; since: number; shown?: string }>();
  readonly #asking = new Map<string, Promise<QueueStats | 'pending'>>();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: QueueWaitsOptions) {
    this.#options = options;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.tick(), this.#options.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** The conversation waits in `queueId`: it hears of the queue now and at every change. */
  watch(conversationId: string, queueId: string): Promise<void> {
    this.#watched.set(conversationId, { queueId, since: Date.now() });
    return this.#tell(queueId);
  }

  /** An agent took it, or it ended. */
  unwatch(conversationId: string): void {
    this.#watched.delete(conversationId);
  }

  /** One round: every watched queue once. */
  async tick(): Promise<void> {
    const now = Date.now();
    for (const [id, watched] of this.#watched) {
      if (now - watched.since > MAX_WATCH_MS) this.#watched.delete(id);
    }
    const queues = new Set([...this.#watched.values()].map((watched) => watched.queueId));
    await Promise.all([...queues].map((queueId) => this.#tell(queueId)));
  }

  /**
   * The queue's statistics this interval (shared with the waits: no call of its
   * own while they are kept); undefined while unknown or another instance asks.
   */
  async statistics(queueId: string): Promise<QueueStats | undefined> {
    const stats = await this.#current(queueId);
    return stats === 'pending' ? undefined : stats;
  }

  async #tell(queueId: string): Promise<void> {
    const stats = await this.#current(queueId);
    if (stats === 'pending') return;
    const wait = waitOf(stats);
    const shown = JSON.stringify(wait);
    for (const [conversationId, watched] of this.#watched) {
      if (watched.queueId !== queueId || watched.shown === shown) continue;
      // Nothing known and nothing shown yet: nothing to say.
      if (watched.shown === undefined && shown === '{}') continue;
      watched.shown = shown;
      await this.#options.recorder.record(conversationId, [{ type: 'wait', ...wait }]);
    }
  }

  /** The queue's wait this interval, or `pending` while another instance asks 8x8. */
  #current(queueId: string): Promise<QueueStats | 'pending'> {
    let asking = this.#asking.get(queueId);
    if (!asking) {
      asking = this.#read(queueId).finally(() => this.#asking.delete(queueId));
      this.#asking.set(queueId, asking);
    }
    return asking;
  }

  async #read(queueId: string): Promise<QueueStats | 'pending'> {
    const { values, intervalMs } = this.#options;
    const kept = await values.get(valueKey.queueWait(queueId));
    if (kept !== undefined) return parseStored(StoredStats, kept, `queue statistics ${queueId}`);
    const ttlSeconds = Math.max(1, Math.round(intervalMs / 1000));
    const claim = await values.setIfAbsent(valueKey.queueWaitClaim(queueId), '1', ttlSeconds);
    if (!claim.first) return 'pending';
    const stats = await this.#ask(queueId);
    await values.set(valueKey.queueWait(queueId), JSON.stringify(stats), ttlSeconds);
    return stats;
  }

  async #ask(queueId: string): Promise<QueueStats> {
    try {
      return (await this.#options.source.queueStats(queueId)) ?? {};
    } catch (error) {
      const retryAfterMs = error instanceof UpstreamError ? error.retryAfterMs : undefined;
      if (retryAfterMs && retryAfterMs > this.#options.intervalMs) {
        // 8x8 asked for a longer pause: the claim is held that long.
        await this.#options.values.set(
          valueKey.queueWaitClaim(queueId),
          '1',
          Math.ceil(retryAfterMs / 1000),
        );
      }
      this.#options.log.warn({ err: error, queueId }, "8x8's queue statistics failed");
      return {};
    }
  }
}

/** What the visitor is told: the wait, not the agents. */
function waitOf({ waiting, estimatedWaitSeconds }: QueueStats): QueueWait {
  return {
    ...(waiting !== undefined ? { waiting } : {}),
    ...(estimatedWaitSeconds !== undefined ? { estimatedWaitSeconds } : {}),
  };
}
