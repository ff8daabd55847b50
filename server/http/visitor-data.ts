import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BODY_LIMITS } from '../../protocol/limits.js';
import {
  deleteConversation,
  exportConversation,
  rateConversation,
} from '../../protocol/visitor-data-routes.js';
import type { RateLimit } from '../config.js';
import type { Metrics } from '../observability/metrics.js';
import { AlreadyRated, rate } from '../relay/ratings.js';
import type { Relay } from '../relay/relay.js';
import { exportConversation as exportData } from '../relay/visitor-data.js';
import type { Session, Store } from '../store/store.js';
import type { ContactCenter } from '../upstream/contact-center.js';
import { apiTokenCheck, bearer } from './auth.js';
import { sendProblem } from './problem.js';
import type { RateLimiter } from './rate-limit.js';
import type { TokenSigner } from './tokens.js';
import type { ContractTypeProvider } from './type-provider.js';

export interface VisitorDataOptions {
  relay: Relay;
  store: Store;
  tokens: TokenSigner;
  contactCenter: ContactCenter;
  metrics: Metrics;
  survey: 'stars' | 'thumbs' | 'off';
  /** Post each rating to 8x8 as a final message. */
  postTo8x8: boolean;
  allow: RateLimiter;
  perIp: RateLimit;
}

/** The survey's answer and the visitor's data on request, under /v1 (registered by widgetApi's caller). */
export async function visitorDataApi(app: FastifyInstance, options: VisitorDataOptions) {
  const { store, tokens, allow } = options;
  const routes = app.withTypeProvider<ContractTypeProvider>();

  /** Within the per-address limit and holding this conversation's token: its session. */
  const visitor = async (
    request: FastifyRequest,
    reply: FastifyReply,
    conversationId: string,
  ): Promise<Session | undefined> => {
    if (!(await withinLimit(request, reply))) return;
    return authorized(request, reply, conversationId);
  };
  const withinLimit = (request: FastifyRequest, reply: FastifyReply) =>
    allow(reply, 'visitor-data-per-ip', request.ip, options.perIp);
  const authorized = apiTokenCheck(tokens, (id) => store.sessions.get(id));

  routes.post(
    '/conversations/:conversationId/rating',
    { schema: rateConversation, bodyLimit: BODY_LIMITS.rating },
    async (request, reply) => {
      if (options.survey === 'off') {
        return sendProblem(reply, 404, 'Survey off', 'This proxy does not take ratings.');
      }
      const session = await visitor(request, reply, request.params.conversationId);
      if (!session) return reply;
      const { scale, score } = request.body;
      if (scale === 'thumbs' && score !== 1 && score !== 5) {
        return sendProblem(reply, 400, 'Invalid request', 'body/score must be 1 or 5 for thumbs');
      }
      try {
        const rating = await rate({ ...options, log: request.log }, session, request.body);
        return reply.code(201).send(rating);
      } catch (error) {
        if (!(error instanceof AlreadyRated)) throw error;
        return sendProblem(reply, 409, 'Already rated', 'This conversation has been rated.');
      }
    },
  );

  routes.get(
    '/conversations/:conversationId/data',
    { schema: exportConversation },
    async (request, reply) => {
      const { conversationId } = request.params;
      if (!(await withinLimit(request, reply))) return reply;
      if (await alreadyDeleted(conversationId, bearer(request))) {
        return sendProblem(reply, 404, 'Not found', 'This conversation’s data has been deleted.');
      }
      const session = await authorized(request, reply, conversationId);
      if (!session) return reply;
      const data = await exportData(store, session.conversationId);
      if (!data) return sendProblem(reply, 404, 'Not found', 'Nothing is kept for it.');
      return data;
    },
  );

  routes.delete(
    '/conversations/:conversationId/data',
    { schema: deleteConversation },
    async (request, reply) => {
      const { conversationId } = request.params;
      if (!(await withinLimit(request, reply))) return reply;
      if (await alreadyDeleted(conversationId, bearer(request))) return reply.code(204).send();
      const session = await authorized(request, reply, conversationId);
      if (!session) return reply;
      await options.relay.forget(session);
      request.log.info({ conversationId }, 'conversation data deleted on request');
      return reply.code(204).send();
    },
  );

  /** A valid token of this conversation whose session is gone: deleted before, say so again. */
  async function alreadyDeleted(conversationId: string, token: string | undefined) {
    if (!token) return false;
    const check = tokens.check(token, 'api');
    if (!check.ok || check.claims.conversationId !== conversationId) return false;
    return !(await store.sessions.get(conversationId));
  }
}
