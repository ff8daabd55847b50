import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { eventStream } from './http/event-stream.js';
import { health } from './http/health.js';
import { installProblemHandlers } from './http/problem.js';
import type { TokenSigner } from './http/tokens.js';
import { webhookReceiver } from './http/webhooks.js';
import { MAX_MESSAGE_LENGTH, widgetApi } from './http/widget-api.js';
import { widgetAssets } from './http/widget-assets.js';
import { Relay } from './relay/relay.js';
import type { Store } from './store/store.js';
import type { ContactCenter } from './upstream/contact-center.js';
import type { KeyLookup } from './upstream/webhook-signature.js';

export interface ProxyParts {
  config: Config;
  store: Store;
  contactCenter: ContactCenter;
  /** 8x8's webhook signing keys by kid. */
  keys: KeyLookup;
  tokens: TokenSigner;
}

/** Never let a stream token reach a log line: it is in the URL because EventSource needs it there. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}

/** The proxy: the sum of its route plugins. */
export async function buildProxy(parts: ProxyParts): Promise<FastifyInstance> {
  const { config, store, contactCenter, tokens } = parts;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'req.headers["x-8x8-signature"]',
          'req.headers.cookie',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (request) => ({
          method: request.method,
          url: redactUrl(request.url),
          remoteAddress: request.ip,
        }),
      },
    },
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    trustProxy: false,
  });
  installProblemHandlers(app);

  const relay = new Relay(store, contactCenter, app.log);
  const allowed = new Set(config.allowedOrigins);
  const isAllowedOrigin = (origin: string) =>
    allowed.size > 0 ? allowed.has(origin) : isOwnOrigin(app, config, origin);

  await app.register(health, { store, contactCenter });
  await app.register(
    async (v1) => {
      await widgetApi(v1, {
        relay,
        store,
        tokens,
        isAllowedOrigin,
        limits: {
          maxMessageLength: MAX_MESSAGE_LENGTH,
          attachments:
            contactCenter.features.attachments && config.attachmentMaxBytes > 0
              ? { maxBytes: config.attachmentMaxBytes, types: config.attachmentTypes }
              : null,
        },
      });
      await eventStream(v1, {
        store,
        tokens,
        sse: { retryMs: 2000, heartbeatMs: 15_000, maxBufferedBytes: 256 * 1024 },
      });
    },
    { prefix: '/v1' },
  );
  await app.register(webhookReceiver, {
    relay,
    keys: parts.keys,
    maxSkewMs: config.webhookMaxSkewSeconds * 1000,
    dedupe: store.dedupe,
    contactCenter,
  });
  await app.register(widgetAssets, { demoPage: config.demo });
  return app;
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
