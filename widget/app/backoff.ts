/**
 * How long to wait before a retry: exponential with "equal jitter" (half the
 * ceiling plus up to the other half), the ceiling doubling from `baseMs` per
 * attempt up to `maxMs`. `attempt` counts retries from 1. The widget's one
 * backoff: the outbox and the event stream.
 */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
