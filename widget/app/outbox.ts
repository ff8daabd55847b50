import { backoffMs } from './backoff.js';
import { ProxyError } from './proxy-client.js';

export interface OutboxJob {
  key: string;
  run: () => Promise<void>;
  /** Given up: the proxy said no, or the network failed too often while online. */
  fail: (reason: string) => void;
}

const MAX_ATTEMPTS = 4;

/**
 * The visitor's messages, sent one at a time in the order they were written.
 * Offline, they wait (the browser's `online` event sends them); a network error,
 * 429 or 5xx is retried with backoff and jitter, honouring Retry-After; any other
 * answer fails the message, which keeps its text and can be retried. A retry uses
 * the same client message id, so the proxy sends it once whatever happens.
 */
export function createOutbox() {
  const queue: OutboxJob[] = [];
  let running = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function pump(): Promise<void> {
    if (running) return;
    running = true;
    clearTimeout(timer);
    try {
      while (queue.length > 0 && navigator.onLine) {
        const job = queue[0]!;
        try {
          await job.run();
        } catch (error) {
          const problem = error instanceof ProxyError ? error : new ProxyError(0, String(error));
          // Offline: wait for the `online` event, without counting this as an attempt.
          if (problem.retryable && !navigator.onLine) return;
          if (problem.retryable && ++attempt < MAX_ATTEMPTS) {
            const backoff = backoffMs(attempt + 1, 1000, 30_000);
            timer = setTimeout(() => void pump(), problem.retryAfterMs ?? backoff);
            return;
          }
          job.fail(problem.message);
        }
        queue.shift();
        attempt = 0;
      }
    } finally {
      running = false;
    }
  }

  const online = () => {
    attempt = 0;
    void pump();
  };
  addEventListener('online', online);

  return {
    add(job: OutboxJob) {
      queue.push(job);
      void pump();
    },
    has: (key: string) => queue.some((job) => job.key === key),
    stop() {
      queue.length = 0;
      clearTimeout(timer);
      removeEventListener('online', online);
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
