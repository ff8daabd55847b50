import Fastify, { type FastifyInstance } from 'fastify';
import { agentConsole } from './agent-console.js';
import type { ContactCenterSimulator } from './contact-center-simulator.js';
import { gatewayRoutes } from './gateway-routes.js';

/** The simulator as its own HTTP server: 8x8's API host plus the agent console. */
export async function buildSimulatorServer(
  simulator: ContactCenterSimulator,
  options: { logLevel?: string } = {},
): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: options.logLevel ?? 'warn' } });
  await app.register(gatewayRoutes, { simulator });
  await app.register(agentConsole, { simulator });
  return app;
}
