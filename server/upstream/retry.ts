import type { RetryOptions } from 'ky';
import { backoffMs } from '../backoff.js';
import { failureOf } from './upstream-failure.js';

/**
 * The short retries inside one call, for calls no other layer retries (see
 * docs/8x8.md, "Who retries what"); a visitor's message is retried by the
 * outbox across minutes instead.
 */
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

/** How one call is retried: by whom, and whether a failure 8x8 may have acted on is retried too. */
export interface CallRetry {
  policy: RetryPolicy;
  /**
   * Retry failures 8x8 may have acted on (timeouts, broken connections, 500,
   * 502, 504): only for calls that are safe to repeat.
   */
  repeatable: boolean;
}

/** Every status worth another try: 408, 429 and any 5xx. */
const RETRYABLE_STATUSES = [408, 429, ...Array.from({ length: 100 }, (_, n) => 500 + n)];

/**
 * ky's retry options for a policy. ky waits what Retry-After asks (or our
 * equal-jitter backoff) and gives up at once on any other 4xx; we add what ky
 * cannot know: whether 8x8 may have acted on the failed try, and that a wait
 * longer than maxRetryAfterMs is better left to the caller. Without `retry`,
 * one try: another layer retries.
 */
export function kyRetry(retry: CallRetry | undefined): RetryOptions {
  if (!retry) return { limit: 0 };
  const { policy, repeatable } = retry;
  return {
    limit: policy.attempts - 1,
    methods: ['get', 'post', 'put', 'patch', 'delete'],
    statusCodes: RETRYABLE_STATUSES,
    afterStatusCodes: RETRYABLE_STATUSES,
    retryOnTimeout: true,
    delay: (retryCount) =>
      backoffMs(retryCount, { baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs }),
    shouldRetry: ({ error }) => {
      const failure = failureOf(error);
      if (!failure.retryable) return false;
      if (failure.maybeProcessed && !repeatable) return false;
      if ((failure.retryAfterMs ?? 0) > policy.maxRetryAfterMs) return false;
      // ky's own rules from here: Retry-After when 8x8 sent one, the backoff otherwise.
      return undefined;
    },
  };
}
