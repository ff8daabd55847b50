import type { FastifyReply } from 'fastify';
import type { RateLimit } from '../config.js';
import type { Metrics } from '../observability/metrics.js';
import { rateKey } from '../store/keys.js';
import type { RateCounters } from '../store/store.js';
import { sendProblem } from './problem.js';

/**
 * Fixed-window rate limits on counters every instance shares. `allow` counts one
 * hit and, over the limit, answers 429 with Retry-After itself and returns false.
 */
export function rateLimiter(counters: RateCounters, metrics: Metrics) {
  return async function allow(
    reply: FastifyReply,
    name: string,
    subject: string,
    rate: RateLimit,
  ): Promise<boolean> {
    if (rate.limit === 0) return true;
    const { count, resetInMs } = await counters.hit(rateKey(name, subject), rate.windowMs);
    if (count <= rate.limit) return true;
    metrics.rateLimited.inc({ limit: name });
    const seconds = Math.max(1, Math.ceil(resetInMs / 1000));
    reply.header('retry-after', String(seconds));
    await sendProblem(
      reply,
      429,
      'Too many requests',
      `More than ${rate.limit} ${describeLimit(name)} in ${rate.windowMs / 1000} s; try again in ${seconds} s.`,
    );
    return false;
  };
}

export type RateLimiter = ReturnType<typeof rateLimiter>;

function describeLimit(name: string): string {
  const [action, per] = name.split('-per-');
  const what = action === 'create' ? 'new conversations' : `${action} requests`;
  return `${what} per ${per === 'ip' ? 'address' : 'conversation'}`;
}
