/** How long to wait before a retry: a ceiling that doubles per attempt, capped. */
export interface Backoff {
  /** The ceiling of the first retry. */
  baseMs: number;
  /** The ceiling never grows past this. */
  maxMs: number;
}

/**
 * Exponential backoff with "equal jitter": half the ceiling, plus up to the other
 * half, so retries of many callers spread out but none comes back at once.
 * `attempt` counts retries from 1. The proxy's one backoff: 8x8 calls and the outbox.
 */
export function backoffMs(attempt: number, backoff: Backoff, random = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
