import type { StreamConfig } from '../config.js';
import type { SseStream } from './sse-stream.js';

export type StreamCap = 'conversation' | 'ip' | 'instance';

/** Streams a drain ends per millisecond at most, so a few streams go at once. */
const DRAIN_SPACING_MS = 5;

/**
 * The event streams open on this instance, counted per conversation, per client
 * address and in all, for the caps. The counts are this instance's own: a stream
 * lives in one process, and its count must not outlive a crash of that process.
 */
export class StreamRegistry {
  readonly #options: StreamConfig;
  readonly #streams = new Set<SseStream>();
  readonly #perConversation = new Map<string, number>();
  readonly #perIp = new Map<string, number>();
  #draining = false;

  constructor(options: StreamConfig) {
    this.#options = options;
  }

  get size(): number {
    return this.#streams.size;
  }

  get draining(): boolean {
    return this.#draining;
  }

  /** The cap a new stream would break, if any. */
  capReached(conversationId: string, ip: string): StreamCap | undefined {
    if (this.#streams.size >= this.#options.perInstance) return 'instance';
    if ((this.#perConversation.get(conversationId) ?? 0) >= this.#options.perConversation)
      return 'conversation';
    if ((this.#perIp.get(ip) ?? 0) >= this.#options.perIp) return 'ip';
    return undefined;
  }

  add(stream: SseStream, conversationId: string, ip: string): void {
    this.#streams.add(stream);
    bump(this.#perConversation, conversationId, 1);
    bump(this.#perIp, ip, 1);
    stream.onClose(() => {
      this.#streams.delete(stream);
      bump(this.#perConversation, conversationId, -1);
      bump(this.#perIp, ip, -1);
    });
  }

  /**
   * Ends every stream, spread over at most `windowMs`, each with a short `retry:`
   * and some jitter, so the clients come back elsewhere without all coming at once.
   */
  async drain(windowMs: number): Promise<void> {
    this.#draining = true;
    const streams = [...this.#streams];
    const spacing = Math.min(windowMs / Math.max(streams.length, 1), DRAIN_SPACING_MS);
    await Promise.all(
      streams.map(
        (stream, index) =>
          new Promise<void>((resolve) => {
            setTimeout(() => {
              stream.closeWithRetry(Math.round(this.#options.retryMs * (1 + Math.random())));
              resolve();
            }, index * spacing);
          }),
      ),
    );
  }
}

function bump(counts: Map<string, number>, key: string, by: number) {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
