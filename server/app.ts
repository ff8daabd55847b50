import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { MAX_MESSAGE_LENGTH } from '../protocol/limits.js';
import { type Config, presenceQueues } from './config.js';
import { attachmentContent } from './http/attachment-content.js';
import { attachmentLinks } from './http/attachment-links.js';
import { availabilityRoutes } from './http/availability-routes.js';
import { eventStream } from './http/event-stream.js';
import { health } from './http/health.js';
import { metricsRoute } from './http/metrics-route.js';
import { installProblemHandlers } from './http/problem.js';
import { rateLimiter } from './http/rate-limit.js';
import { requestIdOf } from './http/request-id.js';
import { apiSecurityHeaders, securityHeaders } from './http/security-headers.js';
import { StreamRegistry } from './http/stream-registry.js';
import type { TokenSigner } from './http/tokens.js';
import { visitorDataApi } from './http/visitor-data.js';
import { webhookFastPath } from './http/webhook-fast-path.js';
import { webhookReceiver } from './http/webhooks.js';
import { widgetApi } from './http/widget-api.js';
import { widgetAssets } from './http/widget-assets.js';
import { instrumentContactCenter } from './observability/instrumented.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { openApiRoute, type RegisteredRoute, recordRoutes } from './openapi/openapi.js';
import { agentGate } from './relay/agent-presence.js';
import { ContactHours } from './relay/contact-hours.js';
import { deliveryHandlers, scheduleReader } from './relay/delivery-handlers.js';
import { DeliveryWorker } from './relay/delivery-worker.js';
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
  /** The queues whose agents decide "nobody logged in"; by default CC_QUEUE_ID and the departments'. */
  presenceQueues?: string[];
}

export interface ParleyProxy {
  app: FastifyInstance;
  relay: Relay;
  streams: StreamRegistry;
  metrics: Metrics;
  /** Delivers offline messages and transcript emails; start it once the proxy listens. */
  deliveries: DeliveryWorker;
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

/** Fastify's default for the servers it creates: longer than common load balancers' idle timeout. */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

/** How long in-flight requests get to finish once the streams are drained. */
const REQUEST_GRACE_MS = 5000;

/** The proxy: the sum of its route plugins. */
export async function buildProxy(parts: ProxyParts): Promise<ParleyProxy> {
  const { config, store, tokens } = parts;
  const metrics = createMetrics();
  const contactCenter = instrumentContactCenter(parts.contactCenter, metrics);
  let webhookPath: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
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
    requestIdHeader: false,
    genReqId: requestIdOf,
    trustProxy:
      typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    // Draining is ours to do (streams get a 200 and a retry, never a 503).
    return503OnClosing: false,
    // An unknown field is an error the developer should hear about, not silently dropped.
    // A `type` list (a card answer's value, protocol/events.ts) is how a value may be one of
    // several types without coercion turning it into the first.
    ajv: { customOptions: { removeAdditional: false, allowUnionTypes: true } },
    // POST /webhooks/8x8 is served ahead of Fastify, on its lean path (set below).
    serverFactory: (handler) =>
      createServer((req, res) => {
        if (!webhookPath?.(req, res)) handler(req, res);
      }),
  });
  // As Fastify sets up a server it creates itself (its defaults, and our request timeout).
  app.server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // A request (headers and body) must arrive whole in this time: slowloris clients get a 408.
  app.server.requestTimeout = config.requestTimeoutMs;
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
  const schedule = scheduleReader(config);
  const hours = new ContactHours(
    config.availability,
    store.deliveries,
    schedule,
    (error) => app.log.warn({ err: error }, '8x8 schedule status unreadable'),
    agentGate(relay, parts.presenceQueues ?? presenceQueues(config), config.whenNoAgents),
  );
  const handlers = deliveryHandlers(config.availability, store.events, contactCenter);
  const deliveries = new DeliveryWorker({
    deliveries: store.deliveries,
    leases: store.values,
    handlers: handlers.handlers,
    backoff: { baseMs: config.outbox.retryBaseMs, maxMs: config.outbox.retryMaxMs },
    log: app.log,
  });
  const allowed = new Set(config.allowedOrigins);
  const isAllowedOrigin = (origin: string) =>
    allowed.size > 0 ? allowed.has(origin) : isOwnOrigin(app, config, origin);

  // Responses under way (streams included): shutdown waits for them, not for idle sockets.
  let inFlight = 0;
  const track = (res: ServerResponse) => {
    inFlight++;
    res.once('close', () => inFlight--);
  };
  app.addHook('onRequest', async (request, reply) => {
    track(reply.raw);
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
  const https = config.publicUrl?.startsWith('https:') ?? false;
  securityHeaders(app, { https });

  await app.register(health, { store, contactCenter, draining: () => streams.draining });
  await app.register(metricsRoute, {
    metrics,
    store,
    ...(config.metricsToken ? { token: config.metricsToken } : {}),
  });
  const links = attachmentLinks({
    tokens,
    publicUrl: config.publicUrl,
    enabled: contactCenter.features.attachments,
  });
  const allow = rateLimiter(store.rates, metrics);
  const attachments =
    contactCenter.features.attachments && config.attachmentMaxBytes > 0
      ? { maxBytes: config.attachmentMaxBytes, types: config.attachmentTypes }
      : null;
  await app.register(
    async (v1) => {
      await widgetApi(v1, {
        relay,
        store,
        tokens,
        links,
        isAllowedOrigin,
        rateLimits: config.rateLimits,
        allow,
        department: (id) => hours.department(id),
        limits: {
          maxMessageLength: MAX_MESSAGE_LENGTH,
          attachments,
          ...(config.survey === 'off' ? {} : { survey: config.survey }),
        },
      });
      await availabilityRoutes(v1, {
        hours,
        allow,
        perIp: config.rateLimits.createPerIp,
        transcriptPerConversation: config.availability.transcriptEmailLimit,
        tokens,
        sessions: store.sessions,
        kick: () => void deliveries.drain(),
        attachments,
      });
      await eventStream(v1, { store, tokens, links, streams, metrics, sse: config.streams });
      await attachmentContent(v1, { relay, store, tokens, rateLimits: config.rateLimits, allow });
      await visitorDataApi(v1, {
        relay,
        store,
        tokens,
        contactCenter,
        metrics,
        survey: config.survey,
        postTo8x8: config.surveyTo8x8 === 'message',
        allow: rateLimiter(store.rates, metrics),
        perIp: config.rateLimits.visitorDataPerIp,
      });
    },
    { prefix: '/v1' },
  );
  const webhooks = {
    intake: relay.webhooks,
    keys: parts.keys,
    maxSkewMs: config.webhookMaxSkewSeconds * 1000,
    tenant: expectedTenant(config),
  };
  await app.register(webhookReceiver, webhooks);
  webhookPath = webhookFastPath({
    ...webhooks,
    log: app.log,
    metrics,
    headers: apiSecurityHeaders({ https }),
    draining: () => streams.draining,
    track,
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
    await deliveries.stop();
    handlers.close();
    relay.queueWaits?.stop();
    await app.close();
  };
  return {
    app,
    relay,
    streams,
    metrics,
    deliveries,
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
