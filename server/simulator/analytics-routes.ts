import type { FastifyInstance } from 'fastify';
import type { ContactCenterSimulator } from './contact-center-simulator.js';

/**
 * 8x8's Analytics for Contact Center Real-time Metrics API (v5), the queue
 * endpoint, under each region's prefix (US none, eu, au, ca). OAuth bearer as
 * for the legacy API. Only the metrics asked for (`metrics`, repeated or comma
 * list) are answered, in the shape the `queueStatsShape` variant picks.
 */
export async function analyticsRoutes(
  app: FastifyInstance,
  options: { simulator: ContactCenterSimulator },
) {
  const sim = options.simulator;
  for (const prefix of ['', '/eu', '/au', '/ca']) {
    app.get<{ Params: { queueId: string }; Querystring: { metrics?: string | string[] } }>(
      `${prefix}/analytics/cc/v5/realtime-metrics/queues/:queueId`,
      async (request, reply) => {
        const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
        if (!sim.tokenValid(bearer)) {
          return reply.code(401).send({
            fault: {
              faultstring: 'Invalid Access Token',
              detail: { errorcode: 'keymanagement.service.invalid_access_token' },
            },
          });
        }
        const queue = sim.queues.find((candidate) => candidate.id === request.params.queueId);
        if (!queue)
          return reply.code(404).send({ message: `Queue ${request.params.queueId} not found` });
        const asked = [request.query.metrics ?? []].flat().flatMap((item) => item.split(','));
        const { queueStatsShape, metricValues } = sim.faults.variants.current;
        const metrics = sim
          .queueMetrics(queue.id)
          .filter((metric) => asked.length === 0 || asked.includes(metric.key))
          .map((metric) => ({
            key: metric.key,
            value:
              metricValues === 'strings' && metric.value !== null
                ? String(metric.value)
                : metric.value,
          }));
        const item = { id: queue.id, name: queue.name, metrics };
        return queueStatsShape === 'object' ? item : [item];
      },
    );
  }
}
