import type { FastifyInstance } from 'fastify';
import { streamEvents } from '../../protocol/widget-routes.js';
import type { StreamConfig } from '../config.js';
import type { Metrics } from '../observability/metrics.js';
import { followConversation } from '../relay/conversation-feed.js';
import type { Store } from '../store/store.js';
import type { AttachmentLinks } from './attachment-links.js';
import { authorize } from './auth.js';
import { sendProblem } from './problem.js';
import { SseStream } from './sse-stream.js';
import type { StreamRegistry } from './stream-registry.js';
import type { TokenSigner } from './tokens.js';
import type { ContractTypeProvider } from './type-provider.js';
import { unsafeNumber } from './unsafe-number.js';

export interface EventStreamOptions {
  store: Store;
  tokens: TokenSigner;
  /** Points the events' attachments at the proxy's download route. */
  links: AttachmentLinks;
  streams: StreamRegistry;
  sse: StreamConfig;
  metrics: Metrics;
}

/** GET /v1/conversations/{id}/events: the conversation as Server-Sent Events. */
export async function eventStream(app: FastifyInstance, options: EventStreamOptions) {
  const { store, tokens, links, streams, metrics, sse } = options;

  const routes = app.withTypeProvider<ContractTypeProvider>();
  routes.get(
    '/conversations/:conversationId/events',
    { schema: streamEvents, exposeHeadRoute: false },
    async (request, reply) => {
      const { conversationId } = request.params;
      const unsafe = unsafeNumber(request.query);
      if (unsafe) {
        return sendProblem(reply, 400, 'Invalid request', `querystring/${unsafe} must be integer`);
      }
      const session = await authorize(request, reply, {
        tokens,
        token: request.query.token,
        scope: 'stream',
        conversationId,
        session: (id) => store.sessions.get(id),
      });
      if (!session) return reply;

      reply.hijack();
      // EventSource gives up for good on anything but 200: at a cap (or while this
      // instance shuts down) answer 200, say when to come back, and close the connection too.
      const cap = streams.draining ? 'draining' : streams.capReached(conversationId, request.ip);
      const headers = stringHeaders(reply.getHeaders());
      const stream = new SseStream(
        reply.raw,
        sse,
        cap ? { ...headers, connection: 'close' } : headers,
      );
      if (cap) {
        metrics.streamsRefused.inc({ cap });
        request.log.info({ cap }, 'stream refused: come back later');
        stream.comment(cap === 'draining' ? 'shutting down' : `busy: ${cap} stream cap reached`);
        stream.closeWithRetry(cap === 'draining' ? sse.retryMs : sse.busyRetryMs);
        return;
      }
      streams.add(stream, conversationId, request.ip);
      metrics.streamsOpen.inc();

      const afterId = lastEventId(request.headers['last-event-id'], request.query.lastEventId);
      const served = links(request, session);
      const feed = followConversation(store.events, store.bus, conversationId, afterId, {
        event: (event) => {
          stream.send(event.type, served(event), event.id);
          metrics.eventsRelayed.inc();
        },
        reset: () => stream.send('reset', { type: 'reset' }),
        ready: () => stream.ready(),
        fail: (error) => {
          request.log.error({ err: error }, 'reading the event log failed; closing the stream');
          stream.close();
        },
      });
      stream.onClose(() => {
        feed.stop();
        metrics.streamsOpen.dec();
        if (stream.dropped) {
          metrics.streamsDropped.inc();
          request.log.warn('stream dropped: the client read too slowly');
        }
      });
      feed.caughtUp.catch((error) => {
        request.log.error({ err: error }, 'replaying the event log failed; closing the stream');
        stream.close();
      });
    },
  );
}

/** The header (automatic reconnects) wins over the query parameter (after a reload). */
function lastEventId(header: string | string[] | undefined, fromQuery: number | undefined): number {
  const value = Number(Array.isArray(header) ? header[0] : header);
  if (header !== undefined && Number.isSafeInteger(value) && value >= 0) return value;
  return fromQuery ?? 0;
}

/** The headers hooks set on the reply (CORS, security), for the hijacked response. */
function stringHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string' || typeof value === 'number') out[name] = String(value);
  }
  return out;
}
