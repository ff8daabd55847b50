import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The proxy's Prometheus metrics, in a registry of its own (several proxies may
 * share a process in tests). Served at /metrics by http/metrics-route.ts.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'parley_' });
  const registers = [registry];
  return {
    registry,
    streamsOpen: new Gauge({
      name: 'parley_streams_open',
      help: 'Event streams open on this instance.',
      registers,
    }),
    streamsRefused: new Counter({
      name: 'parley_streams_refused_total',
      help: 'Streams turned away with a long retry, by the cap that was reached.',
      labelNames: ['cap'] as const,
      registers,
    }),
    streamsDropped: new Counter({
      name: 'parley_streams_dropped_total',
      help: 'Streams ended because the client read too slowly.',
      registers,
    }),
    eventsRelayed: new Counter({
      name: 'parley_events_relayed_total',
      help: 'Events written to visitors’ streams.',
      registers,
    }),
    eventsStored: new Counter({
      name: 'parley_events_stored_total',
      help: 'Events appended to the event log, by where they came from.',
      labelNames: ['source'] as const,
      registers,
    }),
    webhooks: new Counter({
      name: 'parley_webhooks_total',
      help: '8x8 webhook requests, by answer status.',
      labelNames: ['status'] as const,
      registers,
    }),
    webhookVerificationFailures: new Counter({
      name: 'parley_webhook_verification_failures_total',
      help: '8x8 webhooks refused because their signature did not verify.',
      registers,
    }),
    webhookTenantRefusals: new Counter({
      name: 'parley_webhook_tenant_refusals_total',
      help: 'Correctly signed 8x8 webhooks refused (403) because they name another tenant or customer than CC_TENANT_ID / CC_CUSTOMER_ID.',
      registers,
    }),
    upstreamDuration: new Histogram({
      name: 'parley_upstream_call_duration_seconds',
      help: 'Calls to 8x8, by operation and outcome.',
      labelNames: ['operation', 'outcome'] as const,
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    upstreamErrors: new Counter({
      name: 'parley_upstream_errors_total',
      help: 'Failed calls to 8x8, by operation and whether they are worth retrying.',
      labelNames: ['operation', 'kind'] as const,
      registers,
    }),
    outboxDepth: new Gauge({
      name: 'parley_outbox_depth',
      help: 'Visitor messages waiting for 8x8 (all conversations).',
      registers,
    }),
    outboxDeliveries: new Counter({
      name: 'parley_outbox_deliveries_total',
      help: 'Attempts to hand a visitor message to 8x8, by outcome (sent, retry, failed).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    rateLimited: new Counter({
      name: 'parley_rate_limited_total',
      help: 'Requests refused with 429, by limit.',
      labelNames: ['limit'] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: 'parley_http_request_duration_seconds',
      help: 'HTTP requests (streams excluded), by method, route and status.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    }),
    ratings: new Counter({
      name: 'parley_ratings_total',
      help: 'Survey answers stored, by scale (stars, thumbs) and score (1–5; thumbs: 1 down, 5 up).',
      labelNames: ['scale', 'score'] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
