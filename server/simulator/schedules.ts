import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ContactCenterSimulator } from './contact-center-simulator.js';

/**
 * 8x8's Tenant Schedule API as the reference (8x8-contact-center-apis.md §2)
 * documents it, in both forms: the tenant's cluster host (Basic
 * tenant:Data Request Token) and the api.8x8.com gateway (x-api-key).
 * Where the reference is UNCONFIRMED the simulator can give each reading:
 * `statusAs` answers the status as a number (0, -1) or a string ("0", "-1");
 * `idAs` lists ids as numbers (Cognigy's type) or strings (its test mock).
 */
export interface SimSchedule {
  id: string;
  name: string;
  /** 0 open, -1 closed, or a tenant-defined "Choice #n". */
  status: number | string;
}

export class SimSchedules {
  /** The Configuration Manager "Data Request Token" the cluster form wants. */
  readonly dataToken = 'sim-data-request-token';
  readonly all = new Map<string, SimSchedule>([
    ['122', { id: '122', name: 'Default Schedule', status: 0 }],
  ]);
  statusAs: 'number' | 'string' = 'number';
  idAs: 'number' | 'string' = 'number';
  /** Status calls seen, for tests of the proxy's cache. */
  statusCalls = 0;

  set(id: string, status: number | string, name = `Schedule ${id}`) {
    this.all.set(id, { id, name, status });
  }

  statusBody(id: string) {
    const found = this.all.get(id);
    if (!found) return undefined;
    this.statusCalls++;
    const status =
      typeof found.status === 'number' && this.statusAs === 'string'
        ? String(found.status)
        : found.status;
    return { 'schedule-status': { status } };
  }

  listBody() {
    return {
      schedules: {
        schedule: [...this.all.values()].map((schedule) => ({
          id:
            this.idAs === 'number' && /^\d+$/.test(schedule.id) ? Number(schedule.id) : schedule.id,
          name: schedule.name,
          'time-zone': 'PST8DT',
          'week-days': {
            'week-day': [0, 1, 2, 3, 4, 5, 6].map((day) => ({
              day,
              properties: {
                status: day === 0 || day === 6 ? -1 : 0,
                'start-time': '08:00',
                'end-time': '17:00',
              },
            })),
          },
        })),
      },
    };
  }
}

/** Routes of both forms, and a control route to change a schedule's state. */
export async function scheduleRoutes(
  app: FastifyInstance,
  options: { simulator: ContactCenterSimulator },
) {
  const sim = options.simulator;
  const schedules = sim.schedules;
  const basicOk = (request: FastifyRequest) =>
    request.headers.authorization ===
    `Basic ${Buffer.from(`${sim.tenantId}:${schedules.dataToken}`).toString('base64')}`;
  const keyOk = (request: FastifyRequest) =>
    request.headers['x-api-key'] === sim.apiKey &&
    (request.headers['x-8x8-tenant'] === undefined ||
      request.headers['x-8x8-tenant'] === sim.tenantId);
  const status = (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const body = schedules.statusBody(request.params.id);
    return body ? reply.send(body) : reply.code(404).send({ message: 'Schedule not found' });
  };
  const guard =
    (ok: (request: FastifyRequest) => boolean) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      if (!ok(request)) return reply.code(401).send({ message: 'Unauthorized' });
    };

  app.get('/api/provisioning/schedules', { onRequest: guard(basicOk) }, async () =>
    schedules.listBody(),
  );
  app.get<{ Params: { id: string } }>(
    '/api/provisioning/schedules/:id/status.json',
    { onRequest: guard(basicOk) },
    status,
  );
  app.get<{ Params: { id: string } }>(
    '/api/provisioning/schedules/:id/status',
    { onRequest: guard(basicOk) },
    status,
  );
  app.get('/cc/v1/schedules', { onRequest: guard(keyOk) }, async () => schedules.listBody());
  app.get<{ Params: { id: string } }>(
    '/cc/v1/schedules/:id/status',
    { onRequest: guard(keyOk) },
    status,
  );

  app.put<{ Params: { id: string }; Body: { status?: unknown } }>(
    '/control/schedules/:id',
    async (request, reply) => {
      const value = request.body?.status;
      if (
        value !== 0 &&
        value !== -1 &&
        !(typeof value === 'string' && /^Choice #\d+$/.test(value))
      ) {
        return reply.code(400).send({ message: 'status must be 0, -1 or "Choice #n"' });
      }
      schedules.set(request.params.id, value);
      return reply.code(204).send();
    },
  );
}
