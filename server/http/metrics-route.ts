import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../observability/metrics.js';
import type { Store } from '../store/store.js';
import { bearer } from './auth.js';
import { sendProblem } from './problem.js';
import { metrics as metricsContract } from './route-contracts.js';

export interface MetricsRouteOptions {
  metrics: Metrics;
  store: Store;
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token?: string;
}

/** GET /metrics: Prometheus text format. */
export async function metricsRoute(app: FastifyInstance, options: MetricsRouteOptions) {
  const { metrics, store, token } = options;
  app.get('/metrics', { schema: metricsContract }, async (request, reply) => {
    if (token !== undefined && !sameSecret(bearer(request) ?? '', token)) {
      return sendProblem(
        reply,
        401,
        'Unauthorized',
        '/metrics needs METRICS_TOKEN as a bearer token.',
      );
    }
    metrics.outboxDepth.set(await store.outbox.depth());
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}

/** Compares without telling by its timing how much of the secret was right. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
