import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isRecord, type JsonRecord, list } from '../upstream/json-read.js';
import {
  type ContactCenterSimulator,
  GATEWAY_VERSION,
  type SimConversation,
  type SimUser,
  SimulatorError,
} from './contact-center-simulator.js';
import { fiqlFilter } from './fiql.js';
import {
  channelInput,
  contentDisposition,
  problem,
  referenceId,
  required,
  verifyRoute,
  webhookInput,
} from './sim-http.js';

type Query = { size?: string; page?: string; sort?: string; filter?: string };
type ById = { Params: { id: string }; Querystring: Query };

const PREFIX = '/chat-gateway/v1';

/**
 * The Chat Gateway v1 wire API as 8x8 serves it: same paths, headers, status
 * codes and bodies as ../shared/reference/8x8-chat-apis.md §2.2, HAL answers,
 * problem+json errors.
 */
export async function gatewayRoutes(
  app: FastifyInstance,
  options: { simulator: ContactCenterSimulator },
) {
  const sim = options.simulator;
  await app.register(
    async (api) => {
      api.addHook('onRequest', async (request, reply) => {
        if (request.url.includes('/jwk/')) return;
        if (request.headers['x-api-key'] !== sim.apiKey) {
          return problem(reply, 401, {
            message: 'Access Denied',
            errors: [{ message: 'Access Denied', code: 'access_denied' }],
            referenceId: referenceId(),
          });
        }
        const tenant = request.headers['x-8x8-tenant'];
        if (tenant !== undefined && tenant !== sim.tenantId) {
          return problem(reply, 403, {
            message: 'The tenant does not belong to customer.',
            errors: [
              `Header X-8x8-Tenant doesn't match tenant information for customerId=${sim.customerId}`,
            ],
          });
        }
      });
      api.setErrorHandler((error, _request, reply) => {
        if (error instanceof SimulatorError) {
          if (error.status === 404) {
            return problem(reply, 404, {
              message: 'Resource not found',
              errors: [{ code: 'resource_not_found', message: error.message }],
            });
          }
          return problem(reply, error.status, {
            message: 'Invalid parameter exception.',
            errors: [{ code: 'invalid_parameter', message: error.message }],
            referenceId: referenceId(),
          });
        }
        const status = (error as { statusCode?: number }).statusCode ?? 500;
        return problem(reply, status, {
          message: status < 500 ? 'Bad request.' : 'Internal error.',
          errors: [
            {
              code: status < 500 ? 'invalid_json_object' : 'internal_error',
              message: (error as Error).message,
            },
          ],
          referenceId: referenceId(),
        });
      });

      configurationRoutes(api, sim);
      conversationRoutes(api, sim);
      await attachmentRoutes(api, sim);
    },
    { prefix: PREFIX },
  );
}

function configurationRoutes(api: FastifyInstance, sim: ContactCenterSimulator) {
  resourceRoutes(api, 'webhooks', {
    all: () => [...sim.webhooks.values()],
    input: (body) => webhookInput(body, GATEWAY_VERSION, sim.webhookVersionField),
    create: (input) => sim.createWebhook(input),
    read: (id) => sim.webhook(id),
    update: (id, input) => sim.updateWebhook(id, input),
    remove: (id) => sim.deleteWebhook(id),
  });
  api.post('/webhooks/verify', verifyRoute);
  resourceRoutes(api, 'channels', {
    all: () => [...sim.channels.values()],
    input: (body) => {
      if (isRecord(body) && body.type !== undefined && body.type !== 'ChatAPI') {
        throw new SimulatorError(
          400,
          'type: only ChatAPI channels can be created through the API.',
        );
      }
      return channelInput(body);
    },
    create: (input) => sim.createChannel(input),
    read: (id) => sim.channel(id),
    update: (id, input) => sim.updateChannel(id, input),
    remove: (id) => sim.deleteChannel(id),
  });
}

