import type { FastifyInstance, FastifyReply } from 'fastify';
import { isRecord, list } from '../upstream/json-read.js';
import {
  type ContactCenterSimulator,
  LEGACY_VERSION,
  type SimConversation,
  SimulatorError,
} from './contact-center-simulator.js';
import {
  channelInput,
  problem,
  referenceId,
  required,
  verifyRoute,
  webhookInput,
} from './sim-http.js';

type Query = {
  size?: string;
  page?: string;
  'channel-id'?: string;
  status?: string;
  userId?: string;
  [customerKey: `customer.${string}`]: string | undefined;
};
type ById = { Params: { id: string }; Querystring: Query };

const REGIONS = new Set(['us', 'eu', 'ca', 'ap']);
const LANGUAGES = new Set(
  'en ru de ja es fr pt it pl hr nl ar da ko no sv vi cy th zh-CN zh-TW'.split(' '),
);
// The keys the OAS defines on `customer`; any other is a custom property the agent sees as such.
const PREDEFINED = new Set([
  'name',
  'customerId',
  'email',
  'phone',
  'company',
  'caseId',
  'language',
  'senderName',
]);

/**
 * The legacy Contact Center Chat API v2 as 8x8 served it (reference §1.1, §2.1):
 * an OAuth token from key and secret (every value a string), region and tenant
 * in the path, `{data, page}` lists, Apigee's 401 body, problem+json errors.
 */
export async function legacyRoutes(
  app: FastifyInstance,
  options: { simulator: ContactCenterSimulator },
) {
  const sim = options.simulator;
  await app.register(async (oauth) => {
    oauth.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    oauth.post('/oauth/v2/token', async (request, reply) => tokenRoute(sim, request, reply));
  });

  await app.register(
    async (api) => {
      api.addHook('onRequest', async (request, reply) => {
        const { region, tenant } = request.params as { region?: string; tenant?: string };
        if (!REGIONS.has(region ?? '')) {
          return problem(reply, 404, {
            message: `Region ${region} is not served.`,
            errors: [`Region ${region} is not one of us, eu, ca, ap.`],
          });
        }
        const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
        if (!sim.tokenValid(bearer)) {
          return reply
            .code(401)
            .type('application/json')
            .send({
              fault: {
                faultstring: 'Invalid Access Token',
                detail: { errorcode: 'keymanagement.service.invalid_access_token' },
              },
            });
        }
        if (tenant !== sim.tenantId) {
          return problem(reply, 403, {
            message: 'The tenant does not belong to customer.',
            errors: [`Tenant ${tenant} does not belong to customer ${sim.customerId}.`],
          });
        }
      });
      api.setErrorHandler((error, _request, reply) => {
        if (error instanceof SimulatorError && error.status === 404) {
          return problem(reply, 404, { message: error.message, errors: [error.message] });
        }
        if (error instanceof SimulatorError) {
          return problem(reply, 400, { message: 'Constraint Violation', errors: [error.message] });
        }
        const status = (error as { statusCode?: number }).statusCode ?? 500;
        if (status < 500) {
          return problem(reply, status, {
            message: 'Constraint Violation',
            errors: [(error as Error).message],
          });
        }
        return problem(reply, 500, {
          message: 'Could not process this request due to an internal error.',
          errors: [(error as Error).message],
          referenceId: referenceId(),
        });
      });
      configurationRoutes(api, sim);
      conversationRoutes(api, sim);
    },
    { prefix: '/vcc/:region/chat/v2/tenant/:tenant' },
  );
}

