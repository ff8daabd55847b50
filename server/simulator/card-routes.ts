import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ContactCenterSimulator } from './contact-center-simulator.js';
import { problem, referenceId } from './sim-http.js';
import { SimulatorError } from './simulator-error.js';

type CardParams = { Params: { tenantId?: string; id: string; cardId: string } };

/**
 * `PUT …/conversations/{id}/cards/{cardId}/action-submit` (G33), at the path 8x8
 * documents (`/api/v1/tenant/{tenantId}/…`, outside `/chat-gateway/v1`) and,
 * should that be a doc error [UNCONFIRMED], under `/chat-gateway/v1`; the
 * `cardSubmitPath` variant serves one or both. `x-api-key` as everywhere; 204.
 */
export async function cardRoutes(app: FastifyInstance, sim: ContactCenterSimulator) {
  const served = (path: 'tenant' | 'gateway') =>
    [path, 'both'].includes(sim.faults.variants.current.cardSubmitPath);
  const handle =
    (path: 'tenant' | 'gateway') =>
    async (request: FastifyRequest<CardParams>, reply: FastifyReply) => {
      if (request.headers['x-api-key'] !== sim.apiKey) {
        return problem(reply, 401, { message: 'Access Denied', referenceId: referenceId() });
      }
      const { tenantId, id, cardId } = request.params;
      if (!served(path) || (tenantId !== undefined && tenantId !== sim.tenantId)) {
        return problem(reply, 404, { message: 'Resource not found', referenceId: referenceId() });
      }
      try {
        sim.cardActionSubmit(id, cardId, path);
      } catch (error) {
        if (!(error instanceof SimulatorError)) throw error;
        return problem(reply, error.status, { message: error.message, referenceId: referenceId() });
      }
      return reply.code(204).send();
    };
  app.put<CardParams>(
    '/api/v1/tenant/:tenantId/conversations/:id/cards/:cardId/action-submit',
    handle('tenant'),
  );
  app.put<CardParams>(
    '/chat-gateway/v1/conversations/:id/cards/:cardId/action-submit',
    handle('gateway'),
  );
}
