import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { MAX_MESSAGE_LENGTH } from '../protocol/limits.js';
import type { Config } from './config.js';
import { eventStream } from './http/event-stream.js';
import { health } from './http/health.js';
import { metricsRoute } from './http/metrics-route.js';
import { installProblemHandlers } from './http/problem.js';
import { rateLimiter } from './http/rate-limit.js';
import { securityHeaders } from './http/security-headers.js';
import { StreamRegistry } from './http/stream-registry.js';
import type { TokenSigner } from './http/tokens.js';
import { webhookReceiver } from './http/webhooks.js';
import { widgetApi } from './http/widget-api.js';
import { widgetAssets } from './http/widget-assets.js';
import { instrumentContactCenter } from './observability/instrumented.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { openApiRoute, type RegisteredRoute, recordRoutes } from './openapi/openapi.js';
import type { QueueWaitSource } from './relay/queue-waits.js';
import { Relay } from './relay/relay.js';
import type { Store } from './store/store.js';
import type { ContactCenter } from './upstream/contact-center.js';
import type { KeyLookup } from './upstream/webhook-signature.js';
import type { ExpectedTenant } from './upstream/webhook-tenant.js';

export interface ProxyParts {
  config: Config;
  store: Store;
  contactCenter: ContactCenter;
  /** 8x8's webhook signing keys by kid. */
  keys: KeyLookup;
  tokens: TokenSigner;
  /** Where the JSON log lines go (stdout by default); tests read them from here. */
  logStream?: DestinationStream;
  /** Serve the widget from here instead of dist/widget (tests). */
  widgetDir?: string;
  /** 8x8's queue statistics, when configured: queued visitors hear the wait. */
  queueWaitSource?: QueueWaitSource | undefined;
}

export interface ParleyProxy {
  app: FastifyInstance;
  relay: Relay;
  streams: StreamRegistry;
  metrics: Metrics;
  /** Every route registered, for the OpenAPI document and its drift test. */
  routes: RegisteredRoute[];
  /**
   * Graceful shutdown: stop accepting connections, end the event streams spread
   * over the drain window (their clients reconnect to another instance), let the
   * requests under way finish, stop the outbox worker, close the app. The store
   * is the caller's to close after.
   */
  shutdown(): Promise<void>;
}

/** Whose webhooks this proxy takes; the demo (no 8x8 configured) takes its simulator's. */
function expectedTenant(config: Config): ExpectedTenant {
  const { tenantId, customerId } = config.contactCenter ?? {};
  return { ...(tenantId ? { tenantId } : {}), ...(customerId ? { customerId } : {}) };
}

/** Never let a stream token reach a log line: it is in the URL because EventSource needs it there. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}

/** Headers and fields that carry secrets, masked wherever a log line would show them. */
const REDACTED = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-8x8-signature"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers["x-8x8-signature"]',
  'token',
  'streamToken',
  'apiKey',
  'tokenSecret',
];

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** How long in-flight requests get to finish once the streams are drained. */
const REQUEST_GRACE_MS = 5000;

