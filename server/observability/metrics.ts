import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The proxy's Prometheus metrics, in a registry of its own (several proxies may
 * share a process in tests). Served at /metrics by http/metrics-route.ts.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'parley_' });
  const registers = [registry];
  /** A counter in the registry, one series per combination of `labelNames`. */
  const counter = <Label extends string>(
    name: string,
    help: string,
    labelNames: readonly Label[] = [],
  ) => new Counter({ name, help, labelNames, registers });
  const gauge = (name: string, help: string) => new Gauge({ name, help, registers });
  return {
    registry,
    streamsOpen: gauge('parley_streams_open', 'Event streams open on this instance.'),
    streamsRefused: counter(
      'parley_streams_refused_total',
      'Streams turned away with a long retry, by the cap that was reached.',
      ['cap'],
    ),
    streamsDropped: counter(
      'parley_streams_dropped_total',
      'Streams ended because the client read too slowly.',
    ),
    eventsRelayed: counter('parley_events_relayed_total', 'Events written to visitors’ streams.'),
    eventsStored: counter(
      'parley_events_stored_total',
      'Events appended to the event log, by where they came from.',
      ['source'],
    ),
    webhooks: counter('parley_webhooks_total', '8x8 webhook requests, by answer status.', [
      'status',
    ]),
    webhookVerificationFailures: counter(
      'parley_webhook_verification_failures_total',
      '8x8 webhooks refused because their signature did not verify.',
    ),
    webhookTenantRefusals: counter(
      'parley_webhook_tenant_refusals_total',
      'Correctly signed 8x8 webhooks refused (403) because they name another tenant or customer than CC_TENANT_ID / CC_CUSTOMER_ID.',
    ),
    upstreamDuration: new Histogram({
      name: 'parley_upstream_call_duration_seconds',
      help: 'Calls to 8x8, by operation and outcome.',
      labelNames: ['operation', 'outcome'] as const,
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    upstreamErrors: counter(
      'parley_upstream_errors_total',
      'Failed calls to 8x8, by operation and whether they are worth retrying.',
      ['operation', 'kind'],
    ),
    outboxDepth: gauge(
      'parley_outbox_depth',
      'Visitor messages waiting for 8x8 (all conversations).',
    ),
    outboxDeliveries: counter(
      'parley_outbox_deliveries_total',
      'Attempts to hand a visitor message to 8x8, by outcome (sent, retry, failed).',
      ['outcome'],
    ),
    rateLimited: counter('parley_rate_limited_total', 'Requests refused with 429, by limit.', [
      'limit',
    ]),
    httpDuration: new Histogram({
      name: 'parley_http_request_duration_seconds',
      help: 'HTTP requests (streams excluded), by method, route and status.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    }),
    ratings: counter(
      'parley_ratings_total',
      'Survey answers stored, by scale (stars, thumbs) and score (1–5; thumbs: 1 down, 5 up).',
      ['scale', 'score'],
    ),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