/** A configuration resource as the simulator keeps it. */
interface Resource<Input> {
  all(): unknown[];
  /** The request body, checked: throws a SimulatorError where 8x8 answers 400. */
  input(body: unknown): Input;
  create(input: Input): unknown;
  read(id: string): unknown;
  update(id: string, input: Input): unknown;
  remove(id: string): void;
}

/** The five routes the Chat Gateway gives webhooks and channels alike: list, create, read, replace, delete. */
function resourceRoutes<Input>(
  api: FastifyInstance,
  name: 'webhooks' | 'channels',
  resource: Resource<Input>,
) {
  const path = `/${name}`;
  api.get<{ Querystring: Query }>(path, async (request, reply) =>
    hal(reply, name, resource.all(), path, request.query),
  );
  api.post(path, async (request, reply) =>
    reply.code(200).send(resource.create(resource.input(request.body))),
  );
  api.get<ById>(`${path}/:id`, async (request, reply) =>
    reply.type('application/hal+json').send(resource.read(request.params.id)),
  );
  api.put<ById>(`${path}/:id`, async (request, reply) =>
    reply.send(resource.update(request.params.id, resource.input(request.body))),
  );
  api.delete<ById>(`${path}/:id`, async (request, reply) => {
    resource.remove(request.params.id);
    return reply.code(204).send();
  });
}

