import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { snapshot } from './agent-console.js';
import { isApiPath } from './api-calls.js';
import type { VersionField } from './configuration.js';
import type { ContactCenterSimulator } from './contact-center-simulator.js';
import type { ApiFault, WebhookFaultKind } from './faults.js';
import type { VariantSettings } from './variants.js';
import type { Delivery } from './webhook-sender.js';

/** Deliveries kept for GET /simulator/deliveries. */
const KEPT_DELIVERIES = 500;

/**
 * The simulator's control API, for tests and benchmarks that drive a
 * standalone simulator over HTTP (in-process ones use `simulator.faults`).
 * Not part of 8x8's API; it takes the simulator's API key in `x-api-key`.
 *
 *   POST   /simulator/faults/api       {count, mode?, status?, retryAfterSeconds?, delayMs?, method?, path?}
 *   PUT    /simulator/faults/latency   {ms}
 *   POST   /simulator/faults/webhooks  {kind: drop|duplicate|reorder|delay, count, delayMs?}
 *   PUT    /simulator/faults/variants  {agentMessage?, echoSender?, agentEnd?, jwkShape?,
 *                                       earlyWebhooks?, webhookTenantId?, webhookCustomerId?,
 *                                       agentReadReceipts?, queueStatsShape?, metricValues?,
 *                                       enabledAgents?, cardSubmitPath?}
 *   DELETE /simulator/faults           (variants too)
 *   POST   /simulator/keys/rotate      {sameKid?} → {kid}
 *   POST   /simulator/tokens/revoke    (legacy OAuth tokens)
 *   PUT    /simulator/webhook-version-field  {field: either|version|notificationVersion}
 *   PUT    /simulator/agents/{id}/login {loggedIn}  (the queue statistics count logged-in agents)
 *   POST   /simulator/attachments/expire-urls  (every pre-signed URL so far expires)
 *   GET    /simulator/deliveries       → the last webhook deliveries
 *   GET    /simulator/state            → every conversation, as the agent console sees it
 */
export async function controlRoutes(
  app: FastifyInstance,
  options: { simulator: ContactCenterSimulator },
) {
  const sim = options.simulator;
  const deliveries: Delivery[] = [];
  sim.on('delivery', (delivery) => {
    deliveries.push(delivery);
    if (deliveries.length > KEPT_DELIVERIES) deliveries.shift();
  });

  await app.register(
    async (control) => {
      control.addHook('onRequest', async (request, reply) => {
        if (request.headers['x-api-key'] !== sim.apiKey) {
          return problem(reply, 401, 'The control API takes the simulator API key in x-api-key.');
        }
      });

      control.post('/faults/api', { schema: { body: apiFaultSchema } }, async (request, reply) => {
        sim.faults.api.add(request.body as ApiFault);
        return reply.code(204).send();
      });
      control.put(
        '/faults/latency',
        { schema: { body: latencySchema } },
        async (request, reply) => {
          sim.faults.api.latencyMs = (request.body as { ms: number }).ms;
          return reply.code(204).send();
        },
      );
      control.post(
        '/faults/webhooks',
        { schema: { body: webhookFaultSchema } },
        async (request, reply) => {
          const { kind, count, delayMs } = request.body as {
            kind: WebhookFaultKind;
            count: number;
            delayMs?: number;
          };
          sim.faults.webhooks.add(kind, count, delayMs);
          return reply.code(204).send();
        },
      );
      control.put(
        '/faults/variants',
        { schema: { body: variantsSchema } },
        async (request, reply) => {
          sim.faults.variants.set(request.body as Partial<VariantSettings>);
          return reply.code(204).send();
        },
      );
      control.delete('/faults', async (_request, reply) => {
        sim.faults.clear();
        return reply.code(204).send();
      });
      control.post('/keys/rotate', { schema: { body: rotateSchema } }, async (request) => {
        const body = (request.body ?? {}) as { sameKid?: boolean };
        return { kid: sim.rotateKey(body.sameKid ? { sameKid: true } : {}).kid };
      });
      control.post('/tokens/revoke', async (_request, reply) => {
        sim.revokeTokens();
        return reply.code(204).send();
      });
      control.put(
        '/webhook-version-field',
        { schema: { body: versionFieldSchema } },
        async (request, reply) => {
          sim.webhookVersionField = (request.body as { field: VersionField }).field;
          return reply.code(204).send();
        },
      );
      control.post('/attachments/expire-urls', async (_request, reply) => {
        sim.expirePreSignedUrls();
        return reply.code(204).send();
      });
      control.put(
        '/agents/:agentId/login',
        { schema: { body: loginSchema } },
        async (request, reply) => {
          const { agentId } = request.params as { agentId: string };
          if (!sim.agents.some((agent) => agent.id === agentId))
            return problem(reply, 404, `There is no agent ${agentId}.`);
          sim.setLoggedIn(agentId, (request.body as { loggedIn: boolean }).loggedIn);
          return reply.code(204).send();
        },
      );
      control.get('/deliveries', async () => ({ deliveries }));
      control.get('/state', async () => snapshot(sim));
    },
    { prefix: '/simulator' },
  );
}

