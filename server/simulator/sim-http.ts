import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isRecord, type JsonRecord, text } from '../upstream/json-read.js';
import { type VersionField, verifyWebhook } from './configuration.js';
import type { ContactCenterSimulator } from './contact-center-simulator.js';
import { jwkAnswer } from './signing-key.js';
import { SimulatorError } from './simulator-error.js';

/** Small pieces both simulated APIs share. */

export function problem(reply: FastifyReply, status: number, body: unknown) {
  return reply.code(status).type('application/problem+json').send(body);
}

export function referenceId() {
  return randomBytes(8).toString('hex');
}

export function contentDisposition(filename: string) {
  return `attachment; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The body must be a JSON object with these fields present and not empty (8x8's 400 otherwise). */
export function required(body: unknown, fields: string[]): JsonRecord {
  if (!isRecord(body)) throw new SimulatorError(400, 'The request body must be a JSON object.');
  for (const field of fields) {
    if (body[field] === undefined || body[field] === null || body[field] === '') {
      throw new SimulatorError(400, `${field}: May not be empty.`);
    }
  }
  return body;
}

/** Webhook names are at most 256 characters, channel names 255 (reference §5). */
function checkName(name: unknown, max: number): string {
  if (typeof name !== 'string' || name.length > max) {
    throw new SimulatorError(400, `name: size must be between 1 and ${max}.`);
  }
  return name;
}

function checkUri(uri: unknown): string {
  try {
    const url = new URL(String(uri));
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {}
  throw new SimulatorError(400, 'uri: must be a valid URL.');
}

/**
 * 8x8's JWK endpoints are public: both documented paths (the legacy one every
 * sample uses, and the gateway's) serve every key by kid, in the shape the
 * `jwkShape` variant names (signing-key.ts).
 */
export function jwkRoutes(app: FastifyInstance, sim: ContactCenterSimulator) {
  const jwk = async (request: { params: { kid: string } }, reply: FastifyReply) => {
    const key = sim.keys.get(request.params.kid);
    if (!key) {
      return problem(reply, 404, {
        type: 'ClientError',
        title: 'Resource not found.',
        status: 404,
        detail: `JWKPublic ${request.params.kid} was not found.`,
        resourceType: 'JWKPublic',
        resourceId: request.params.kid,
        instance: 'ResourceNotFound',
      });
    }
    const answer = jwkAnswer(key, sim.faults.variants.current.jwkShape);
    // A JSON string is sent as JSON (quoted), as a server that serialized it twice would.
    return reply.type('application/json').send(JSON.stringify(answer));
  };
  app.get<{ Params: { region: string; kid: string } }>('/vcc/:region/chat/v2/jwk/:kid/public', jwk);
  app.get<{ Params: { kid: string } }>('/chat-gateway/v1/jwk/:kid/public', jwk);
}

/** A webhook create or update body (POST or PUT); `version` is the one this API creates. */
export function webhookInput(body: unknown, version: string, wanted: VersionField = 'either') {
  const input = required(body, ['name', 'uri']);
  const given = {
    version: text(input.version),
    notificationVersion: text(input.notificationVersion),
  };
  if (wanted !== 'either' && given[wanted] === undefined) {
    throw new SimulatorError(400, `${wanted}: May not be empty.`);
  }
  for (const [field, value] of Object.entries(given)) {
    if (value !== undefined && value !== version) {
      throw new SimulatorError(400, `${field}: must be "${version}".`);
    }
  }
  return { name: checkName(input.name, 256), uri: checkUri(input.uri), version };
}

/** A channel create or update body (POST or PUT): routing to a queue is the only option. */
export function channelInput(body: unknown) {
  const input = required(body, ['name', 'webHookId', 'routingOptions']);
  const routing = isRecord(input.routingOptions) ? input.routingOptions : {};
  if (routing.type !== 'queue')
    throw new SimulatorError(400, 'routingOptions.type: must be queue.');
  return {
    name: checkName(input.name, 255),
    webHookId: String(input.webHookId),
    queueId: String(routing.id ?? ''),
  };
}

/**
 * `POST /webhooks/verify` (gateway), `POST /web-hooks/verify` (legacy): 204
 * once the URI answered the hello with 2xx.
 */
export async function verifyRoute(request: { body: unknown }, reply: FastifyReply) {
  const body = required(request.body, ['version', 'uri']);
  if (await verifyWebhook(checkUri(body.uri), String(body.version))) {
    return reply.code(204).send();
  }
  throw new SimulatorError(400, `The webhook at ${String(body.uri)} did not answer 2xx.`);
}

/** The storage behind pre-signed attachment URLs (8x8's are on its storage host). */
export function fileRoutes(app: FastifyInstance, sim: ContactCenterSimulator) {
  app.get<{
    Params: { conversationId: string; attachmentId: string };
    Querystring: { issued?: string; signature?: string };
  }>('/files/:conversationId/:attachmentId', async (request, reply) => {
    const { conversationId, attachmentId } = request.params;
    const check = sim.checkUrl(conversationId, attachmentId, request.query);
    if (check === 'forged') return reply.code(403).send();
    if (check === 'expired') {
      // As a storage service says it (Amazon S3's words).
      return reply
        .code(403)
        .type('application/xml')
        .send('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
    }
    const attachment = sim.attachment(sim.conversation(conversationId), attachmentId);
    return reply
      .type(attachment.contentType)
      .header('content-disposition', contentDisposition(attachment.filename))
      .header('access-control-allow-origin', '*')
      .send(attachment.data);
  });
}
