import type { FastifyInstance } from 'fastify';
import {
  readAvailability,
  sendOfflineMessage,
  sendTranscriptEmail,
} from '../../protocol/availability-routes.js';
import { BODY_LIMITS } from '../../protocol/limits.js';
import type { RateLimit } from '../config.js';
import type { ContactHours } from '../relay/contact-hours.js';
import type { Sessions } from '../store/store.js';
import { authorize, bearer } from './auth.js';
import { sendProblem } from './problem.js';
import type { RateLimiter } from './rate-limit.js';
import type { TokenSigner } from './tokens.js';
import type { ContractTypeProvider } from './type-provider.js';

export interface AvailabilityRoutesOptions {
  hours: ContactHours;
  allow: RateLimiter;
  /** Offline messages per address: the create-conversation limit. */
  perIp: RateLimit;
  transcriptPerConversation: RateLimit;
  tokens: TokenSigner;
  sessions: Sessions;
  /** Asks the delivery worker to try now rather than at its next tick. */
  kick: () => void;
}

/** GET /v1/availability, POST /v1/offline-messages, POST /v1/conversations/{id}/transcript-email. */
export async function availabilityRoutes(app: FastifyInstance, options: AvailabilityRoutesOptions) {
  const { hours, allow } = options;
  const routes = app.withTypeProvider<ContractTypeProvider>();

  routes.get('/availability', { schema: readAvailability }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return hours.availability();
  });

  routes.post(
    '/offline-messages',
    { schema: sendOfflineMessage, bodyLimit: BODY_LIMITS.sendMessage },
    async (request, reply) => {
      if (!hours.takesOfflineMessages) {
        return sendProblem(
          reply,
          404,
          'No offline messages',
          'This proxy takes no offline messages.',
        );
      }
      if (!(await allow(reply, 'offline-per-ip', request.ip, options.perIp))) return reply;
      if (request.body.department && !hours.department(request.body.department)) {
        return sendProblem(
          reply,
          400,
          'Unknown department',
          'body/department names no configured department.',
        );
      }
      const delivery = await hours.leaveMessage(request.body);
      options.kick();
      return reply.code(202).send({ id: request.body.id, status: delivery.status });
    },
  );

  routes.post(
    '/conversations/:conversationId/transcript-email',
    { schema: sendTranscriptEmail, bodyLimit: BODY_LIMITS.small },
    async (request, reply) => {
      if (!hours.sendsMail) {
        return sendProblem(reply, 404, 'No email', 'This proxy sends no email.');
      }
      const session = await authorize(request, reply, {
        tokens: options.tokens,
        token: bearer(request),
        scope: 'api',
        conversationId: request.params.conversationId,
        session: (id) => options.sessions.get(id),
      });
      if (!session) return reply;
      const limit = options.transcriptPerConversation;
      if (!(await allow(reply, 'transcript-email-per-conversation', session.conversationId, limit)))
        return reply;
      const delivery = await hours.emailTranscript(session.conversationId, request.body.email);
      options.kick();
      return reply.code(202).send({ id: delivery.id, status: delivery.status });
    },
  );
}