/** The proxy: the sum of its route plugins. */
export async function buildProxy(parts: ProxyParts): Promise<ParleyProxy> {
  const { config, store, tokens } = parts;
  const metrics = createMetrics();
  const contactCenter = instrumentContactCenter(parts.contactCenter, metrics);
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(parts.logStream ? { stream: parts.logStream } : {}),
      redact: { paths: REDACTED, censor: '[redacted]' },
      serializers: {
        req: (request) => ({
          method: request.method,
          url: redactUrl(request.url),
          remoteAddress: request.ip,
        }),
      },
    },
    // A request id from the load balancer is kept (when it looks like one), else made.
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    trustProxy:
      typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    // Draining is ours to do (streams get a 200 and a retry, never a 503).
    return503OnClosing: false,
    // An unknown field is an error the developer should hear about, not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
    // A request (headers and body) must arrive whole in this time: slowloris clients get a 408.
    requestTimeout: config.requestTimeoutMs,
  });
  limitSlowClients(app.server, config.requestTimeoutMs);
  const routes = recordRoutes(app);
  installProblemHandlers(app);

  const streams = new StreamRegistry(config.streams);
  const relay = new Relay(store, contactCenter, app.log, {
    metrics,
    outbox: config.outbox,
    agents: config.agentDirectory,
    ...(parts.queueWaitSource && config.queueStatsIntervalMs > 0
      ? { queueWaits: { source: parts.queueWaitSource, intervalMs: config.queueStatsIntervalMs } }
      : {}),
  });
  const allowed = new Set(config.allowedOrigins);
  const isAllowedOrigin = (origin: string) =>
    allowed.size > 0 ? allowed.has(origin) : isOwnOrigin(app, config, origin);

  // Responses under way (streams included): shutdown waits for them, not for idle sockets.
  let inFlight = 0;
  app.addHook('onRequest', async (request, reply) => {
    inFlight++;
    reply.raw.once('close', () => inFlight--);
    reply.header('x-request-id', request.id);
    if (streams.draining) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe(
      { method: request.method, route, status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
    if (route === '/webhooks/8x8') {
      metrics.webhooks.inc({ status: reply.statusCode });
      if (reply.statusCode === 401) metrics.webhookVerificationFailures.inc();
      if (reply.statusCode === 403) metrics.webhookTenantRefusals.inc();
    }
  });
  securityHeaders(app, { https: config.publicUrl?.startsWith('https:') ?? false });

  await app.register(health, { store, contactCenter, draining: () => streams.draining });
  await app.register(metricsRoute, {
    metrics,
    store,
    ...(config.metricsToken ? { token: config.metricsToken } : {}),
  });
  await app.register(
    async (v1) => {
      await widgetApi(v1, {
        relay,
        store,
        tokens,
        isAllowedOrigin,
        rateLimits: config.rateLimits,
        allow: rateLimiter(store.rates, metrics),
        limits: {
          maxMessageLength: MAX_MESSAGE_LENGTH,
          attachments:
            contactCenter.features.attachments && config.attachmentMaxBytes > 0
              ? { maxBytes: config.attachmentMaxBytes, types: config.attachmentTypes }
              : null,
        },
      });
      await eventStream(v1, { store, tokens, streams, metrics, sse: config.streams });
    },
    { prefix: '/v1' },
  );
  await app.register(webhookReceiver, {
    intake: relay.webhooks,
    keys: parts.keys,
    maxSkewMs: config.webhookMaxSkewSeconds * 1000,
    tenant: expectedTenant(config),
  });
  await app.register(widgetAssets, {
    demoPage: config.demo,
    ...(parts.widgetDir ? { root: parts.widgetDir } : {}),
  });
  await app.register(openApiRoute, { routes });

  let closing: Promise<void> | undefined;
  const shutdown = async () => {
    const server = app.server;
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    await streams.drain(config.shutdownDrainSeconds * 1000);
    // Requests under way get a grace; then every connection left is idle and can go.
    const deadline = Date.now() + REQUEST_GRACE_MS;
    const reaper = setInterval(() => {
      if (inFlight === 0 || Date.now() > deadline) server.closeAllConnections();
    }, 20);
    await stopped;
    clearInterval(reaper);
    await relay.outbox.stop();
    relay.queueWaits?.stop();
    await app.close();
  };
  return {
    app,
    relay,
    streams,
    metrics,
    routes,
    shutdown() {
      closing ??= shutdown();
      return closing;
    },
  };
}

/**
 * Node checks request deadlines every 30 s by default and gives headers 60 s:
 * tie both to the request timeout, so a client trickling headers or a body is
 * cut soon after it, whatever the timeout is set to.
 */
function limitSlowClients(
  server: Server & { connectionsCheckingInterval?: number },
  requestTimeoutMs: number,
) {
  server.headersTimeout = requestTimeoutMs;
  // A createServer option; read when the server starts listening, so it can still be set here.
  server.connectionsCheckingInterval = Math.max(250, Math.min(5000, requestTimeoutMs / 4));
}

/** TRUST_PROXY=n: the n proxies nearest to us may tell the client's address. */
function trustHops(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}

/** With no ALLOWED_ORIGINS the proxy serves pages from its own address only (the demo page). */
function isOwnOrigin(app: FastifyInstance, config: Config, origin: string): boolean {
  if (config.publicUrl) return new URL(config.publicUrl).origin === origin;
  const address = app.server.address();
  if (!address || typeof address === 'string') return false;
  try {
    const url = new URL(origin);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    return loopback && Number(url.port) === address.port;
  } catch {
    return false;
  }
}
