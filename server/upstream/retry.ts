import { backoffMs } from '../backoff.js';
import { UpstreamError } from './contact-center.js';

/** The short-term retries inside one call; the proxy's outbox retries across minutes. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** Backoff ceiling of the first retry; it doubles per retry up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error surfaces with it. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 4000,
  maxRetryAfterMs: 10_000,
};

export interface RetryOptions {
  /**
   * Retry failures 8x8 may have acted on (timeouts, broken connections, 5xx).
   * Only for calls that are safe to repeat, or that check first (send-once.ts).
   */
  retryMaybeProcessed: boolean;
}

/**
 * Runs `attempt` until it succeeds, fails for good (any 4xx but 408 and 429), or
 * the policy's attempts are used up; then the last UpstreamError surfaces.
 */
export async function retrying<T>(
  attempt: (n: number) => Promise<T>,
  policy: RetryPolicy,
  options: RetryOptions,
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof UpstreamError) || !error.retryable) throw error;
      if (error.maybeProcessed && !options.retryMaybeProcessed) throw error;
      if (n + 1 >= policy.attempts) throw error;
      const asked = error.retryAfterMs;
      if (asked !== undefined && asked > policy.maxRetryAfterMs) throw error;
      await sleep(
        asked ?? backoffMs(n + 1, { baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs }),
      );
    }
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
