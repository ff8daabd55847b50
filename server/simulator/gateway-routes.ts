import { randomBytes } from 'node:crypto';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isRecord, type JsonRecord, list, text } from '../upstream/json-read.js';
import {
  type ContactCenterSimulator,
  type SimUser,
  SimulatorError,
} from './contact-center-simulator.js';

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

  // 8x8's JWK endpoints are public: both documented paths serve every key by kid.
  const jwk = async (request: { params: { kid: string } }, reply: FastifyReply) => {
    const key = sim.keys.get(request.params.kid);
    if (!key) {
      return reply
        .code(404)
        .type('application/problem+json')
        .send({
          type: 'ClientError',
          title: 'Resource not found.',
          status: 404,
          detail: `JWKPublic ${request.params.kid} was not found.`,
          resourceType: 'JWKPublic',
          resourceId: request.params.kid,
          instance: 'ResourceNotFound',
        });
    }
    return reply.type('application/json').send(key.jwk);
  };
  app.get<{ Params: { region: string; kid: string } }>('/vcc/:region/chat/v2/jwk/:kid/public', jwk);

  // The storage behind pre-signed attachment URLs (8x8's are on its storage host).
  app.get<{
    Params: { conversationId: string; attachmentId: string };
    Querystring: { signature?: string };
  }>('/files/:conversationId/:attachmentId', async (request, reply) => {
    const { conversationId, attachmentId } = request.params;
    if (!sim.checkUrlSignature(conversationId, attachmentId, request.query.signature ?? '')) {
      return reply.code(403).send();
    }
    const attachment = sim.attachment(sim.conversation(conversationId), attachmentId);
    return reply
      .type(attachment.contentType)
      .header('content-disposition', contentDisposition(attachment.filename))
      .header('access-control-allow-origin', '*')
      .send(attachment.data);
  });
  app.get<{ Params: { kid: string } }>('/chat-gateway/v1/jwk/:kid/public', jwk);

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
          return problem(reply, error.status, {
            message: error.status === 404 ? 'Resource not found' : 'Invalid parameter exception.',
            errors: [
              {
                code: error.status === 404 ? 'resource_not_found' : 'invalid_parameter',
                message: error.message,
              },
            ],
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

      api.get('/webhooks', async (_request, reply) =>
        hal(reply, 'webhooks', [...sim.webhooks.values()], '/chat-gateway/v1/webhooks'),
      );
      api.post('/webhooks', async (request, reply) => {
        const body = required(request.body, ['name', 'uri']);
        const version = text(body.version) ?? text(body.notificationVersion) ?? 'Chat Gateway v1.0';
        return reply
          .code(200)
          .send(sim.createWebhook({ name: String(body.name), uri: String(body.uri), version }));
      });
      api.post('/webhooks/verify', async (request, reply) => {
        const body = required(request.body, ['uri', 'version']);
        const response = await fetch(String(body.uri), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ notificationVersion: body.version, eventType: 'WEB_HOOK_VERIFY' }),
          signal: AbortSignal.timeout(10_000),
        }).catch(() => undefined);
        if (response?.ok) return reply.code(204).send();
        throw new SimulatorError(400, `The webhook at ${String(body.uri)} did not answer 2xx.`);
      });
      api.get('/channels', async (_request, reply) =>
        hal(reply, 'channels', [...sim.channels.values()], '/chat-gateway/v1/channels'),
      );
      api.post('/channels', async (request, reply) => {
        const body = required(request.body, ['name', 'webHookId', 'routingOptions']);
        const routing = isRecord(body.routingOptions) ? body.routingOptions : {};
        const channel = sim.createChannel({
          name: String(body.name),
          webHookId: String(body.webHookId),
          queueId: String(routing.id ?? ''),
        });
        return reply.code(200).send(channel);
      });
      api.get<{ Params: { id: string } }>('/channels/:id', async (request, reply) => {
        const channel = sim.channels.get(request.params.id);
        if (!channel)
          throw new SimulatorError(
            404,
            `Entity of type Channel with id ${request.params.id} was not found.`,
          );
        return reply.type('application/hal+json').send(channel);
      });

      api.post('/conversations', async (request, reply) => {
        const body = required(request.body, ['channelId', 'user']);
        if (!isRecord(body.user)) throw new SimulatorError(400, 'user: must be an object.');
        const assignment = isRecord(body.assignment) ? body.assignment : undefined;
        const conversation = sim.createConversation({
          channelId: String(body.channelId),
          user: readUser(body.user),
          ...(assignment?.type === 'queue' && typeof assignment.id === 'string'
            ? { queueId: assignment.id }
            : {}),
        });
        return reply
          .code(202)
          .send({ conversationId: conversation.id, createdAt: conversation.createdAt });
      });
      api.get<{ Params: { id: string } }>('/conversations/:id', async (request, reply) => {
        const conversation = sim.conversation(request.params.id);
        return reply.type('application/hal+json').send({
          id: conversation.id,
          channelId: conversation.channelId,
          assignment: conversation.agentId
            ? { type: 'agent', id: conversation.agentId }
            : { type: 'queue', id: conversation.queueId },
          user: conversation.user,
          state: conversation.state,
        });
      });
      api.get<{ Params: { id: string } }>('/conversations/:id/messages', async (request, reply) => {
        const conversation = sim.conversation(request.params.id);
        const messages = [...conversation.messages].reverse().map((message) => ({
          ...message,
          author: { ...message.author, removed: false, language: 'en' },
          attachments: [],
          cards: [],
        }));
        return hal(
          reply,
          'messages',
          messages,
          `/chat-gateway/v1/conversations/${conversation.id}/messages`,
        );
      });
      await api.register(fastifyMultipart, { limits: { fileSize: 50 * 1024 * 1024, files: 1 } });
      api.post<{ Params: { id: string } }>(
        '/conversations/:id/attachments',
        async (request, reply) => {
          sim.conversation(request.params.id);
          let file: { filename: string; contentType: string; data: Buffer } | undefined;
          let authorType: unknown;
          for await (const part of request.parts()) {
            if (part.type === 'file' && part.fieldname === 'attachment') {
              file = {
                filename: part.filename,
                contentType: part.mimetype,
                data: await part.toBuffer(),
              };
            } else if (part.type === 'field' && part.fieldname === 'authorType') {
              authorType = part.value;
            }
          }
          if (!file) throw new SimulatorError(400, 'attachment: May not be empty.');
          if (authorType !== 'user' && authorType !== 'bot') {
            throw new SimulatorError(400, 'authorType must be user or bot.');
          }
          const attachment = sim.upload(request.params.id, file);
          return reply.code(200).send({
            id: attachment.id,
            filename: attachment.filename,
            sizeInBytes: attachment.sizeInBytes,
            createdAt: attachment.createdAt,
          });
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
      api.post<{ Params: { id: string } }>(
        '/conversations/:id/messages',
        async (request, reply) => {
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
          sim.userMessage(request.params.id, messageText, authorType, attachmentIds);
          return reply.code(202).send();
        },
      );
      api.post<{ Params: { id: string } }>('/conversations/:id/typing', async (request, reply) => {
        const body = required(request.body, ['authorType']);
        if (body.authorType !== 'user' && body.authorType !== 'bot') {
          throw new SimulatorError(400, 'authorType must be user or bot.');
        }
        sim.userTyping(request.params.id);
        return reply.code(204).send();
      });
      api.patch<{ Params: { id: string } }>(
        '/conversations/:id/participants/user',
        async (request, reply) => {
          const body = required(request.body, ['removed']);
          if (body.removed !== true) throw new SimulatorError(400, 'removed: must be true.');
          sim.userLeaves(request.params.id);
          return reply.code(204).send();
        },
      );
    },
    { prefix: '/chat-gateway/v1' },
  );
}

