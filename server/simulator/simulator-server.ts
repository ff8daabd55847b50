import Fastify, { type FastifyInstance } from 'fastify';
import { agentConsole } from './agent-console.js';
import { analyticsRoutes } from './analytics-routes.js';
import { cardRoutes } from './card-routes.js';
import type { ContactCenterSimulator } from './contact-center-simulator.js';
import { applyApiFaults, controlRoutes } from './control-routes.js';
import { gatewayRoutes } from './gateway-routes.js';
import { legacyRoutes } from './legacy-routes.js';
import { scheduleRoutes } from './schedules.js';
import { fileRoutes, jwkRoutes } from './sim-http.js';

/**
 * The simulator as its own HTTP server: 8x8's API host (both APIs, OAuth, the
 * JWK endpoints, attachment storage), the agent console at /agent and the
 * fault-injection control API at /simulator.
 */
export async function buildSimulatorServer(
  simulator: ContactCenterSimulator,
  options: { logLevel?: string } = {},
): Promise<FastifyInstance> {
  // Closing does not wait for keep-alive connections or answers held back by a fault.
  const app = Fastify({
    logger: { level: options.logLevel ?? 'warn' },
    forceCloseConnections: true,
  });
  // Nothing it serves may be sniffed into another type: an uploaded "image" that is really
  // HTML or SVG must not run in the agent's browser (the proxy's answers say the same).
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
  });
  applyApiFaults(app, simulator);
  jwkRoutes(app, simulator);
  fileRoutes(app, simulator);
  await app.register(gatewayRoutes, { simulator });
  await cardRoutes(app, simulator);
  await app.register(legacyRoutes, { simulator });
  await app.register(analyticsRoutes, { simulator });
  await app.register(controlRoutes, { simulator });
  await app.register(scheduleRoutes, { simulator });
  await app.register(agentConsole, { simulator });
  return app;
}