function conversationRoutes(api: FastifyInstance, sim: ContactCenterSimulator) {
  api.post('/conversations', async (request, reply) => {
    const body = required(request.body, ['channelId', 'user']);
    if (!isRecord(body.user)) throw new SimulatorError(400, 'user: must be an object.');
    const assignment = isRecord(body.assignment) ? body.assignment : undefined;
    if (assignment && assignment.type !== 'queue' && assignment.type !== 'script') {
      throw new SimulatorError(400, 'assignment.type: must be queue or script.');
    }
    const conversation = sim.createConversation({
      channelId: String(body.channelId),
      user: readUser(body.user),
      history: readHistory(body.history),
      // A script hands the chat to a chat script; the simulator's scripts route to the channel's queue.
      ...(assignment?.type === 'queue' && typeof assignment.id === 'string'
        ? { queueId: assignment.id }
        : {}),
    });
    await sim.earlyWebhooksAnswered(conversation.id);
    return reply
      .code(202)
      .send({ conversationId: conversation.id, createdAt: conversation.createdAt });
  });
  api.get<{ Querystring: Query }>('/conversations', async (request, reply) =>
    hal(
      reply,
      'conversations',
      [...sim.conversations.values()].map(conversationBody),
      '/conversations',
      request.query,
    ),
  );
  api.get<ById>('/conversations/:id', async (request, reply) =>
    reply.type('application/hal+json').send(conversationBody(sim.conversation(request.params.id))),
  );
  api.get<ById>('/conversations/:id/interactions', async (request, reply) => {
    const conversation = sim.conversation(request.params.id);
    return hal(
      reply,
      'interactions',
      conversation.interactions,
      `/conversations/${conversation.id}/interactions`,
      request.query,
    );
  });
  api.get<ById>('/conversations/:id/participants', async (request, reply) => {
    const conversation = sim.conversation(request.params.id);
    const language = conversation.user.language ?? 'en';
    const participants = [
      { id: 'user', removed: conversation.userRemoved, type: 'user', language },
      ...(conversation.agentId
        ? [{ id: conversation.agentId, removed: false, type: 'agent', language }]
        : []),
    ];
    return hal(
      reply,
      'participants',
      participants,
      `/conversations/${conversation.id}/participants`,
      request.query,
    );
  });
  api.patch<ById>('/conversations/:id/participants/user', async (request, reply) => {
    const body = required(request.body, ['removed']);
    if (body.removed !== true) throw new SimulatorError(400, 'removed: must be true.');
    sim.userLeaves(request.params.id);
    return reply.code(204).send();
  });
  api.get<ById>('/conversations/:id/messages', async (request, reply) => {
    const conversation = sim.conversation(request.params.id);
    const sort = request.query.sort ?? 'createdAt:desc';
    if (!/^createdAt(:(asc|desc))?$/.test(sort)) {
      throw new SimulatorError(400, 'sort: only createdAt is allowed.');
    }
    const messages = conversation.messages.map((message) => messageBody(conversation, message));
    if (!sort.endsWith(':asc')) messages.reverse();
    return hal(
      reply,
      'messages',
      messages,
      `/conversations/${conversation.id}/messages`,
      request.query,
    );
  });
  api.get<{ Params: { id: string; messageId: string } }>(
    '/conversations/:id/messages/:messageId',
    async (request, reply) => {
      const conversation = sim.conversation(request.params.id);
      const message = conversation.messages.find((item) => item.id === request.params.messageId);
      if (!message)
        throw new SimulatorError(
          404,
          `Resource of type Message with id ${request.params.messageId} was not found.`,
        );
      return reply.type('application/hal+json').send(messageBody(conversation, message));
    },
  );
  api.post<ById>('/conversations/:id/messages', async (request, reply) => {
    const body = required(request.body, ['authorType']);
    const authorType = body.authorType;
    if (authorType !== 'user' && authorType !== 'bot') {
      return problem(reply, 400, {
        message: `Invalid authorType=${String(authorType)}, has to be one of user, bot, agent`,
        errors: { code: 'invalid_json_object', message: 'authorType is invalid' },
        referenceId: referenceId(),
      });
    }
    const attachmentIds = list(body.attachments).map((item) =>
      String(isRecord(item) ? item.id : ''),
    );
    const messageText = typeof body.text === 'string' ? body.text : '';
    if (messageText === '' && attachmentIds.length === 0) {
      throw new SimulatorError(400, 'text: May not be empty.');
    }
    const cards = list(body.cards).filter(isRecord);
    sim.userMessage(request.params.id, messageText, authorType, attachmentIds, cards);
    return reply.code(202).send();
  });
  api.post<ById>('/conversations/:id/read-receipt', async (request, reply) => {
    const body = required(request.body, ['authorType', 'readAt']);
    if (body.authorType !== 'user' && body.authorType !== 'bot') {
      throw new SimulatorError(400, 'authorType must be user or bot.');
    }
    if (typeof body.readAt !== 'number' || !Number.isFinite(body.readAt) || body.readAt <= 0) {
      throw new SimulatorError(400, 'readAt must be epoch milliseconds.');
    }
    sim.userRead(request.params.id, body.readAt);
    return reply.code(204).send();
  });
  api.post<ById>('/conversations/:id/typing', async (request, reply) => {
    const body = required(request.body, ['authorType']);
    if (body.authorType !== 'user' && body.authorType !== 'bot') {
      throw new SimulatorError(400, 'authorType must be user or bot.');
    }
    sim.userTyping(request.params.id);
    return reply.code(204).send();
  });
}

async function attachmentRoutes(api: FastifyInstance, sim: ContactCenterSimulator) {
  await api.register(fastifyMultipart, { limits: { fileSize: 50 * 1024 * 1024, files: 1 } });
  api.post<ById>('/conversations/:id/attachments', async (request, reply) => {
    sim.conversation(request.params.id);
    let file: { filename: string; contentType: string; data: Buffer } | undefined;
    let authorType: unknown;
    for await (const part of request.parts()) {
      if (part.type === 'file' && part.fieldname === 'attachment') {
        file = { filename: part.filename, contentType: part.mimetype, data: await part.toBuffer() };
      } else if (part.type === 'field' && part.fieldname === 'authorType') {
        authorType = part.value;
      }
    }
    if (!file) throw new SimulatorError(400, 'attachment: May not be empty.');
    if (authorType !== 'user' && authorType !== 'bot') {
      throw new SimulatorError(400, 'authorType must be user or bot.');
    }
    return reply.code(200).send(attachmentBody(sim.upload(request.params.id, file)));
  });
  api.get<ById>('/conversations/:id/attachments', async (request, reply) => {
    const conversation = sim.conversation(request.params.id);
    return hal(
      reply,
      'attachments',
      conversation.attachments.map(attachmentBody),
      `/conversations/${conversation.id}/attachments`,
      request.query,
    );
  });
  api.get<{ Params: { id: string; attachmentId: string } }>(
    '/conversations/:id/attachments/:attachmentId',
    async (request, reply) => {
      const conversation = sim.conversation(request.params.id);
      return reply
        .type('application/hal+json')
        .send(attachmentBody(sim.attachment(conversation, request.params.attachmentId)));
    },
  );
  api.get<{ Params: { id: string; attachmentId: string } }>(
    '/conversations/:id/attachments/:attachmentId/content',
    async (request, reply) => {
      const conversation = sim.conversation(request.params.id);
      const attachment = sim.attachment(conversation, request.params.attachmentId);
      return reply
        .type('application/octet-stream')
        .header('content-disposition', contentDisposition(attachment.filename))
        .send(attachment.data);
    },
  );
}