function contentDisposition(filename: string) {
  return `attachment; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

function problem(reply: FastifyReply, status: number, body: unknown) {
  return reply.code(status).type('application/problem+json').send(body);
}

function referenceId() {
  return randomBytes(8).toString('hex');
}

/** 8x8's HAL list shape: `_embedded`, `_links.self`, and a `page` object. */
function hal(reply: FastifyReply, name: string, items: unknown[], self: string) {
  return reply.type('application/hal+json').send({
    _embedded: { [name]: items },
    _links: { self: { href: self } },
    page: {
      size: 20,
      number: 0,
      totalElements: items.length,
      totalPages: items.length === 0 ? 0 : 1,
    },
  });
}

function required(body: unknown, fields: string[]): JsonRecord {
  if (!isRecord(body)) throw new SimulatorError(400, 'The request body must be a JSON object.');
  for (const field of fields) {
    if (body[field] === undefined || body[field] === null || body[field] === '') {
      throw new SimulatorError(400, `${field}: May not be empty.`);
    }
  }
  return body;
}

function readUser(user: JsonRecord): SimUser {
  const properties = list(user.additionalProperties)
    .filter(isRecord)
    .map((item) => ({ key: String(item.key), value: String(item.value) }));
  if (properties.length > 30)
    throw new SimulatorError(400, 'additionalProperties: at most 30 items.');
  return { ...user, additionalProperties: properties };
}