async function tokenRoute(
  sim: ContactCenterSimulator,
  request: { headers: { authorization?: string | undefined }; body: unknown },
  reply: FastifyReply,
) {
  const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
  const [key, secret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
  const grant = isRecord(request.body) ? request.body.grant_type : undefined;
  if (grant !== 'client_credentials') {
    return reply
      .code(400)
      .send({ ErrorCode: 'invalid_request', Error: `Unsupported grant type : ${String(grant)}` });
  }
  if (!sim.clientValid(key, secret)) {
    return reply.code(401).send({ ErrorCode: 'invalid_client', Error: 'ClientId is Invalid' });
  }
  const { token, expiresIn } = sim.issueToken();
  return reply.code(200).send({
    refresh_token_expires_in: '0',
    api_product_list: ['vcc'],
    organization_name: '8x8gateway',
    token_type: 'BearerToken',
    issued_at: String(Date.now()),
    client_id: key,
    access_token: token,
    application_name: 'parley-simulator',
    scope: '',
    expires_in: String(expiresIn),
    refresh_count: '0',
    status: 'approved',
  });
}

function configurationRoutes(api: FastifyInstance, sim: ContactCenterSimulator) {
  const webhook = (body: unknown) => webhookInput(body, LEGACY_VERSION, sim.webhookVersionField);
  api.get<{ Querystring: Query }>('/web-hooks', async (request, reply) =>
    paged(reply, [...sim.webhooks.values()], request.query),
  );
  api.post('/web-hooks', async (request, reply) =>
    reply.code(200).send(sim.createWebhook(webhook(request.body))),
  );
  api.post('/web-hooks/verify', verifyRoute);
  api.get<ById>('/web-hooks/:id', async (request, reply) =>
    reply.send(sim.webhook(request.params.id)),
  );
  api.put<ById>('/web-hooks/:id', async (request, reply) =>
    reply.send(sim.updateWebhook(request.params.id, webhook(request.body))),
  );
  api.delete<ById>('/web-hooks/:id', async (request, reply) => {
    sim.deleteWebhook(request.params.id);
    return reply.code(204).send();
  });

  /** A bad queue or webhook id answers ValidationExceptionPayload, with `validations`. */
  const validated = (
    reply: FastifyReply,
    body: unknown,
    run: (input: ReturnType<typeof channelInput>) => unknown,
  ) => {
    const input = channelInput(body);
    try {
      return reply.code(200).send(run(input));
    } catch (error) {
      if (!(error instanceof SimulatorError) || error.status !== 400) throw error;
      const queue = error.message.startsWith('Queue');
      const code = queue ? 'invalid_queue' : 'invalid_webhook';
      return problem(reply, 400, {
        message: error.message,
        errors: [{ code, message: error.message }],
        validations: [
          {
            field: queue ? 'routingOptions.id' : 'webHookId',
            value: queue ? input.queueId : input.webHookId,
            code,
            message: error.message,
          },
        ],
      });
    }
  };
  api.get<{ Querystring: Query }>('/channels', async (request, reply) =>
    paged(reply, [...sim.channels.values()].map(legacyChannel), request.query),
  );
  api.post('/channels', async (request, reply) =>
    validated(reply, request.body, (input) => legacyChannel(sim.createChannel(input))),
  );
  api.get<ById>('/channels/:id', async (request, reply) =>
    reply.send(legacyChannel(sim.channel(request.params.id))),
  );
  api.put<ById>('/channels/:id', async (request, reply) =>
    validated(reply, request.body, (input) =>
      legacyChannel(sim.updateChannel(request.params.id, input)),
    ),
  );
  api.delete<ById>('/channels/:id', async (request, reply) => {
    sim.deleteChannel(request.params.id);
    return reply.code(204).send();
  });
}

function conversationRoutes(api: FastifyInstance, sim: ContactCenterSimulator) {
  api.post('/conversations', async (request, reply) => {
    // The OAS requires `user` but defines `customer`, which real clients send.
    const body = required(request.body, ['channelId']);
    const customer = body.customer ?? body.user;
    if (!isRecord(customer)) throw new SimulatorError(400, 'customer: May not be empty.');
    const conversation = sim.createConversation({
      api: 'legacy',
      channelId: String(body.channelId),
      ...readCustomer(customer),
      history: list(isRecord(body.history) ? body.history.messages : undefined)
        .filter(isRecord)
        .map((message) => ({
          text: String(message.text ?? ''),
          type: message.type === 'bot' ? ('bot' as const) : ('user' as const),
        })),
    });
    await sim.earlyWebhooksAnswered(conversation.id);
    return reply
      .code(202)
      .send({ conversationId: conversation.id, timestamp: Date.parse(conversation.createdAt) });
  });
  api.get<{ Querystring: Query }>('/conversations', async (request, reply) => {
    const { status = 'all' } = request.query;
    const channelId = request.query['channel-id'];
    const conversations = [...sim.conversations.values()].filter(
      (conversation) =>
        conversation.api === 'legacy' &&
        (!channelId || conversation.channelId === channelId) &&
        (status === 'all' || statusOf(conversation) === status) &&
        customerMatches(conversation.customer ?? {}, request.query),
    );
    return paged(reply, conversations.map(conversationBody), request.query);
  });
  api.get<ById>('/conversations/:id', async (request, reply) =>
    reply.send(conversationBody(sim.conversation(request.params.id))),
  );
  api.get<ById>('/conversations/:id/participants', async (request, reply) => {
    const conversation = sim.conversation(request.params.id);
    const language = conversation.user.language ?? 'en';
    // The schema says object, an array is what a list of participants needs ([UNCONFIRMED]).
    return reply.send({
      participants: [
        { id: 'customer', type: 'customer', language },
        ...(conversation.agentId ? [{ id: conversation.agentId, type: 'agent', language }] : []),
      ],
    });
  });
  api.delete<ById>('/conversations/:id/participants/customer', async (request, reply) => {
    sim.userLeaves(request.params.id);
    return reply.code(204).send();
  });
  api.get<{ Params: { id: string }; Querystring: { 'interaction-id'?: string } }>(
    '/conversations/:id/messages',
    async (request, reply) => {
      const conversation = sim.conversation(request.params.id);
      const interactionId = request.query['interaction-id'];
      const messages = conversation.messages
        .filter((message) => !interactionId || message.interactionId === interactionId)
        .map((message) => ({
          interactionId: message.interactionId,
          originalText: message.text,
          translatedText: message.text,
          authorType: message.author.type,
          participantId: message.author.id,
        }));
      return reply.send({ messages });
    },
  );
  api.post<ById>('/conversations/:id/messages', async (request, reply) => {
    const body = required(request.body, ['text']);
    const authorType = body.authorType ?? 'user';
    if (authorType !== 'user' && authorType !== 'bot') {
      throw new SimulatorError(400, 'authorType: must be user or bot.');
    }
    sim.userMessage(request.params.id, String(body.text), authorType);
    return reply.code(202).send();
  });
}

/** The flat `customer` map: strings only, at most 30, a known language. */
function readCustomer(customer: Record<string, unknown>) {
  const entries = Object.entries(customer);
  if (entries.length > 30) throw new SimulatorError(400, 'customer: at most 30 properties.');
  if (entries.some(([, value]) => typeof value !== 'string')) {
    throw new SimulatorError(400, 'customer: every value must be a string.');
  }
  const flat = Object.fromEntries(entries) as Record<string, string>;
  if (flat.language !== undefined && !LANGUAGES.has(flat.language)) {
    throw new SimulatorError(
      400,
      `customer.language: ${flat.language} is not a supported language.`,
    );
  }
  return {
    customer: flat,
    user: {
      ...(flat.name ? { name: flat.name } : {}),
      ...(flat.email ? { email: flat.email } : {}),
      ...(flat.phone ? { phone: flat.phone } : {}),
      ...(flat.company ? { company: flat.company } : {}),
      ...(flat.caseId ? { caseId: flat.caseId } : {}),
      ...(flat.language ? { language: flat.language } : {}),
      additionalProperties: entries
        .filter(([key]) => !PREDEFINED.has(key))
        .map(([key, value]) => ({ key, value: String(value) })),
    },
  };
}

function legacyChannel(channel: {
  id: string;
  name: string;
  webHookId: string;
  routingOptions: unknown;
}) {
  return {
    id: channel.id,
    name: channel.name,
    webHookId: channel.webHookId,
    routingOptions: channel.routingOptions,
  };
}

function conversationBody(conversation: SimConversation) {
  return {
    id: conversation.id,
    channelId: conversation.channelId,
    customer: conversation.customer ?? {},
    startTime: conversation.createdAt,
    interactions: conversation.interactions,
  };
}

/**
 * The list's customer filters: `customer.<anyCustomerKey>=value`, and `userId`,
 * whose field the OAS does not name: read here as the customer's `customerId`
 * (or a `userId` key), the reading that lets an integration find its visitor.
 */
function customerMatches(customer: Record<string, string>, query: Query): boolean {
  if (
    query.userId !== undefined &&
    ![customer.customerId, customer.userId].includes(query.userId)
  ) {
    return false;
  }
  return Object.entries(query).every(
    ([name, value]) => !name.startsWith('customer.') || customer[name.slice(9)] === value,
  );
}

/** TransactionStatus, as the list filter reads it: created, pending (queued), handling (an agent has it). */
function statusOf(conversation: SimConversation): string {
  if (conversation.agentId) return 'handling';
  if (conversation.waiting) return 'pending';
  return 'created';
}

/** The legacy list shape: `{data, page:{pageSize,pageIndex,elementCount,pageCount}}`. */
function paged(reply: FastifyReply, items: unknown[], query: Query) {
  const size = Math.min(1000, Math.max(1, Number.parseInt(query.size ?? '20', 10) || 20));
  const index = Math.max(0, Number.parseInt(query.page ?? '0', 10) || 0);
  return reply.send({
    data: items.slice(index * size, (index + 1) * size),
    page: {
      pageSize: size,
      pageIndex: index,
      elementCount: items.length,
      pageCount: Math.ceil(items.length / size),
    },
  });
}
