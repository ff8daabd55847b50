import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problem.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The widget API serves only the websites it is configured for. A request with
 * a foreign Origin is refused before it reaches any route (so before any 8x8
 * call); a state-changing request with no Origin at all is refused too, since
 * every browser sends one on POST. Credentials are never allowed: tokens travel
 * in headers, not cookies.
 */
export function allowOrigins(app: FastifyInstance, isAllowed: (origin: string) => boolean) {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    if (origin === undefined) {
      if (SAFE_METHODS.has(request.method)) return;
      return sendProblem(
        reply,
        403,
        'Origin required',
        'Requests that change state must come from a browser page on an allowed origin.',
      );
    }
    if (!isAllowed(origin)) {
      return sendProblem(
        reply,
        403,
        'Origin not allowed',
        `${origin.slice(0, 200)} is not in this proxy's ALLOWED_ORIGINS.`,
      );
    }
    reply.header('access-control-allow-origin', origin);
    if (request.method === 'OPTIONS') {
      // Every method the widget calls from the host page: DELETE is `deleteData()`.
      return reply
        .header('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS')
        .header('access-control-allow-headers', 'authorization, content-type, last-event-id')
        .header('access-control-max-age', '600')
        .code(204)
        .send();
    }
  });
}