function conversationBody(conversation: SimConversation) {
  return {
    id: conversation.id,
    channelId: conversation.channelId,
    assignment: conversation.agentId
      ? { type: 'agent', id: conversation.agentId }
      : { type: 'queue', id: conversation.queueId },
    user: conversation.user,
    state: conversation.state,
  };
}

function messageBody(conversation: SimConversation, message: SimConversation['messages'][number]) {
  return {
    id: message.id,
    text: message.text,
    createdAt: message.createdAt,
    author: {
      ...message.author,
      removed: message.author.type === 'user' && conversation.userRemoved,
      language: conversation.user.language ?? 'en',
    },
    attachments: message.attachmentIds.map((id) => ({ id })),
    cards: message.cards,
  };
}

function attachmentBody(attachment: {
  id: string;
  filename: string;
  sizeInBytes: number;
  createdAt: string;
}) {
  return {
    id: attachment.id,
    filename: attachment.filename,
    sizeInBytes: attachment.sizeInBytes,
    createdAt: attachment.createdAt,
  };
}

/**
 * 8x8's HAL list shape: `_embedded`, `_links.self`, and a `page` object; `size`
 * and `page` page it, after `filter` (FIQL, fiql.ts) picked the items.
 */
function hal(reply: FastifyReply, name: string, all: unknown[], self: string, query: Query) {
  const items = all.filter(fiqlFilter(query.filter));
  const size = clamp(Number(query.size ?? 20), 1, 1000, 20);
  const number = clamp(Number(query.page ?? 0), 0, Number.MAX_SAFE_INTEGER, 0);
  return reply.type('application/hal+json').send({
    _embedded: { [name]: items.slice(number * size, (number + 1) * size) },
    _links: { self: { href: `${PREFIX}${self}` } },
    page: {
      size,
      number,
      totalElements: items.length,
      totalPages: Math.ceil(items.length / size),
    },
  });
}

function clamp(value: number, min: number, max: number, fallback: number) {
  if (!Number.isInteger(value)) return fallback;
  return Math.min(max, Math.max(min, value));
}

function readUser(user: JsonRecord): SimUser {
  const properties = list(user.additionalProperties).filter(isRecord);
  if (properties.length > 30) {
    throw new SimulatorError(400, 'additionalProperties: at most 30 items.');
  }
  if (properties.some((item) => typeof item.key !== 'string' || typeof item.value !== 'string')) {
    throw new SimulatorError(400, 'additionalProperties: key and value are required.');
  }
  return {
    ...user,
    additionalProperties: properties.map((item) => ({
      key: String(item.key),
      value: String(item.value),
    })),
  };
}

function readHistory(history: unknown): { text: string; type: 'user' | 'bot' }[] {
  const messages = list(isRecord(history) ? history.messages : undefined).filter(isRecord);
  if (messages.length > 200) throw new SimulatorError(400, 'history.messages: at most 200 items.');
  return messages.map((message) => ({
    text: String(message.text ?? ''),
    type: message.authorType === 'bot' ? 'bot' : 'user',
  }));
}
