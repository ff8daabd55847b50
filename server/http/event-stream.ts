import type { FastifyInstance } from 'fastify';
import { followConversation } from '../relay/conversation-feed.js';
import type { Store } from '../store/store.js';
import { authorize } from './auth.js';
import { conversationParams } from './schemas.js';
import { type SseOptions, SseStream } from './sse-stream.js';
import type { TokenSigner } from './tokens.js';

export interface EventStreamOptions {
  store: Store;
  tokens: TokenSigner;
  sse: SseOptions;
}

const query = {
  type: 'object',
  properties: {
    token: { type: 'string', maxLength: 512 },
    // After a page reload there is no Last-Event-ID header: the widget passes its last id here.
    lastEventId: { type: 'integer', minimum: 0 },
  },
} as const;

type StreamRoute = {
  Params: { conversationId: string };
  Querystring: { token?: string; lastEventId?: number };
};

/** GET /v1/conversations/{id}/events: the conversation as Server-Sent Events. */
export async function eventStream(app: FastifyInstance, options: EventStreamOptions) {
  const { store, tokens } = options;

  app.get<StreamRoute>(
    '/conversations/:conversationId/events',
    { schema: { params: conversationParams, querystring: query } },
    async (request, reply) => {
      const { conversationId } = request.params;
      const session = await authorize(request, reply, {
        tokens,
        token: request.query.token,
        scope: 'stream',
        conversationId,
        session: (id) => store.sessions.get(id),
      });
      if (!session) return reply;

      const afterId = lastEventId(request.headers['last-event-id'], request.query.lastEventId);
      reply.hijack();
      const cors = reply.getHeader('access-control-allow-origin');
      const stream = new SseStream(reply.raw, options.sse, {
        vary: 'Origin',
        ...(typeof cors === 'string' ? { 'access-control-allow-origin': cors } : {}),
      });
      const feed = followConversation(store.events, store.bus, conversationId, afterId, {
        event: (event) => stream.send(event.type, event, event.id),
        reset: () => stream.send('reset', { type: 'reset' }),
        fail: (error) => {
          request.log.error({ err: error }, 'reading the event log failed; closing the stream');
          stream.close();
        },
      });
      stream.onClose(feed.stop);
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