function problem(reply: FastifyReply, status: number, detail: string) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title: 'Simulator control', status, detail });
}

const apiFaultSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['count'],
  properties: {
    count: { type: 'integer', minimum: 1, maximum: 100_000 },
    mode: { enum: ['fail', 'fail-after', 'reset-after', 'delay-after'] },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    retryAfterSeconds: { type: 'integer', minimum: 0, maximum: 3600 },
    delayMs: { type: 'integer', minimum: 0, maximum: 600_000 },
    method: { type: 'string', maxLength: 10 },
    path: { type: 'string', maxLength: 500 },
  },
} as const;

const versionFieldSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['field'],
  properties: { field: { enum: ['either', 'version', 'notificationVersion'] } },
} as const;

const latencySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['ms'],
  properties: { ms: { type: 'integer', minimum: 0, maximum: 600_000 } },
} as const;

const webhookFaultSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'count'],
  properties: {
    kind: { enum: ['drop', 'duplicate', 'reorder', 'delay'] },
    count: { type: 'integer', minimum: 1, maximum: 100_000 },
    delayMs: { type: 'integer', minimum: 0, maximum: 600_000 },
  },
} as const;

const loginSchema = {
  type: 'object',
  required: ['loggedIn'],
  additionalProperties: false,
  properties: { loggedIn: { type: 'boolean' } },
} as const;

const variantsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    agentMessage: { enum: ['documented', 'chat-workflow'] },
    echoSender: { enum: ['author', '', 'user', 'bot', 'agent', 'none'] },
    agentEnd: { enum: ['left-then-idle', 'left-only', 'idle-only'] },
    jwkShape: { enum: ['bare', 'bare-without-kid', 'json-string', 'jwk-set', 'not-rsa'] },
    agentReadReceipts: { enum: ['on-reply', 'none'] },
    earlyWebhooks: { type: 'boolean' },
    cardSubmitPath: { enum: ['both', 'tenant', 'gateway'] },
    webhookTenantId: { type: 'string', minLength: 1, maxLength: 200 },
    webhookCustomerId: { type: 'string', minLength: 1, maxLength: 200 },
    queueStatsShape: { enum: ['array', 'object'] },
    metricValues: { enum: ['numbers', 'strings'] },
    enabledAgents: { enum: ['logged-in', 'assigned'] },
  },
} as const;

const rotateSchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { sameKid: { type: 'boolean' } },
} as const;

/** Counts every call on 8x8's paths (both APIs, OAuth, JWK), and applies the API faults to it. */
export function applyApiFaults(app: FastifyInstance, sim: ContactCenterSimulator) {
  const faultOf = new WeakMap<FastifyRequest, ApiFault>();

  app.addHook('onRequest', async (request, reply) => {
    if (!isApiPath(request.url)) return;
    sim.calls.record(request.method, request.url);
    if (sim.faults.api.latencyMs > 0) await sleep(sim.faults.api.latencyMs);
    const fault = sim.faults.api.take(request.method, request.url);
    if (!fault) return;
    if ((fault.mode ?? 'fail') === 'fail') return sendFault(reply, fault);
    faultOf.set(request, fault);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const fault = faultOf.get(request);
    if (!fault) return payload;
    faultOf.delete(request);
    if (fault.mode === 'reset-after') {
      reply.raw.socket?.destroy();
      return payload;
    }
    if (fault.mode === 'delay-after') {
      await sleep(fault.delayMs ?? 30_000);
      return payload;
    }
    reply.code(fault.status ?? 503).type('application/problem+json');
    if (fault.retryAfterSeconds !== undefined) {
      reply.header('retry-after', String(fault.retryAfterSeconds));
    }
    return JSON.stringify(faultBody(fault));
  });
}

function sendFault(reply: FastifyReply, fault: ApiFault) {
  if (fault.retryAfterSeconds !== undefined) {
    reply.header('retry-after', String(fault.retryAfterSeconds));
  }
  return reply
    .code(fault.status ?? 503)
    .type('application/problem+json')
    .send(faultBody(fault));
}

function faultBody(fault: ApiFault) {
  const status = fault.status ?? 503;
  return {
    message: status >= 500 ? 'Internal error.' : 'Request refused.',
    errors: [{ code: 'simulated_fault', message: `Injected by the simulator (${status}).` }],
  };
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
